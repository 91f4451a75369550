package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each app can check its own access tokens: the realm export gives every app client an audience mapper
 * for its own client id, so the token's {@code aud} names the app and the app's token introspection
 * (with its own credentials) says the token is active and for it.
 */
class TokenAudienceIT {

    private static final String REALM = "/admin/realms/helpdesk";

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final String kc = stack.keycloak().baseUrl();
    private final List<String> emails = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        emails.forEach(e -> admin.deleteUsersByEmail("helpdesk", e));
    }

    @Test
    @DisplayName("Given an end user signed in by a handoff, the access token of each end-user app is for that app, and the app's introspection says so")
    void endUserAppsGetTokensForThemselves() throws Exception {
        HttpClient browser = LoopbackHttp.client(HttpClient.Redirect.NEVER);
        String user = email("acme.test");
        HttpResponse<String> handoff = post(browser, kc + "/realms/helpdesk/orgsso/jwt/acme",
                Map.of("jwt", HandoffTokens.sign(HandoffTokens.claims(user), TestStack.DEMO_JWT_SECRET)));
        assertEquals(303, handoff.statusCode(), handoff.body());
        for (String app : List.of("main-app", "widget", "knowledgebase", "portal")) {
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            // The SSO session answers the authorization request with a code straight away.
            assertTokenIsFor(app, redeem(browser, app, toApp(browser, authorization(app, verifier)), verifier));
        }
    }

    @Test
    @DisplayName("Given an agent signed in with a password at agent-app, the access token is for agent-app, and its introspection says so")
    void agentAppGetsTokensForItself() throws Exception {
        String agent = email("helpdesk.test");
        assertEquals(201, admin.send("POST", REALM + "/users", Map.of("username", agent, "email", agent, "enabled", true,
                "emailVerified", true, "firstName", "Ada", "lastName", "Agent",
                "credentials", List.of(Map.of("type", "password", "value", "ada-password-1", "temporary", false)))).statusCode());
        String id = admin.usersByEmail("helpdesk", agent).get(0).get("id").asText();
        assertEquals(204, admin.send("POST", REALM + "/users/" + id + "/role-mappings/realm",
                List.of(Map.of("id", admin.get(REALM + "/roles/agent").get("id").asText(), "name", "agent"))).statusCode());

        LoopbackHttp loginPage = new LoopbackHttp();
        HttpClient browser = loginPage.http();
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        HttpResponse<String> login = loginPage.get(authorization("agent-app", verifier).toString()).response();
        String action = OrganisationForm.attr(login.body(), "id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
        HttpResponse<String> signedIn = post(browser, action, Map.of("username", agent, "password", "ada-password-1"));
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        assertTokenIsFor("agent-app", redeem(browser, "agent-app",
                URI.create(signedIn.headers().firstValue("Location").orElseThrow()), verifier));
    }

    private void assertTokenIsFor(String app, String accessToken) throws Exception {
        JsonNode claims = AdminClient.JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        assertTrue(audience(claims).contains(app), app + " in the access token's aud: " + claims.get("aud"));

        HttpResponse<String> r = post(HttpClient.newHttpClient(), kc + "/realms/helpdesk/protocol/openid-connect/token/introspect",
                Map.of("token", accessToken, "client_id", app, "client_secret", OrgSsoStack.DEFAULT_APP_CLIENT_SECRET));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode introspection = AdminClient.JSON.readTree(r.body());
        assertTrue(introspection.path("active").asBoolean(), app + "'s introspection: " + r.body());
        assertTrue(audience(introspection).contains(app), app + " in the introspection's aud: " + r.body());
    }

    private static List<String> audience(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        List<String> all = new ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(a -> all.add(a.asText()));
        } else if (aud.isTextual()) {
            all.add(aud.asText());
        }
        return all;
    }

    /** The app's authorization request, as the demo app sends it (code flow, PKCE). */
    private URI authorization(String app, String verifier) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", app);
        q.put("redirect_uri", callback(app));
        q.put("response_type", "code");
        q.put("scope", "openid");
        q.put("state", UUID.randomUUID().toString());
        q.put("code_challenge", DemoApp.challenge(verifier));
        q.put("code_challenge_method", "S256");
        return URI.create(kc + "/realms/helpdesk/protocol/openid-connect/auth?" + DemoApp.form(q));
    }

    /** Follows Keycloak's redirects up to the one that leaves Keycloak (for the app's callback); where it points. */
    private URI toApp(HttpClient http, URI at) throws Exception {
        for (int hops = 0; hops < 10; hops++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(at).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(3, r.statusCode() / 100, "a redirect from " + at + ":\n" + r.body());
            at = at.resolve(r.headers().firstValue("Location").orElseThrow());
            if (!at.toString().startsWith(kc)) {
                return at;
            }
        }
        throw new AssertionError("still at Keycloak after 10 redirects: " + at);
    }

    /** What the app's callback does with the code Keycloak sent it there with: the access token. */
    private String redeem(HttpClient http, String app, URI atCallback, String verifier) throws Exception {
        assertTrue(atCallback.toString().startsWith(callback(app) + "?"), "at " + app + "'s callback: " + atCallback);
        String code = DemoApp.query(atCallback.getRawQuery()).get("code");
        HttpResponse<String> token = post(http, kc + "/realms/helpdesk/protocol/openid-connect/token", Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", callback(app), "client_id", app,
                "client_secret", OrgSsoStack.DEFAULT_APP_CLIENT_SECRET, "code_verifier", verifier));
        assertEquals(200, token.statusCode(), token.body());
        return AdminClient.JSON.readTree(token.body()).get("access_token").asText();
    }

    private String callback(String app) {
        return stack.app().url() + "/" + app + "/callback";
    }

    private String email(String domain) {
        String e = "aud-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        emails.add(e);
        return e;
    }

    private static HttpResponse<String> post(HttpClient http, String url, Map<String, String> form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(form))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
