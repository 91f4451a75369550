package dev.orgsso.it;

import static dev.orgsso.it.SignupSteps.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.it.pages.OrganisationPage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** "Enter your organisation" in a real browser against the realm exports' flows. */
class OrganisationLoginIT {

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final String acmeIdp = stack.keycloak().baseUrl() + "/realms/acme-idp/";

    @AfterEach
    void cleanUp() {
        admin.deleteUsersByEmail("helpdesk", ALICE);
    }

    private LoginPage loginPage(Browser b, String app) {
        return b.open(stack.app().loginUrl(app), LoginPage::new);
    }

    /** At acme's IdP: alice signs in for the first time and confirms with the emailed code. */
    private AppPage signUpAtAcmeIdp(Browser b) throws InterruptedException {
        int mailsBefore = stack.mail().messagesTo(ALICE).size();
        CodePage code = SignupSteps.signInAtAcmeIdp(b, acmeIdp, CodePage::new);
        return SignupSteps.confirmWithCode(code, stack.mail(), ALICE, mailsBefore + 1);
    }

    @Nested
    @DisplayName("Enter your organisation")
    class EnterYourOrganisation {

        @Test
        void happyPathToTheAcmeIdpAndBackWithNormalisedInput() throws Exception {
            try (Browser b = new Browser("OrganisationLoginIT-happy-path")) {
                LoginPage login = loginPage(b, "main-app");
                b.screenshot("login-form-with-sso-link");
                OrganisationPage page = login.logInWithSso();

                WebElement input = page.input();
                assertEquals("organization", input.getAttribute("name"));
                assertEquals("organization", input.getAttribute("autocomplete"));
                assertTrue(input.getAttribute("autofocus") != null, "autofocus");
                assertEquals(1, b.driver().findElements(By.cssSelector("label[for='organization']")).size(), "labelled");
                assertTrue(b.pageSource().contains("Enter your organisation"));
                b.screenshot("enter-your-organisation");

                page.enter("  ACME ", IdpLoginPage::new);
                JsonNode claims = signUpAtAcmeIdp(b).claims();
                b.screenshot("signed-in");
                assertEquals(ALICE, claims.get("email").asText());
                assertEquals("main-app", claims.get("azp").asText());
            }
        }

        @Test
        void unknownOrganisationGetsTheSamePageWithAMessage() {
            try (Browser b = new Browser("OrganisationLoginIT-unknown")) {
                OrganisationPage page = loginPage(b, "main-app").logInWithSso().enterRefused("no-such-org");
                String error = page.error();
                assertTrue(error.contains("We don't know an organisation called \"no-such-org\""), error);
                WebElement input = page.input();
                assertEquals("true", input.getAttribute("aria-invalid"), "error announced on the field");
                assertEquals("polite", b.driver().findElement(By.cssSelector("#input-error-container-organization [aria-live]"))
                        .getAttribute("aria-live"));
                assertEquals("no-such-org", input.getAttribute("value"), "what the user typed is kept");
                b.screenshot("unknown-organisation");
            }
        }

        @Test
        void badInputsGetAClearMessageAndNeverAnErrorScreen() {
            Map<String, String> cases = Map.of(
                    "acme corp", "know an organisation called",
                    "x".repeat(300), "too long",
                    "ac<me>'\"", "know an organisation called",
                    "   ", "enter your organisation");
            try (Browser b = new Browser("OrganisationLoginIT-bad-inputs")) {
                OrganisationPage page = loginPage(b, "main-app").logInWithSso();
                int n = 0;
                for (Map.Entry<String, String> c : cases.entrySet()) {
                    page = page.enterRefused(c.getKey());
                    String error = page.error();
                    assertTrue(error.toLowerCase().contains(c.getValue()), c.getKey() + " -> " + error);
                    assertFalse(b.pageSource().contains("Exception"), "no stack trace");
                    b.screenshot("bad-input-" + (++n));
                }
                // Full-width letters fold to "acme" under NFKC.
                page.enter("ＡＣＭＥ", IdpLoginPage::new).assertAt(acmeIdp);
            }
        }

