package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.OrgSsoStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The foundation's proof: in a real browser, alice of the demo customer "acme" signs in to main-app
 * through the acme IdP (a second realm standing in for the customer's Entra/Okta) and comes back with
 * a helpdesk session; the imported realm exports are what make it work.
 */
class FederatedLoginIT {

    private static final String ALICE = "alice@acme.test";
    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());

    @AfterEach
    void removeAlice() {
        admin.deleteUsersByEmail("helpdesk", ALICE);
    }

    @Test
    void aliceSignsInToMainAppThroughTheAcmeIdp() throws Exception {
        try (Browser b = new Browser("FederatedLoginIT-alice")) {
            LoginPage login = b.open(stack.app().loginUrl("main-app"), LoginPage::new);
            login.ssoLink();
            b.screenshot("helpdesk-login");
            JsonNode acme = admin.organization("helpdesk", "acme");
            String idpAlias = "oidc-" + acme.get("id").asText();
            assertEquals(idpAlias, admin.get("/admin/realms/helpdesk/organizations/" + acme.get("id").asText() + "/identity-providers").get(0).get("alias").asText(),
                    "the demo IdP's alias is {type}-{organizationId}");
            IdpLoginPage idp = login.logInWithSso().enter("acme", IdpLoginPage::new)
                    .assertAt(stack.keycloak().baseUrl() + "/realms/acme-idp/");

            idp.fill(ALICE, "alice-demo-password");
            b.screenshot("acme-idp-login");
            int mailsBefore = stack.mail().messagesTo(ALICE).size();
            // The demo IdP is not trusted for email: the first sign-up confirms it with an emailed code.
            CodePage code = idp.submit(CodePage::new);
            b.screenshot("confirm-email-code");
            AppPage app = SignupSteps.confirmWithCode(code, stack.mail(), ALICE, mailsBefore + 1);

            b.screenshot("signed-in");
            JsonNode claims = app.claims();
            assertEquals(ALICE, claims.get("email").asText());
            assertEquals("Alice", claims.get("given_name").asText());
            assertEquals("Anderson", claims.get("family_name").asText());
            assertEquals("main-app", claims.get("azp").asText());
            assertEquals(stack.keycloak().baseUrl() + "/realms/helpdesk", claims.get("iss").asText());

            JsonNode users = admin.usersByEmail("helpdesk", ALICE);
            assertEquals(1, users.size(), "just-in-time account created in helpdesk");
            assertTrue(users.get(0).get("emailVerified").asBoolean(), "verified by the code");
            String userId = users.get(0).get("id").asText();
            JsonNode links = admin.get("/admin/realms/helpdesk/users/" + userId + "/federated-identity");
            assertEquals(idpAlias, links.get(0).get("identityProvider").asText());
            JsonNode members = admin.get("/admin/realms/helpdesk/organizations/" + acme.get("id").asText() + "/members");
            boolean member = false;
            for (JsonNode m : members) {
                member |= userId.equals(m.get("id").asText());
            }
            assertTrue(member, "alice is a member of the acme organization");
        }
    }
}
