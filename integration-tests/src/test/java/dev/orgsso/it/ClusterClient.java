package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.KeycloakServer;
import dev.orgsso.testkit.LoopbackHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user's JavaScript-less browser in front of the cluster, where the test plays the load balancer and
 * picks the node for each request. Keycloak's pages and redirects carry the public URL (node A's, the
 * {@code --hostname}); a request "on node B" goes to node B's port instead. Cookies are scoped by host,
 * not port (RFC 6265; the JDK's cookie store does the same), so both nodes get the cookies either set,
 * as they would behind one hostname.
 */
final class ClusterClient {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final String publicUrl;
    private final String appUrl;
    private final HttpClient http = LoopbackHttp.client(HttpClient.Redirect.NEVER);
    private final String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();

    ClusterClient(String publicUrl, String appUrl) {
        this.publicUrl = publicUrl;
        this.appUrl = appUrl;
    }

    String callback(String app) {
        return appUrl + "/" + app + "/callback";
    }

    /** The help desk app's authorization request (code flow with PKCE, as the demo app sends it). */
    String authorizationUrl(String app, String extraQuery) {
        String challenge;
        try {
            challenge = B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return publicUrl + "/realms/helpdesk/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=" + app
                + "&redirect_uri=" + URLEncoder.encode(callback(app), StandardCharsets.UTF_8) + "&state=" + UUID.randomUUID()
                + "&code_challenge=" + challenge + "&code_challenge_method=S256" + extraQuery;
    }

    HttpResponse<String> get(KeycloakServer node, String url) {
        return send(HttpRequest.newBuilder(on(node, url)).GET());
    }

    HttpResponse<String> post(KeycloakServer node, String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(on(node, url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(form))));
    }

    /** Follows Keycloak's redirects on that node; stops at a page, or at a redirect that leaves Keycloak. */
    HttpResponse<String> follow(KeycloakServer node, HttpResponse<String> r) {
        for (int hops = 0; hops < 15 && r.statusCode() / 100 == 3 && location(r).startsWith(publicUrl); hops++) {
            r = get(node, location(r));
        }
        return r;
    }

    /** The app's callback got the code: it redeems it on this node; returns the token response. */
    JsonNode redeem(KeycloakServer node, HttpResponse<String> toApp, String app) {
        String location = location(toApp);
        assertTrue(location.startsWith(callback(app) + "?"), "a redirect to the app's callback: " + toApp.statusCode() + " " + location
                + "\n" + toApp.body());
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);
        return json(post(node, publicUrl + "/realms/helpdesk/protocol/openid-connect/token", Map.of("grant_type", "authorization_code",
                "code", code.group(1), "redirect_uri", callback(app), "client_id", app, "client_secret", appSecret(),
                "code_verifier", verifier)));
    }

    JsonNode refresh(KeycloakServer node, String refreshToken, String app) {
        return json(refreshAnswer(node, refreshToken, app));
    }

    /** The token endpoint's answer to a refresh, as it is (a refused refresh is a 400, not a failure here). */
    HttpResponse<String> refreshAnswer(KeycloakServer node, String refreshToken, String app) {
        return post(node, publicUrl + "/realms/helpdesk/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", app, "client_secret", appSecret()));
    }

    static JsonNode idTokenClaims(JsonNode tokens) {
        assertTrue(tokens.hasNonNull("id_token"), tokens.toString());
        try {
            return AdminClient.JSON.readTree(Base64.getUrlDecoder().decode(tokens.get("id_token").asText().split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElse("");
    }

    /** The action of the form with this id on a page, unescaped. */
    static String formAction(HttpResponse<String> page, String formId) {
        return attribute(page, formId, "action");
    }

    static String linkHref(HttpResponse<String> page, String id) {
        return attribute(page, id, "href");
    }

    private static String attribute(HttpResponse<String> page, String id, String attribute) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*" + attribute + "=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), "no #" + id + " with " + attribute + " on the page (" + page.statusCode() + " " + page.uri() + "):\n" + page.body());
        return m.group(1).replace("&amp;", "&");
    }

    private URI on(KeycloakServer node, String url) {
        assertTrue(url.startsWith(publicUrl), "a Keycloak URL: " + url);
        return URI.create(node.baseUrl() + url.substring(publicUrl.length()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertTrue(r.statusCode() == 200, r.statusCode() + " " + r.body());
        try {
            return AdminClient.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String appSecret() {
        return System.getenv().getOrDefault("ORGSSO_APP_CLIENT_SECRET", dev.orgsso.testkit.OrgSsoStack.DEFAULT_APP_CLIENT_SECRET);
    }
}
