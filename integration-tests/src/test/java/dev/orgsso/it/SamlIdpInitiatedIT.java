package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.OrgSsoStack;
import dev.orgsso.testkit.SamlCustomerIdp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Sign-in from the customer's portal (IdP-initiated SAML: the user clicks the help desk's tile) against a
 * real SAML IdP on loopback, a Keycloak realm that starts the sign-in itself at its
 * {@code protocol/saml/clients/{name}} link and posts an unsolicited response to the help desk's ACS URL.
 * In Chromium: off by default (a clear page, nothing created); turned on, the first sign-up (emailed
 * code) and the returning sign-in land in main-app signed in; by API, the apps it may not land in; by
 * HTTP, a replayed response is refused and signs nobody in.
 */
class SamlIdpInitiatedIT {

    private final OrgSsoStack stack = TestStack.get();
    private final SamlCustomers customers = new SamlCustomers(stack);
    private final AdminClient admin = customers.admin;
    private final SamlCustomerIdp customer = customers.idp;

    @AfterEach
    void cleanUp() {
        customers.cleanUp();
    }

    @Nested
    @DisplayName("Off (the default)")
    class Off {

        @Test
        @DisplayName("The portal's sign-in gets a page that says it is not turned on and where to start instead; nothing is created")
        void refusedWithAClearPage() throws Exception {
            String alias = SamlCustomers.unique("portaloff");
            JsonNode answer = customers.onboard(alias, entra(null), 201);
            assertFalse(answer.at("/idpInitiated/enabled").asBoolean(), "off by default");
            assertEquals(answer.at("/customerSetup/acsUrl").asText(), answer.at("/idpInitiated/acsUrl").asText());
            customer.register(answer, SamlCustomerIdp.entraAttributes(true), true, SamlCustomerIdp.portalTile(alias));
            String email = "olga@" + alias + ".test";
            customers.idpUser(email, "Olga", "Off");
            try (Browser b = new Browser("SamlIdpInitiatedIT-off")) {
                RefusalPage page = fromPortal(b, alias, email, RefusalPage::new);
                b.screenshot("idp-initiated-off");
                assertTrue(page.text().contains("Signing in from your company's portal is not turned on for Customer " + alias), page.text());
                assertTrue(page.text().contains("Log in with SSO"), "says where to start instead: " + page.text());
                assertFalse(b.has(org.openqa.selenium.By.id("claims")), "not signed in");
            }
            assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "nothing created");
        }
    }

    @Nested
    @DisplayName("On, landing in main-app")
    class On {

        @Test
        @DisplayName("The first sign-up from the portal confirms by code and lands in main-app as a member; the next one lands without a prompt; turned off, it is refused")
        void firstSignUpThenReturningThenOff() throws Exception {
            String alias = SamlCustomers.unique("portalon");
            JsonNode answer = customers.onboard(alias, entra(Map.of("enabled", true, "app", "main-app")), 201);
            String orgId = answer.get("organizationId").asText();
            assertTrue(answer.at("/idpInitiated/enabled").asBoolean());
            assertEquals("main-app", answer.at("/idpInitiated/app").asText());
            assertEquals(answer.at("/loginLinks/main-app").asText(), answer.at("/idpInitiated/landsAt").asText(),
                    "lands on the app's own login link");
            assertTrue(answer.at("/idpInitiated/instructions").asText().contains("Sign on URL"), "Entra's tile settings");
            JsonNode idp = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + answer.get("alias").asText());
            assertEquals("main-app", idp.at("/config/orgsso.saml.idpInitiated").asText(), "kept in the IdP's config");

            customer.register(answer, SamlCustomerIdp.entraAttributes(true), true, SamlCustomerIdp.portalTile(alias));
            String email = "pia@" + alias + ".test";
            customers.idpUser(email, "Pia", "Portal");
            try (Browser b = new Browser("SamlIdpInitiatedIT-first")) {
                int mails = stack.mail().messagesTo(email).size();
                CodePage code = fromPortal(b, alias, email, CodePage::new);
                b.screenshot("code");
                AppPage app = SignupSteps.confirmWithCode(code, stack.mail(), email, mails + 1);
                b.screenshot("landed");
                assertTrue(b.url().startsWith(stack.app().url() + "/main-app"), "in main-app: " + b.url());
                assertEquals(email, app.claims().get("email").asText());
            }
            JsonNode users = admin.usersByEmail("helpdesk", email);
            assertEquals(1, users.size(), "just-in-time account");
            assertTrue(customers.isMember(orgId, users.get(0).get("id").asText()), "a member of the organisation");

            try (Browser b = new Browser("SamlIdpInitiatedIT-returning")) {
                int mails = stack.mail().messagesTo(email).size();
                AppPage app = fromPortal(b, alias, email, AppPage::new);
                assertEquals(email, app.claims().get("email").asText());
                assertEquals(mails, stack.mail().messagesTo(email).size(), "no code the second time");
            }

            JsonNode off = customers.onboard(alias, entra(Map.of("enabled", false)), 200);
            assertFalse(off.at("/idpInitiated/enabled").asBoolean());
            try (Browser b = new Browser("SamlIdpInitiatedIT-turned-off")) {
                RefusalPage page = fromPortal(b, alias, email, RefusalPage::new);
                assertTrue(page.text().contains("not turned on"), page.text());
            }
            assertEquals(1, admin.usersByEmail("helpdesk", email).size());
        }
    }

    @Nested
    @DisplayName("Onboarding")
    class Onboarding {

        @Test
        @DisplayName("An app of the other audience, an unknown app, or an OIDC IdP is a 400 idp_initiated_invalid; nothing is created")
        void wrongAppsAreRefused() throws Exception {
            String alias = SamlCustomers.unique("portalbad");
            assertEquals("idp_initiated_invalid", customers.error(alias, entra(Map.of("enabled", true, "app", "agent-app"))));
            Map<String, Object> agents = entra(Map.of("enabled", true, "app", "main-app"));
            agents.put("audience", "agents");
            assertEquals("idp_initiated_invalid", customers.error(alias, agents));
            assertEquals("idp_initiated_invalid", customers.error(alias, entra(Map.of("enabled", true, "app", "no-such-app"))));
            assertEquals("idp_initiated_invalid", customers.error(alias, entra(Map.of("app", "main-app"))));
            assertEquals("idp_initiated_invalid", customers.error(alias, Map.of("type", "okta", "issuer", "https://initech.okta.com",
                    "clientId", "a", "clientSecret", "b", "idpInitiated", Map.of("enabled", true),
                    "organization", Map.of("name", alias, "domains", List.of(alias + ".test")))));
            assertEquals(null, admin.organization("helpdesk", alias), "nothing was created");

            agents.put("idpInitiated", Map.of("enabled", true));
            JsonNode answer = customers.onboard(alias, agents, 201);
            assertEquals("agent-app", answer.at("/idpInitiated/app").asText(), "an agents' IdP lands in the agents' app");
        }
    }

    @Nested
    @DisplayName("Replayed assertions")
    class Replay {

        @Test
        @DisplayName("The portal's response posted a second time is refused (assertion_replayed); it signs nobody in")
        void replayedResponseIsRefused() throws Exception {
            String alias = SamlCustomers.unique("replay");
            JsonNode answer = customers.onboard(alias, entra(Map.of("enabled", true)), 201);
            String idpAlias = answer.get("alias").asText();
            customer.register(answer, SamlCustomerIdp.entraAttributes(true), true, SamlCustomerIdp.portalTile(alias));
            String email = "rita@" + alias + ".test";
            String idpUserId = customers.idpUser(email, "Rita", "Replay");
            // An account that signed up before: linked to the IdP by Entra's object id, a member of the organisation.
            admin.createUser("helpdesk", email, "Rita", "Replay", UUID.randomUUID().toString());
            String userId = admin.usersByEmail("helpdesk", email).get(0).get("id").asText();
            assertEquals(204, admin.send("POST", "/admin/realms/helpdesk/users/" + userId + "/federated-identity/" + idpAlias,
                    Map.of("identityProvider", idpAlias, "userId", idpUserId, "userName", idpUserId)).statusCode());

            String samlResponse = customer.portalResponse(alias, email);
            String acs = answer.at("/customerSetup/acsUrl").asText();
            HttpResponse<String> first = post(acs, samlResponse);
            assertEquals(302, first.statusCode(), first.body());
            assertEquals(answer.at("/loginLinks/main-app").asText(), first.headers().firstValue("Location").orElse(""),
                    "the first post signs in and lands on the app's login link");
            int sessions = sessions(userId);
            assertEquals(1, sessions);

            HttpResponse<String> second = post(acs, samlResponse);
            assertEquals(400, second.statusCode(), second.body());
            assertTrue(second.body().contains("This sign-in was already used"), second.body());
            assertEquals(sessions, sessions(userId), "no session from the replay");
        }
    }

    private <P> P fromPortal(Browser b, String urlName, String email, Function<Browser, P> next) {
        return b.open(customer.portalUrl(urlName), IdpLoginPage::new).assertAt(customer.realmUrl())
                .signIn(email, SamlCustomerIdp.PASSWORD, SamlSignIn.pastPostForm(next));
    }

    /** A browser of its own (no cookies): the SAMLResponse posted to the ACS URL as the IdP's form would. */
    private static HttpResponse<String> post(String acs, String samlResponse) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(acs))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private int sessions(String userId) {
        return admin.get("/admin/realms/helpdesk/users/" + userId + "/sessions").size();
    }

    private Map<String, Object> entra(Map<String, Object> idpInitiated) {
        Map<String, Object> body = new HashMap<>();
        body.put("protocol", "saml");
        body.put("type", "entra");
        body.put("metadataUrl", customer.descriptorUrl());
        if (idpInitiated != null) {
            body.put("idpInitiated", idpInitiated);
        }
        return body;
    }
}
