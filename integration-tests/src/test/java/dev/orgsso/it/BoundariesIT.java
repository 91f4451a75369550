package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.it.pages.InfoPage;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.FakeIdentityProviders.Issuer;
import dev.orgsso.testkit.FakeIdentityProviders.Shape;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The boundaries between customers and between audiences, on every sign-in path next to the ones the
 * features were built for: each test is one way through that an outside review found open.
 */
class BoundariesIT {

    private static final String REALM = "/admin/realms/helpdesk";
    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final String kc = stack.keycloak().baseUrl();
    private final List<String> emails = new ArrayList<>();
    private final List<String> orgIds = new ArrayList<>();
    private final List<String> idps = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        emails.forEach(e -> admin.deleteUsersByEmail("helpdesk", e));
        idps.forEach(a -> admin.send("DELETE", REALM + "/identity-provider/instances/" + a, null));
        orgIds.forEach(id -> admin.send("DELETE", REALM + "/organizations/" + id, null));
    }

    private String email(String domain) {
        String e = "b-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        emails.add(e);
        return e;
    }

    /** A new organisation with one verified domain (its alias + ".test"); returns its id. */
    private String organisation(String alias) {
        HttpResponse<String> r = admin.send("POST", REALM + "/organizations", Map.of("name", alias, "alias", alias, "enabled", true,
                "domains", List.of(Map.of("name", alias + ".test", "verified", true))));
        assertEquals(201, r.statusCode(), r.body());
        String id = r.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        orgIds.add(id);
        return id;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> handoff(LoopbackHttp http, String email) throws Exception {
        return handoffToken(http, HandoffTokens.sign(HandoffTokens.claims(email), TestStack.DEMO_JWT_SECRET));
    }

    private HttpResponse<String> handoffToken(LoopbackHttp http, String token) throws Exception {
        return http.postOnce(kc + "/realms/helpdesk/orgsso/jwt/acme", Map.of("jwt", token));
    }

    /** A fresh JavaScript-less browser. */
    private static LoopbackHttp browserlessClient() {
        return new LoopbackHttp();
    }

    /** The app's login page, then its username and password form submitted; the page that follows. */
    private <P> P typePassword(Browser b, String app, String username, String password, Function<Browser, P> next) {
        return b.open(stack.app().loginUrl(app), LoginPage::new).signIn(username, password, next);
    }

    /** A local account with a password and no organisation; its id. */
    private String userWithPassword(String email, String password) {
        assertEquals(201, admin.send("POST", REALM + "/users", Map.of("username", email, "email", email, "enabled", true,
                "emailVerified", true, "firstName", "Pat", "lastName", "Local",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)))).statusCode());
        return admin.usersByEmail("helpdesk", email).get(0).get("id").asText();
    }

    /** The realm role agent, as a role-mapping body. */
    private List<Map<String, String>> agentRole() {
        return List.of(Map.of("id", admin.get(REALM + "/roles/agent").get("id").asText(), "name", "agent"));
    }

    private String acmeId() {
        return admin.organization("helpdesk", "acme").get("id").asText();
    }

    /** Sets (or with null removes) an attribute of the acme organisation, for the length of one test. */
    private void acmeAttribute(String name, String value) {
        JsonNode org = admin.get(REALM + "/organizations/" + acmeId());
        ObjectNode attributes = org.has("attributes") && org.get("attributes").isObject()
                ? (ObjectNode) org.get("attributes") : ((ObjectNode) org).putObject("attributes");
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.putArray(name).add(value);
        }
        HttpResponse<String> r = admin.send("PUT", REALM + "/organizations/" + acmeId(), org.toString());
        assertEquals(204, r.statusCode(), r.body());
    }

    private JsonNode events(String type, String email) {
        JsonNode users = admin.usersByEmail("helpdesk", email);
        String user = users.isEmpty() ? "" : "&user=" + users.get(0).get("id").asText();
        return admin.get(REALM + "/events?type=" + type + user + "&max=50");
    }

    private static boolean anyError(JsonNode events, String error) {
        for (JsonNode e : events) {
            if (error.equals(e.path("error").asText())) {
                return true;
            }
        }
        return false;
    }

    @Nested
    @DisplayName("One customer cannot take another customer's users")
    class Tenants {

        @Test
        @DisplayName("Given acme's handoff secret, a user of globex's verified domain or of the agents' domain is refused and not created")
        void handoffCannotSquatAnotherOrganisationsDomain() throws Exception {
            String globex = unique("globex");
            organisation(globex);
            for (String victim : List.of(email(globex + ".test"), email("helpdesk.test"), email(unique("elsewhere") + ".test"))) {
                HttpResponse<String> r = handoff(browserlessClient(), victim);
                assertEquals(403, r.statusCode(), victim + ": " + r.body());
                assertTrue(r.body().contains("email_domain_not_allowed"), r.body());
                assertEquals(0, admin.usersByEmail("helpdesk", victim).size(), "nothing created for " + victim);
            }
        }

        @Test
        @DisplayName("Given acme opted in to other domains, a contractor's email is handed over unverified, another customer's still never")
        void optInToOtherDomainsNeverCoversAnotherOrganisation() throws Exception {
            String globex = unique("globex");
            organisation(globex);
            String contractor = email(unique("contractor") + ".test");
            String contractorToken = HandoffTokens.sign(HandoffTokens.claims(contractor), TestStack.DEMO_JWT_SECRET);
            assertEquals(403, handoffToken(browserlessClient(), contractorToken).statusCode(), "not before acme opts in");
            acmeAttribute("orgsso.allowOtherDomains", "true");
            try {
                assertEquals(303, handoffToken(browserlessClient(), contractorToken).statusCode(), "the refused token was not used up");
                assertFalse(admin.usersByEmail("helpdesk", contractor).get(0).get("emailVerified").asBoolean(),
                        "a handoff does not vouch for a domain acme does not own");
                String bob = email(globex + ".test");
                assertEquals(403, handoff(browserlessClient(), bob).statusCode());
                assertEquals(0, admin.usersByEmail("helpdesk", bob).size());
            } finally {
                acmeAttribute("orgsso.allowOtherDomains", null);
            }
            String own = email("acme.test");
            assertEquals(303, handoff(browserlessClient(), own).statusCode());
            assertTrue(admin.usersByEmail("helpdesk", own).get(0).get("emailVerified").asBoolean(), "acme's own verified domain");
        }

        @Test
        @DisplayName("Given an organisation's own IdP, it cannot sign up a user of another organisation's verified domain")
        void anIdpCannotSquatAnotherOrganisationsDomain() throws Exception {
            String globex = unique("globex");
            organisation(globex);
            String alias = unique("hooli");
            HandMade idp = handMadeIdp(alias);
            Issuer issuer = idp.issuer();
            String bob = email(globex + ".test");
            issuer.signIn(Map.of("sub", unique("sub"), "email", bob, "email_verified", true, "given_name", "Bob", "family_name", "Globex"));
            try (Browser b = new Browser("BoundariesIT-idp-squat")) {
                RefusalPage refused = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, RefusalPage::new);
                assertTrue(refused.source().contains("cannot sign in this email address here"), refused.source());
                b.screenshot("email-domain-not-allowed");
            }
            assertEquals(0, admin.usersByEmail("helpdesk", bob).size(), "nothing created");
            JsonNode refused = admin.get(REALM + "/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=100");
            assertTrue(anyError(refused, "email_domain_not_allowed"), "an email_domain_not_allowed event");
        }

        private record HandMade(String alias, Issuer issuer) {
        }

        /** An organisation (alias + ".test" verified) with an OIDC IdP made as the admin console makes it. */
        private HandMade handMadeIdp(String alias) {
            String orgId = organisation(alias);
            Issuer issuer = TestStack.idps().issuer(Shape.OIDC, "/" + alias).client("hand-made", "hand-made-secret");
            String idpAlias = "oidc-" + orgId;
            // What the admin console's "OpenID Connect v1.0" form sends with its defaults: no flows, no
            // pack settings, shown on the login page, email not trusted.
            HttpResponse<String> created = admin.send("POST", REALM + "/identity-provider/instances", Map.of("alias", idpAlias,
                    "displayName", "By hand " + alias, "providerId", "oidc", "enabled", true, "config", Map.of(
                            "clientId", "hand-made", "clientSecret", "hand-made-secret", "clientAuthMethod", "client_secret_post",
                            "authorizationUrl", issuer.url() + "/authorize", "tokenUrl", issuer.url() + "/token",
                            "issuer", issuer.url(), "defaultScope", "openid email profile")));
            assertEquals(201, created.statusCode(), created.body());
            idps.add(idpAlias);
            assertEquals(204, admin.send("POST", REALM + "/organizations/" + orgId + "/identity-providers", idpAlias).statusCode());
            return new HandMade(idpAlias, issuer);
        }

        @Test
        @DisplayName("Given an IdP made by hand with Keycloak's defaults, linked to an organisation, the pack's sign-up rules hold")
        void anIdpMadeByHandFollowsThePacksRules() throws Exception {
            String alias = unique("initech");
            HandMade idp = handMadeIdp(alias);
            String idpAlias = idp.alias();
            Issuer issuer = idp.issuer();

            // Not a button on the login page every customer sees.
            HttpResponse<String> login = browserlessClient().get(stack.app().loginUrl("main-app")).response();
            assertFalse(login.body().contains("By hand " + alias), "an organisation's IdP is no button for everyone:\n" + login.body());

            // A first sign-up gets the emailed code.
            String peter = email(alias + ".test");
            issuer.signIn(Map.of("sub", unique("sub"), "email", peter, "given_name", "Peter", "family_name", "Gibbons"));
            try (Browser b = new Browser("BoundariesIT-hand-made-idp")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, CodePage::new);
                b.screenshot("emailed-code-required");
            }
            assertEquals(0, admin.usersByEmail("helpdesk", peter).size(), "no account before the code");

            // An email already in use: the pack's refusal page, nothing linked, no mail to the owner.
            String owner = email(alias + ".test");
            assertEquals(201, admin.send("POST", REALM + "/users", Map.of("username", owner, "email", owner, "enabled", true)).statusCode());
            issuer.signIn(Map.of("sub", unique("sub"), "email", owner, "given_name", "Milton", "family_name", "Waddams"));
            try (Browser b = new Browser("BoundariesIT-hand-made-idp-duplicate")) {
                RefusalPage refused = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, RefusalPage::new);
                assertTrue(refused.source().contains("already used by another account"), refused.source());
                assertFalse(refused.source().contains("Add to existing account"), "never Keycloak's link offer");
                b.screenshot("email-in-use");
            }
            String ownerId = admin.usersByEmail("helpdesk", owner).get(0).get("id").asText();
            assertEquals(0, admin.get(REALM + "/users/" + ownerId + "/federated-identity").size(), "nothing linked");
            assertEquals(0, stack.mail().messagesTo(owner).size(), "no link mail to the account's owner");

            // The onboarding API names what is off about it.
            JsonNode sso = new OnboardingApi(kc).call("GET", "/realms/helpdesk/orgsso/admin/organizations/" + alias + "/sso", null);
            JsonNode checkup = sso.get("checkup").get(0);
            assertEquals(idpAlias, checkup.get("alias").asText());
            assertTrue(checkup.get("problems").toString().contains("Hide on login page"), checkup.toString());
        }
    }

    @Nested
    @DisplayName("End users never reach the agents' app")
    class Audiences {

        @Test
        @DisplayName("Given an end user's handoff session, agent-app gives no code with prompt=none nor interactively")
        void anEndUsersSessionGetsNoAgentAppCode() throws Exception {
            LoopbackHttp http = browserlessClient();
            String user = email("acme.test");
            assertEquals(303, handoff(http, user).statusCode());

            HttpResponse<String> passive = http.get(stack.app().loginUrl("agent-app") + "?prompt=none").response();
            assertTrue(passive.body().contains("interaction_required"), "the OIDC error for prompt=none:\n" + passive.body());
            assertFalse(passive.body().contains("id=claims") || passive.body().contains("id=\"claims\""), "no token");

            HttpResponse<String> interactive = http.get(stack.app().loginUrl("agent-app")).response();
            assertEquals(403, interactive.statusCode(), interactive.body());
            assertTrue(interactive.body().contains("cannot be used for this application"), interactive.body());
            assertTrue(anyError(events("LOGIN_ERROR", user), "audience_mismatch"), "an audience_mismatch event");

            // The user's own apps still work with the same session.
            HttpResponse<String> portal = http.get(stack.app().loginUrl("portal")).response();
            assertTrue(portal.body().contains(user), portal.body());
        }

        @Test
        @DisplayName("Given an end user with a local password (no SSO organisation), agent-app refuses it and keeps no session")
        void anEndUsersPasswordAtAgentAppIsRefused() throws Exception {
            String user = email(unique("plain") + ".test");
            String id = userWithPassword(user, "pat-password-1");
            try (Browser b = new Browser("BoundariesIT-end-user-password-at-agent-app")) {
                RefusalPage refused = typePassword(b, "agent-app", user, "pat-password-1", RefusalPage::new);
                assertTrue(refused.source().contains("cannot be used for this application"), refused.source());
                b.screenshot("audience-mismatch");
            }
            assertEquals(0, admin.get(REALM + "/users/" + id + "/sessions").size(), "no session left by the refused sign-in");
        }

        @Test
        @DisplayName("Given an agent's refresh token for agent-app, it refreshes no more once the agent role was removed")
        void aRefreshAfterTheAgentRoleWasRemovedIsRefused() throws Exception {
            String agent = email(unique("agents") + ".test");
            String id = userWithPassword(agent, "ann-password-1");
            List<Map<String, String>> roles = agentRole();
            assertEquals(204, admin.send("POST", REALM + "/users/" + id + "/role-mappings/realm", roles).statusCode());

            String refresh = passwordSignIn("agent-app", agent, "ann-password-1").get("refresh_token").asText();
            assertEquals(200, refresh("agent-app", refresh).statusCode(), "an agent refreshes");
            assertEquals(204, admin.send("DELETE", REALM + "/users/" + id + "/role-mappings/realm", roles).statusCode());
            HttpResponse<String> refused = refresh("agent-app", refresh);
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("invalid_grant", AdminClient.JSON.readTree(refused.body()).get("error").asText());
        }

        /** The authorization code flow of agent-app's login page over plain HTTP; the token endpoint's answer. */
        private JsonNode passwordSignIn(String client, String username, String password) throws Exception {
            LoopbackHttp http = browserlessClient();
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            String redirect = stack.app().url() + "/" + client + "/callback";
            HttpResponse<String> login = http.get(kc + "/realms/helpdesk/protocol/openid-connect/auth?"
                    + DemoApp.form(Map.of("client_id", client, "redirect_uri", redirect, "response_type", "code", "scope", "openid",
                    "state", "s1", "code_challenge", DemoApp.challenge(verifier), "code_challenge_method", "S256"))).response();
            String action = OrganisationForm.attr(login.body(), "id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
            HttpResponse<String> answer = http.postOnce(action, Map.of("username", username, "password", password));
            String location = answer.headers().firstValue("Location").orElseThrow(() -> new AssertionError(answer.body()));
            String code = DemoApp.query(URI.create(location).getRawQuery()).get("code");
            HttpResponse<String> token = http.postOnce(kc + "/realms/helpdesk/protocol/openid-connect/token", Map.of(
                    "grant_type", "authorization_code", "code", code, "redirect_uri", redirect, "client_id", client,
                    "client_secret", OrgSsoStack.DEFAULT_APP_CLIENT_SECRET, "code_verifier", verifier));
            assertEquals(200, token.statusCode(), token.body());
            return AdminClient.JSON.readTree(token.body());
        }

        private HttpResponse<String> refresh(String client, String refreshToken) throws Exception {
            return browserlessClient().postOnce(kc + "/realms/helpdesk/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                    "refresh_token", refreshToken, "client_id", client, "client_secret", OrgSsoStack.DEFAULT_APP_CLIENT_SECRET));
        }

        @Test
        @DisplayName("Given an acme member who holds the realm role agent, a handoff does not sign them in")
        void anAgentRoleMemberIsNotHandedOver() throws Exception {
            String user = email("acme.test");
            assertEquals(303, handoff(browserlessClient(), user).statusCode(), "an ordinary member first");
            String id = admin.usersByEmail("helpdesk", user).get(0).get("id").asText();
            assertEquals(204, admin.send("POST", REALM + "/users/" + id + "/role-mappings/realm", agentRole()).statusCode());
            HttpResponse<String> r = handoff(browserlessClient(), user);
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("audience_mismatch"), r.body());
        }
    }

    @Nested
    @DisplayName("Members of an SSO organisation use its SSO, not a local password")
    class SsoOnly {

        @Test
        @DisplayName("Given an SSO member, Forgot Password sends no mail and points to the organisation's sign-in")
        void aResetRequestForAnSsoMemberSendsNoMail() throws Exception {
            String user = email("acme.test");
            assertEquals(303, handoff(browserlessClient(), user).statusCode());
            try (Browser b = new Browser("BoundariesIT-reset-sso-member")) {
                InfoPage told = b.open(stack.app().loginUrl("main-app"), LoginPage::new).forgotPassword().request(user, InfoPage::new);
                assertTrue(told.source().contains("signs its people in with its own single sign-on"), told.source());
                b.screenshot("sso-required-instead-of-reset");
            }
            Thread.sleep(2000);
            assertEquals(0, stack.mail().messagesTo(user).size(), "no reset mail");
            assertEquals(0, events("SEND_RESET_PASSWORD", user).size(), "no reset event");
        }

        @Test
        @DisplayName("Given an SSO member with a local password, the password is not checked and the form sends them to SSO")
        void aLocalPasswordOfAnSsoMemberIsRefused() throws Exception {
            String user = email("acme.test");
            assertEquals(303, handoff(browserlessClient(), user).statusCode());
            String id = admin.usersByEmail("helpdesk", user).get(0).get("id").asText();
            assertEquals(204, admin.send("PUT", REALM + "/users/" + id + "/reset-password",
                    Map.of("type", "password", "value", "left-over-password-1", "temporary", false)).statusCode());
            int sessions = admin.get(REALM + "/users/" + id + "/sessions").size();
            try (Browser b = new Browser("BoundariesIT-password-of-sso-member")) {
                InfoPage told = typePassword(b, "main-app", user, "left-over-password-1", InfoPage::new);
                assertTrue(told.source().contains("signs its people in with its own single sign-on"), told.source());
                assertTrue(told.source().contains("orgsso/sso"), "a link to the organisation's sign-in");
                b.screenshot("sso-required-instead-of-password");
            }
            assertEquals(sessions, admin.get(REALM + "/users/" + id + "/sessions").size(), "no session from the password");
        }
    }

    @Nested
    @DisplayName("The organisation box understands what people type")
    class HomeRealmDiscovery {

        @Test
        @DisplayName("Given an email, acme's verified domain or acme's name, the page sends the user to acme's IdP")
        void typedEmailDomainAndNameFindTheOrganisation() throws Exception {
            for (String typed : List.of("alice@acme.test", "acme.test", "Acme Corporation", "  acme   corporation ")) {
                LoopbackHttp http = browserlessClient();
                HttpResponse<String> page = OrganisationForm.page(http, stack.app().loginUrl("main-app"));
                HttpResponse<String> r = OrganisationForm.submit(http, page, typed);
                assertEquals(303, r.statusCode(), typed + ": " + r.body());
                assertTrue(r.headers().firstValue("Location").orElseThrow().contains("/broker/oidc-5c1d2e3f"), typed + " → acme's IdP");
            }
            LoopbackHttp http = browserlessClient();
            HttpResponse<String> page = OrganisationForm.page(http, stack.app().loginUrl("main-app"));
            HttpResponse<String> unknown = OrganisationForm.submit(http, page, "Acme Corp");
            assertEquals(200, unknown.statusCode(), "near names are not matched");
            assertTrue(unknown.body().contains("know an organisation called"), unknown.body());
            assertFalse(unknown.body().contains("acmecorp"), "no hint that does not work");
        }

        @Test
        @DisplayName("Given the username field, an email of an SSO organisation's domain goes to its sign-in")
        void theUsernameFieldRoutesByDomain() throws Exception {
            try (Browser b = new Browser("BoundariesIT-identity-first")) {
                InfoPage told = typePassword(b, "main-app", email("acme.test"), "whatever-1", InfoPage::new);
                assertTrue(told.source().contains("Acme Corporation"), told.source());
                IdpLoginPage idp = told.follow("proceed", IdpLoginPage::new);
                assertTrue(idp.url().contains("/realms/acme-idp/"), "at acme's IdP: " + idp.url());
                b.screenshot("at-acme-idp");
            }
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