        @Test
        void organisationWithoutSsoSaysSo() {
            String alias = "nosso-" + UUID.randomUUID().toString().substring(0, 8);
            String id = createOrganisation(alias);
            try (Browser b = new Browser("OrganisationLoginIT-no-idp")) {
                String error = loginPage(b, "main-app").logInWithSso().enterRefused(alias).error();
                assertTrue(error.contains("SSO is not set up for this organisation"), error);
                b.screenshot("no-sso");
            } finally {
                admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + id, null);
            }
        }

        @Test
        void aBrokenSsoLinkIsAThemed400BeforeAnyLogin() throws Exception {
            LoopbackHttp http = new LoopbackHttp();
            String sso = stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/sso?";
            for (String query : List.of("client_id=%7B&tab_id=x&client_data=y", "client_id=main-app&tab_id=%7B&client_data=y",
                    "client_id=main-app&tab_id=x&client_data=%7Bx%7D", "client_id=main-app&tab_id=x&client_data=y&organization=%7B")) {
                HttpResponse<String> r = http.getOnce(sso + query);
                assertTrue(r.statusCode() == 400 || r.statusCode() == 302, query + " -> " + r.statusCode() + " " + r.body());
                assertFalse(r.body().contains("Exception"), "no stack trace: " + r.body());
                if (r.statusCode() == 400) {
                    assertTrue(r.body().contains("This sign-in link is not valid"), r.body());
                }
            }
        }

        @Test
        void unknownOrganisationAnswers200WithoutJavaScriptOrStackTrace() throws Exception {
            LoopbackHttp http = new LoopbackHttp();
            String ssoLink = http.get(stack.app().loginUrl("widget")).link("orgsso-login-with-sso");
            int restartsBefore = admin.get("/admin/realms/helpdesk/events?type=RESTART_AUTHENTICATION&client=widget&max=500").size();
            HttpResponse<String> page = http.get(ssoLink).response();
            assertEquals(200, page.statusCode());
            assertTrue(page.uri().getPath().endsWith("/login-actions/authenticate"), "one redirect, no Keycloak restart: " + page.uri());
            assertEquals(restartsBefore, admin.get("/admin/realms/helpdesk/events?type=RESTART_AUTHENTICATION&client=widget&max=500").size(),
                    "choosing SSO stores no RESTART_AUTHENTICATION event");
            HttpResponse<String> answer = OrganisationForm.submit(http, page, "ghost-co");
            assertEquals(200, answer.statusCode());
            assertTrue(answer.body().contains("We don&#39;t know an organisation called") || answer.body().contains("We don't know an organisation called"),
                    answer.body());
            assertFalse(answer.body().contains("Exception"));

            JsonNode events = admin.get("/admin/realms/helpdesk/events?type=LOGIN_ERROR&client=widget&max=20");
            boolean found = false;
            for (JsonNode e : events) {
                JsonNode d = e.get("details");
                found |= "org_unknown".equals(e.path("error").asText()) && d != null && "ghost-co".equals(d.path("org_alias").asText())
                        && "org_lookup".equals(d.path("orgsso_decision").asText());
            }
            assertTrue(found, "an org_lookup event with the alias: " + events);
        }

    }

    @Nested
    @DisplayName("The password form")
    class PasswordForm {

        @Test
        void aWrongPasswordKeepsLogInWithSsoOnTheForm() {
            try (Browser b = new Browser("OrganisationLoginIT-wrong-password")) {
                LoginPage again = loginPage(b, "main-app").signIn("nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@nowhere.test",
                        "wrong-password", LoginPage::new);
                again.usernameError();
                assertTrue(again.offersSso(), "the mistake an SSO user makes first must not hide SSO:\n" + b.pageSource());
                b.screenshot("wrong-password-keeps-sso");
                again.logInWithSso();
            }
        }
    }

    @Nested
    @DisplayName("Remembered organisation and direct links")
    class RememberedAndLinked {

        @Test
        void theOrganisationIsRememberedOnlyAfterASignInThroughItCompleted() throws Exception {
            try (Browser b = new Browser("OrganisationLoginIT-remembered")) {
                // A link that only names an organisation (anyone can send one) changes nothing this browser offers.
                b.open(stack.app().loginUrl("main-app") + "?kc_org=acme", IdpLoginPage::new).assertAt(acmeIdp);
                LoginPage login = loginPage(b, "knowledgebase");
                login.ssoLink();
                assertFalse(login.remembersAnOrganisation(), "not remembered before a sign-in through it completed");

                login.logInWithSso().enter("acme", IdpLoginPage::new);
                signUpAtAcmeIdp(b).signOut();

                // Back to another app in the same browser, signed out: acme is offered.
                login = loginPage(b, "main-app");
                assertEquals("Continue with acme", login.continueButton().getText());
                b.screenshot("login-form-remembered");
                OrganisationPage page = login.logInWithSso();
                assertEquals("Continue with acme", page.continueButton().getText());
                assertTrue(page.offersAnotherOrganisation());
                b.screenshot("organisation-page-remembered");
            }
        }

        @Test
        void directLinksForEachAppSkipTheQuestion() {
            try (Browser b = new Browser("OrganisationLoginIT-direct-links")) {
                for (String app : List.of("main-app", "widget", "knowledgebase", "portal")) {
                    IdpLoginPage idp = b.open(stack.app().loginUrl(app) + "?kc_org=acme", IdpLoginPage::new);
                    assertTrue(idp.url().startsWith(acmeIdp), app + ": " + idp.url());
                    assertTrue(idp.url().contains("client_id=helpdesk-broker"), idp.url());
                }
                b.screenshot("direct-link-at-idp");
                String error = b.open(stack.app().loginUrl("portal") + "?kc_org=unknown-co", OrganisationPage::new).error();
                assertTrue(error.contains("unknown-co"), error);
                b.screenshot("direct-link-unknown");
            }
        }

        /**
         * The organisation lookup keeps an alias's organization id in Keycloak's short-lived store; what it
         * keeps is only a hint. Every change an admin makes shows on the very next hop: a second IdP, a
         * disabled organisation, an organisation deleted and another created under the same alias.
         */
        @Test
        void everyChangeToAnOrganisationShowsOnTheNextHop() throws Exception {
            String alias = "hint-" + UUID.randomUUID().toString().substring(0, 8);
            String first = createOrganisation(alias);
            List<String> idps = new java.util.ArrayList<>();
            String orgId = first;
            try {
                idps.add(linkNewIdp(first, alias + "-a"));
                HttpResponse<String> hop = hop(alias);
                assertEquals(303, hop.statusCode(), hop.body());
                assertTrue(hop.headers().firstValue("Location").orElse("").contains("/broker/" + alias + "-a/login"), hop.headers().toString());
                hop = hop(alias);
                assertTrue(hop.headers().firstValue("Location").orElse("").contains("/broker/" + alias + "-a/login"),
                        "the second hop (from the kept id) goes the same way: " + hop.statusCode());

                idps.add(linkNewIdp(first, alias + "-b"));
                hop = hop(alias);
                assertEquals(200, hop.statusCode(), "two IdPs: the user chooses");
                assertTrue(hop.body().contains(alias + "-a") && hop.body().contains(alias + "-b"), hop.body());

                JsonNode org = admin.get("/admin/realms/helpdesk/organizations/" + first);
                ((com.fasterxml.jackson.databind.node.ObjectNode) org).put("enabled", false);
                assertEquals(204, admin.send("PUT", "/admin/realms/helpdesk/organizations/" + first, org).statusCode());
                hop = hop(alias);
                assertEquals(200, hop.statusCode());
                assertTrue(hop.body().contains("know an organisation called"), "a disabled organisation answers as unknown");

                assertEquals(204, admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + first, null).statusCode());
                orgId = createOrganisation(alias);
                assertFalse(orgId.equals(first));
                idps.add(linkNewIdp(orgId, alias + "-c"));
                hop = hop(alias);
                assertEquals(303, hop.statusCode(), hop.body());
                assertTrue(hop.headers().firstValue("Location").orElse("").contains("/broker/" + alias + "-c/login"),
                        "the new organisation under the old alias, not the kept id: " + hop.headers());
            } finally {
                admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + orgId, null);
                for (String idp : idps) {
                    admin.send("DELETE", "/admin/realms/helpdesk/identity-provider/instances/" + idp, null);
                }
            }
        }

        private String linkNewIdp(String orgId, String idpAlias) {
            assertEquals(201, admin.send("POST", "/admin/realms/helpdesk/identity-provider/instances", Map.of("alias", idpAlias,
                    "providerId", "oidc", "enabled", true, "hideOnLogin", true, "config", Map.of("clientId", "x", "clientSecret", "x",
                            "authorizationUrl", "https://idp.example.test/auth", "tokenUrl", "https://idp.example.test/token"))).statusCode());
            assertEquals(204, admin.send("POST", "/admin/realms/helpdesk/organizations/" + orgId + "/identity-providers", idpAlias).statusCode());
            return idpAlias;
        }

        /** A fresh browser types the organisation on widget's "Log in with SSO" page; Keycloak's answer to the POST. */
        private HttpResponse<String> hop(String organisation) throws Exception {
            LoopbackHttp http = new LoopbackHttp();
            return OrganisationForm.submit(http, OrganisationForm.page(http, stack.app().loginUrl("widget")), organisation);
        }

    }

    @Nested
    @DisplayName("Automatic mode")
    class AutomaticMode {

        @Test
        void automaticModeGoesStraightToTheIdp() throws Exception {
            JsonNode config = usersConfig();
            setMode(config, "automatic");
            try (Browser b = new Browser("OrganisationLoginIT-automatic")) {
                // login_hint's domain names the organisation.
                b.open(stack.app().loginUrl("main-app") + "?login_hint=" + ALICE, IdpLoginPage::new).assertAt(acmeIdp);
                b.screenshot("automatic-at-idp");
                // Not remembered before a sign-in completed: the next app asks.
                b.open(stack.app().loginUrl("portal"), OrganisationPage::new);
                // Once signed in through acme (and signed out again), the next app goes straight to acme.
                b.open(stack.app().loginUrl("main-app") + "?login_hint=" + ALICE);
                signUpAtAcmeIdp(b).signOut();
                IdpLoginPage idp = b.open(stack.app().loginUrl("portal"), IdpLoginPage::new);
                assertTrue(idp.url().startsWith(acmeIdp), "remembered: straight to the IdP: " + idp.url());
            } finally {
                setMode(config, "button");
            }
            try (Browser b = new Browser("OrganisationLoginIT-automatic-unknown")) {
                setMode(config, "automatic");
                OrganisationPage page = b.open(stack.app().loginUrl("main-app"), OrganisationPage::new);
                assertFalse(page.offersPasswordInstead(), "no password form in automatic mode");
                b.screenshot("automatic-asks-when-unknown");
            } finally {
                setMode(config, "button");
            }
        }

        /**
         * Deskpro's promise for automatic mode, for an IdP onboarded through the API: a Keycloak realm of its
         * own stands in for the customer's IdP (the IT admin registers the redirect URI the onboarding answer
         * names); after the app's sign-out the IdP holds no session, so the next sign-in shows its login form.
         */
        @Test
        void inAutomaticModeSigningOutAlsoEndsTheSessionAtAnOnboardedIdp() throws Exception {
            String alias = "kcidp-" + UUID.randomUUID().toString().substring(0, 8);
            String issuer = stack.keycloak().baseUrl() + "/realms/acme-idp";
            String clientId = alias + "-helpdesk";
            String secret = "secret-" + UUID.randomUUID();
            JsonNode answer = new OnboardingApi(stack.keycloak().baseUrl()).call("PUT", "/realms/helpdesk/orgsso/admin/organizations/" + alias + "/sso",
                    Map.of("type", "oidc", "issuer", issuer, "clientId", clientId, "clientSecret", secret,
                            "organization", Map.of("name", alias, "domains", List.of(alias + ".test"))));
            String redirectUri = answer.at("/customerSetup/redirectUri").asText();
            // What the customer's IT admin does at their IdP: a client with the redirect URI from the answer, and a user.
            var client = admin.send("POST", "/admin/realms/acme-idp/clients", Map.of("clientId", clientId, "secret", secret,
                    "publicClient", false, "standardFlowEnabled", true, "redirectUris", List.of(redirectUri),
                    "attributes", Map.of("post.logout.redirect.uris", redirectUri + "/logout_response")));
            assertEquals(201, client.statusCode(), client.body());
            String email = "emp-" + alias + "@" + alias + ".test";
            assertEquals(201, admin.send("POST", "/admin/realms/acme-idp/users", Map.of("username", email, "email", email, "enabled", true,
                    "emailVerified", true, "firstName", "Emp", "lastName", "Loyee",
                    "credentials", List.of(Map.of("type", "password", "value", "emp-password-1", "temporary", false)))).statusCode());
            JsonNode config = usersConfig();
            setMode(config, "automatic");
            try (Browser b = new Browser("OrganisationLoginIT-automatic-logout-onboarded")) {
                AppPage app = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + alias, IdpLoginPage::new)
                        .signIn(email, "emp-password-1", AppPage::new);
                assertEquals(email, app.claims().get("email").asText());
                app.signOut();
                IdpLoginPage idp = b.open(stack.app().loginUrl("portal") + "?kc_org=" + alias, IdpLoginPage::new);
                assertTrue(idp.url().startsWith(acmeIdp), "the IdP asks again, its session ended: " + idp.url());
                b.screenshot("idp-login-after-sign-out");
            } finally {
                setMode(config, "button");
                admin.deleteUsersByEmail("helpdesk", email);
                admin.deleteUsersByEmail("acme-idp", email);
                String id = client.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
                admin.send("DELETE", "/admin/realms/acme-idp/clients/" + id, null);
                admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + answer.get("organizationId").asText(), null);
            }
        }
    }

    @Nested
    @DisplayName("Agents and end users")
    class Audiences {

        @Test
        void agentsAndEndUsersAreKeptApart() throws Exception {
            try (Browser b = new Browser("OrganisationLoginIT-audiences")) {
                // The agents' SSO knows no end users' IdP.
                String error = loginPage(b, "agent-app").logInWithSso().enterRefused("acme").error();
                assertTrue(error.contains("SSO is not set up"), error);
                b.screenshot("agent-app-acme-not-offered");

                // kc_idp_hint is not a shortcut for agent-app either.
                String idp = "oidc-" + admin.organization("helpdesk", "acme").get("id").asText();
                b.open(stack.app().loginUrl("agent-app") + "?kc_idp_hint=" + idp, LoginPage::new).ssoLink();
                assertFalse(b.url().startsWith(acmeIdp), b.url());
            }
            // Should an agents' client ever reach an end users' IdP (a misconfiguration, a crafted broker
            // request), the guard refuses after the IdP answered and before any account exists.
            JsonNode portal = admin.get("/admin/realms/helpdesk/clients?clientId=portal").get(0);
            setAudience(portal, "agents");
            try (Browser b = new Browser("OrganisationLoginIT-audience-guard")) {
                b.open(stack.app().loginUrl("portal") + "?kc_org=acme");
                RefusalPage refused = SignupSteps.signInAtAcmeIdp(b, acmeIdp, RefusalPage::new);
                assertTrue(refused.source().contains("cannot be used for this application"), refused.source());
                b.screenshot("guard-refused");
                assertEquals(0, admin.usersByEmail("helpdesk", ALICE).size(), "no account created for the wrong audience");
            } finally {
                setAudience(portal, "users");
            }
            // A returning user (account and IdP link exist) is refused the same way on every sign-in, not only
            // the first: the guard runs in the pack's OIDC provider, with no post broker login flow.
            try (Browser b = new Browser("OrganisationLoginIT-audience-guard-returning")) {
                b.open(stack.app().loginUrl("portal") + "?kc_org=acme");
                signUpAtAcmeIdp(b);
                JsonNode users = admin.usersByEmail("helpdesk", ALICE);
                assertEquals(1, users.size());
                String userId = users.get(0).get("id").asText();
                // End the helpdesk session only; the acme IdP session stays open, as for a returning user.
                assertEquals(204, admin.send("POST", "/admin/realms/helpdesk/users/" + userId + "/logout", null).statusCode());

                setAudience(portal, "agents");
                long refusalsBefore = audienceRefusals("portal");
                // The acme IdP session is still open: the browser comes straight back from the IdP.
                RefusalPage refused = b.open(stack.app().loginUrl("portal") + "?kc_org=acme", RefusalPage::new);
                assertTrue(refused.source().contains("cannot be used for this application"), refused.source());
                assertTrue(refused.url().startsWith(stack.keycloak().baseUrl() + "/realms/helpdesk/broker/"), refused.url());
                b.screenshot("guard-refused-returning-user");
                assertEquals(refusalsBefore + 1, audienceRefusals("portal"), "one stored audience_mismatch event");
                assertEquals(0, admin.get("/admin/realms/helpdesk/users/" + userId + "/sessions").size(), "no helpdesk session");
            } finally {
                setAudience(portal, "users");
            }
        }
    }

    private long audienceRefusals(String clientId) {
        JsonNode events = admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&client=" + clientId + "&max=200");
        long n = 0;
        for (JsonNode e : events) {
            n += "audience_mismatch".equals(e.path("error").asText())
                    && "audience_guard".equals(e.path("details").path("orgsso_decision").asText()) ? 1 : 0;
        }
        return n;
    }

    private void setAudience(JsonNode client, String audience) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) client.get("attributes")).put("orgsso.audience", audience);
        var r = admin.send("PUT", "/admin/realms/helpdesk/clients/" + client.get("id").asText(), client);
        assertEquals(204, r.statusCode(), r.body());
    }

    private String createOrganisation(String alias) {
        var r = admin.send("POST", "/admin/realms/helpdesk/organizations", Map.of("name", alias, "alias", alias,
                "enabled", true, "domains", List.of(Map.of("name", alias + ".test", "verified", true))));
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private JsonNode usersConfig() {
        for (JsonNode flowExec : admin.get("/admin/realms/helpdesk/authentication/flows/orgsso%20browser%20(users)/executions")) {
            if ("orgsso-organisation-login".equals(flowExec.path("providerId").asText())) {
                return admin.get("/admin/realms/helpdesk/authentication/config/" + flowExec.get("authenticationConfig").asText());
            }
        }
        throw new AssertionError("no orgsso-organisation-login in the users' flow");
    }

    private void setMode(JsonNode config, String mode) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("config")).put("orgsso.mode", mode);
        var r = admin.send("PUT", "/admin/realms/helpdesk/authentication/config/" + config.get("id").asText(), config);
        assertEquals(204, r.statusCode(), r.body());
    }
}
