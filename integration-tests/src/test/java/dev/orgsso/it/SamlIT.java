package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import dev.orgsso.testkit.SamlCustomerIdp;
import dev.orgsso.testkit.SamlPostForm;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * SAML per organisation against a real SAML IdP on loopback: a Keycloak realm acting as the customer's
 * IdP, with one SAML client per onboarded organisation (registered as the onboarding answer says) whose
 * protocol mappers release Entra-shaped or Okta-shaped attributes. In Chromium: onboarding from the
 * metadata URL and from XML, the first sign-up (emailed code, membership), the returning sign-in, the
 * duplicate email and the missing email attribute; by API, each metadata problem's code.
 */
class SamlIT {

    private static final String BASE = "/realms/helpdesk/orgsso/admin/organizations/";
    private static final String IDP_REALM = SamlCustomerIdp.REALM;
    private static final String PASSWORD = SamlCustomerIdp.PASSWORD;
    private static final String ENTRA_EMAIL = SamlCustomerIdp.ENTRA_EMAIL;
    private static final String ENTRA_OID = SamlCustomerIdp.ENTRA_OID;

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final List<String> orgs = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();
    /** The customer's SAML IdP: a realm of the test's own (no realm export is a SAML IdP). */
    private final SamlCustomerIdp customer = new SamlCustomerIdp(stack.keycloak().baseUrl());

    @AfterEach
    void cleanUp() {
        for (String email : emails) {
            admin.deleteUsersByEmail("helpdesk", email);
        }
        customer.cleanUp();
        for (String alias : orgs) {
            admin.deleteOrganization("helpdesk", alias);
        }
    }

    @Nested
    @DisplayName("Entra ID by metadata URL")
    class EntraByMetadataUrl {

        @Test
        @DisplayName("Onboarding answers what to register; the first sign-up confirms by code and joins; the next sign-in just signs in")
        void firstSignUpThenReturningSignIn() throws Exception {
            String alias = unique("contoso");
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataUrl", descriptorUrl())), 201);
            String orgId = answer.get("organizationId").asText();
            String idpAlias = "entra-saml-" + orgId;
            assertEquals(idpAlias, answer.get("alias").asText(), "alias {type}-saml-{organizationId}");
            assertEquals("saml", answer.get("protocol").asText());
            assertEquals(stack.keycloak().baseUrl() + "/realms/" + IDP_REALM, answer.get("entityId").asText(), "the IdP's entity id");
            String acs = stack.keycloak().baseUrl() + "/realms/helpdesk/broker/" + idpAlias + "/endpoint";
            assertEquals(acs, answer.at("/customerSetup/acsUrl").asText());
            assertEquals(acs + "/descriptor", answer.at("/customerSetup/spMetadataUrl").asText());
            assertEquals(acs + "/descriptor", answer.at("/customerSetup/spEntityId").asText());
            assertEquals(ENTRA_EMAIL, answer.at("/customerSetup/attributes/email").asText());
            assertEquals(ENTRA_OID, answer.at("/customerSetup/attributes/principal").asText());
            assertEquals(stack.app().url() + "/main-app/login?kc_org=" + alias, answer.at("/loginLinks/main-app").asText());
            assertFalse(answer.at("/signingCertificates/0/notAfter").asText().isEmpty(), "the pinned certificate's expiry is shown");

            JsonNode idp = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + idpAlias);
            assertEquals("saml", idp.get("providerId").asText(), "a plain Keycloak SAML IdP");
            assertEquals("orgsso first broker login", idp.get("firstBrokerLoginFlowAlias").asText());
            assertFalse(idp.get("trustEmail").asBoolean());
            assertTrue(idp.get("hideOnLogin").asBoolean());
            assertEquals("true", idp.at("/config/wantAssertionsSigned").asText());
            assertEquals("true", idp.at("/config/validateSignature").asText());
            assertFalse(idp.at("/config/signingCertificate").asText().isEmpty(), "the IdP's certificate is pinned");
            assertEquals("ATTRIBUTE", idp.at("/config/principalType").asText());
            assertEquals(ENTRA_OID, idp.at("/config/principalAttribute").asText());
            assertEquals("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", idp.at("/config/nameIDPolicyFormat").asText());
            assertEquals("IMPORT", idp.at("/config/syncMode").asText());
            assertEquals(descriptorUrl(), idp.at("/config/metadataDescriptorUrl").asText());
            assertEquals(idpAlias, admin.get("/admin/realms/helpdesk/organizations/" + orgId + "/identity-providers").get(0)
                    .get("alias").asText(), "linked to the organization");

            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(true));
            String email = "megan@" + alias + ".test";
            String idpUserId = idpUser(email, "Megan", "Bowen");

            try (Browser b = new Browser("SamlIT-entra-first")) {
                int mails = stack.mail().messagesTo(email).size();
                CodePage code = signInAtIdp(b, alias, email, CodePage::new);
                b.screenshot("code");
                AppPage app = SignupSteps.confirmWithCode(code, stack.mail(), email, mails + 1);
                JsonNode claims = app.claims();
                b.screenshot("signed-in");
                assertEquals(email, claims.get("email").asText());
                assertEquals("Megan", claims.get("given_name").asText());
                assertEquals("Bowen", claims.get("family_name").asText());
            }
            JsonNode users = admin.usersByEmail("helpdesk", email);
            assertEquals(1, users.size(), "just-in-time account");
            assertTrue(users.get(0).get("emailVerified").asBoolean(), "verified by the code");
            String userId = users.get(0).get("id").asText();
            JsonNode link = admin.get("/admin/realms/helpdesk/users/" + userId + "/federated-identity").get(0);
            assertEquals(idpAlias, link.get("identityProvider").asText());
            assertEquals(idpUserId, link.get("userId").asText(), "the principal is Entra's object id, not the email");
            assertTrue(isMember(orgId, userId), "a member of the organisation");

            try (Browser b = new Browser("SamlIT-entra-returning")) {
                int mails = stack.mail().messagesTo(email).size();
                AppPage app = signInAtIdp(b, alias, email, AppPage::new);
                assertEquals(email, app.claims().get("email").asText());
                assertEquals(mails, stack.mail().messagesTo(email).size(), "no code the second time");
            }
            assertEquals(1, admin.usersByEmail("helpdesk", email).size());
        }

        @Test
        @DisplayName("An email another account holds is refused; that account is untouched and nothing is linked")
        void duplicateEmailIsRefused() throws Exception {
            String alias = unique("fabrikam");
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataUrl", descriptorUrl())), 201);
            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(true));
            String email = "dup@" + alias + ".test";
            emails.add(email);
            admin.createUser("helpdesk", email, "Local", "Holder", "local-password-123");
            idpUser(email, "Dup", "Licate");
            try (Browser b = new Browser("SamlIT-duplicate")) {
                String page = signInAtIdp(b, alias, email, RefusalPage::new).text();
                b.screenshot("duplicate-email");
                assertTrue(page.contains("already used by another account"), page);
            }
            JsonNode users = admin.usersByEmail("helpdesk", email);
            assertEquals(1, users.size());
            assertEquals("Local", users.get(0).get("firstName").asText(), "the existing account is untouched");
            assertEquals(0, admin.get("/admin/realms/helpdesk/users/" + users.get(0).get("id").asText() + "/federated-identity").size());
        }

        @Test
        @DisplayName("An IdP that does not release the email attribute gets a page naming it; nothing is created")
        void missingEmailAttributeIsRefusedWithAClearPage() throws Exception {
            String alias = unique("tailspin");
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataUrl", descriptorUrl())), 201);
            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(false));
            String email = "noemail@" + alias + ".test";
            idpUser(email, "No", "Email");
            try (Browser b = new Browser("SamlIT-missing-email")) {
                String page = signInAtIdp(b, alias, email, RefusalPage::new).text();
                b.screenshot("missing-email");
                assertTrue(page.contains("did not send an email address"), page);
                assertTrue(page.contains(ENTRA_EMAIL), "names the attribute to release: " + page);
            }
            assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "nothing created");
        }
    }

    @Nested
    @DisplayName("Okta by metadata XML")
    class OktaByMetadataXml {

        @Test
        @DisplayName("Onboarded from the XML; the principal is the persistent NameID; the first sign-up confirms by code")
        void firstSignUpFromXml() throws Exception {
            String alias = unique("initech");
            JsonNode answer = onboard(alias, saml("okta", Map.of("metadataXml", descriptorXml())), 201);
            String orgId = answer.get("organizationId").asText();
            assertEquals("okta-saml-" + orgId, answer.get("alias").asText());
            assertEquals("email", answer.at("/customerSetup/attributes/email").asText());
            assertEquals("firstName", answer.at("/customerSetup/attributes/firstName").asText());
            assertTrue(answer.at("/customerSetup/attributes/principal").isMissingNode(), "Okta's principal is the persistent NameID");
            JsonNode idp = admin.get("/admin/realms/helpdesk/identity-provider/instances/okta-saml-" + orgId);
            assertEquals("SUBJECT", idp.at("/config/principalType").asText());

            registerAtIdp(answer, SamlCustomerIdp.oktaAttributes());
            String email = "peter@" + alias + ".test";
            String idpUserId = idpUser(email, "Peter", "Gibbons");
            JsonNode claims = firstSignUp("SamlIT-okta-first", alias, email);
            assertEquals(email, claims.get("email").asText());
            assertEquals("Peter", claims.get("given_name").asText());
            JsonNode users = admin.usersByEmail("helpdesk", email);
            assertEquals(1, users.size());
            String userId = users.get(0).get("id").asText();
            JsonNode link = admin.get("/admin/realms/helpdesk/users/" + userId + "/federated-identity").get(0);
            assertNotEquals(email, link.get("userId").asText(), "never the email as principal");
            assertNotEquals(idpUserId, link.get("userId").asText(), "the persistent NameID, not an attribute");
            assertTrue(isMember(orgId, userId));
        }
    }

    @Nested
    @DisplayName("The demo's SAML customer")
    class DemoCustomer {

        @Test
        @DisplayName("./demo.sh's Initech: onboarded from the acme-idp realm's SAML metadata, its user signs up through the organisation page")
        void initechSignsInBySaml() throws Exception {
            String email = dev.orgsso.testkit.DemoSaml.USER;
            emails.add(email);
            String orgId = admin.organizationId("helpdesk", "initech");
            try {
                assertTrue(dev.orgsso.testkit.DemoSaml.onboard(stack.keycloak().baseUrl()).contains("okta-saml-" + orgId + " onboarded"));
                try (Browser b = new Browser("SamlIT-demo-initech")) {
                    int mails = stack.mail().messagesTo(email).size();
                    IdpLoginPage idp = b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso()
                            .enter("initech", IdpLoginPage::new).assertAt(stack.keycloak().baseUrl() + "/realms/acme-idp/");
                    CodePage code = idp.signIn(email, "peter-demo-password", SamlSignIn.pastPostForm("acme-idp", CodePage::new));
                    b.screenshot("code");
                    AppPage app = SignupSteps.confirmWithCode(code, stack.mail(), email, mails + 1);
                    assertEquals("Peter", app.claims().get("given_name").asText());
                }
                String userId = admin.usersByEmail("helpdesk", email).get(0).get("id").asText();
                assertTrue(isMember(orgId, userId), "a member of initech");
            } finally {
                new OnboardingApi(stack.keycloak().baseUrl()).send("DELETE", BASE + "initech/sso/okta-saml", null);
            }
        }
    }

    @Nested
    @DisplayName("Audiences")
    class Audiences {

        @Test
        @DisplayName("An agents' SAML IdP named by kc_idp_hint at an end users' app: the IdP's answer is refused, nothing created")
        void agentsSamlIdpIsKeptOutOfEndUserApps() throws Exception {
            String alias = unique("agents");
            JsonNode answer = onboard(alias, saml("okta", Map.of("metadataUrl", descriptorUrl(), "audience", "agents")), 201);
            assertEquals("agents", answer.get("audience").asText());
            assertTrue(answer.at("/loginLinks/main-app").isMissingNode(), "no end users' app among its login links");
            registerAtIdp(answer, SamlCustomerIdp.oktaAttributes());
            String email = "agent@" + alias + ".test";
            idpUser(email, "Agent", "Smith");
            try (Browser b = new Browser("SamlIT-agents-idp-at-main-app")) {
                b.open(stack.app().loginUrl("main-app") + "?kc_idp_hint=" + answer.get("alias").asText());
                RefusalPage refused = new IdpLoginPage(b).assertAt(stack.keycloak().baseUrl() + "/realms/" + IDP_REALM + "/")
                        .signIn(email, PASSWORD, pastPostForm(RefusalPage::new));
                b.screenshot("audience-mismatch");
                assertTrue(refused.source().contains("cannot be used for this application"), refused.source());
            }
            assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "nothing created");
        }
    }

    @Nested
    @DisplayName("Metadata problems")
    class MetadataProblems {

        @Test
        @DisplayName("Each problem is a 400 with its code and nothing is created")
        void eachProblemHasItsCode() throws Exception {
            String alias = unique("broken");
            Map<String, Object> org = Map.of("name", alias, "domains", List.of(alias + ".test"));
            assertEquals("metadata_missing", error(alias, Map.of("protocol", "saml", "type", "okta", "organization", org)));
            assertEquals("type_invalid", error(alias, Map.of("protocol", "saml", "type", "oidc", "metadataXml", descriptorXml(), "organization", org)));
            assertEquals("protocol_invalid", error(alias, Map.of("protocol", "ws-fed", "type", "okta", "organization", org)));
            assertEquals("metadata_invalid", error(alias, saml("okta", Map.of("metadataXml", "<html>not metadata</html>", "organization", org))));
            String noKeys = descriptorXml().replaceAll("(?s)<(md:)?KeyDescriptor.*?</(md:)?KeyDescriptor>", "");
            assertEquals("metadata_no_signing_certificate", error(alias, saml("okta", Map.of("metadataXml", noKeys, "organization", org))));
            // Keycloak writes each endpoint with an end tag (<md:SingleSignOnService ...></md:SingleSignOnService>).
            String noSso = descriptorXml().replaceAll("(?s)<(md:)?SingleSignOnService[^>]*?(/>|>.*?</(md:)?SingleSignOnService>)", "");
            assertFalse(noSso.contains("SingleSignOnService"), noSso);
            assertEquals("metadata_no_sso_url", error(alias, saml("okta", Map.of("metadataXml", noSso, "organization", org))));
            assertEquals("metadata_failed", error(alias, saml("okta", Map.of("metadataUrl",
                    stack.keycloak().baseUrl() + "/realms/" + IDP_REALM + "/no-such-descriptor", "organization", org))));
            assertEquals("metadata_unreachable", error(alias, saml("okta", Map.of("metadataUrl", "http://127.0.0.1:1/metadata", "organization", org))));
            assertEquals(null, admin.organization("helpdesk", alias), "nothing was created");
        }
    }

    // --- the customer's IdP ---

    @Nested
    @DisplayName("Signing certificates: expiry and rollover")
    class Certificates {

        @Test
        @DisplayName("A certificate that expires in 5 days is warned about (log, secret-expiry list) and shown with its days left")
        void expiringCertificateIsWarned() throws Exception {
            String alias = unique("expiring");
            long mark = Files.size(stack.keycloak().log());
            String xml = SamlCustomerIdp.withCertificates(descriptorXml(), selfSignedCertificate(5));
            JsonNode answer = onboard(alias, saml("okta", Map.of("metadataXml", xml)), 201);
            String idpAlias = answer.get("alias").asText();
            LocalDate expires = LocalDate.parse(answer.get("signingCertificatesExpireAt").asText());
            long daysLeft = answer.get("signingCertificateDaysLeft").asLong();
            assertTrue(daysLeft == 4 || daysLeft == 5, "about five days: " + answer);
            assertFalse(answer.get("keysFromMetadataUrl").asBoolean(), "pinned from XML");

            JsonNode soon = new OnboardingApi(stack.keycloak().baseUrl()).call("GET", "/realms/helpdesk/orgsso/admin/secret-expiry?withinDays=7", null);
            JsonNode row = null;
            for (JsonNode r : soon.get("organizations")) {
                if (idpAlias.equals(r.get("alias").asText())) {
                    row = r;
                }
            }
            assertTrue(row != null, soon.toString());
            assertEquals("signing_certificate", row.get("credential").asText());
            assertEquals("saml", row.get("protocol").asText());
            assertEquals(expires.toString(), row.get("expiresAt").asText());
            assertTrue(row.get("clientSecretExpiresAt") == null, "no client secret on a SAML IdP: " + row);

            String warned = "idp=" + idpAlias + " expires=" + expires + " days_left=" + daysLeft + " credential=signing_certificate";
            awaitLog(mark, warned);
            Thread.sleep(3L * TestStack.SECRET_EXPIRY_INTERVAL_SECONDS * 1000);
            assertEquals(1, count(since(mark), warned), "warned once for the 7-day stage");
        }

        @Test
        @DisplayName("The organisation's IT contact is mailed a renewal link when the certificate's warning comes")
        void expiringCertificateMailsTheItContactARenewalLink() throws Exception {
            String alias = unique("renewcert");
            orgs.add(alias);
            String contact = "it@" + alias + ".test";
            admin.create("/admin/realms/helpdesk/organizations", Map.of("name", "Customer " + alias, "alias", alias,
                    "domains", List.of(Map.of("name", alias + ".test"))));
            OnboardingApi api = new OnboardingApi(stack.keycloak().baseUrl());
            HttpResponse<String> link = api.send("POST", BASE + alias + "/setup-links", Map.of("contact", contact));
            assertEquals(201, link.statusCode(), link.body());
            int mails = stack.mail().messagesTo(contact).size();
            String xml = SamlCustomerIdp.withCertificates(descriptorXml(), selfSignedCertificate(5));
            onboard(alias, saml("okta", Map.of("metadataXml", xml)), 201);
            jakarta.mail.internet.MimeMessage renewal = stack.mail().awaitMessageTo(contact, mails + 1, java.time.Duration.ofSeconds(60));
            assertTrue(renewal.getSubject().contains("renew the SAML signing certificate"), renewal.getSubject());
            String text = dev.orgsso.testkit.MailCatcher.textOf(renewal);
            assertTrue(text.contains("/realms/helpdesk/orgsso/setup/"), "a renewal link: " + text);
        }

        @Test
        @DisplayName("Two pinned certificates (a rollover): an assertion signed with either is accepted")
        void bothCertificatesOfARolloverAreAccepted() throws Exception {
            String alias = unique("rollover");
            String real = SamlCustomerIdp.certificateIn(descriptorXml());
            String other = SamlCustomerIdp.certificateIn(customer.descriptorXmlOf("helpdesk"));
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataXml", SamlCustomerIdp.withCertificates(descriptorXml(), other, real))), 201);
            assertEquals(2, answer.get("signingCertificates").size(), answer.toString());
            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(true));
            String email = "roll@" + alias + ".test";
            idpUser(email, "Rolf", "Over");
            assertEquals(email, firstSignUp("SamlIT-two-certificates", alias, email).get("email").asText());
        }

        @Test
        @DisplayName("The IdP rolls its key over: the next sign-in still works (keys reloaded from the metadata URL) and both certificates get pinned")
        void keyRolloverAtTheIdpIsFollowedFromTheMetadataUrl() throws Exception {
            String alias = unique("newkey");
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataUrl", descriptorUrl())), 201);
            assertTrue(answer.get("keysFromMetadataUrl").asBoolean());
            String idpAlias = answer.get("alias").asText();
            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(true));
            String email = "keys@" + alias + ".test";
            idpUser(email, "Kay", "Rollover");
            firstSignUp("SamlIT-key-rollover-before", alias, email);
            String before = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + idpAlias).at("/config/signingCertificate").asText();
            assertFalse(before.contains(","), "one certificate before the rollover");

            // Keycloak reloads an IdP's keys at most every 10 seconds (the public-key-storage SPI's
            // min-time-between-requests): the first sign-in just loaded them, so the rollover comes later.
            Thread.sleep(11_000);
            String keyId = newSigningKey();
            try {
                assertNotEquals(SamlCustomerIdp.certificateIn(descriptorXml()), before, "the IdP now signs with (and lists first) its new key");
                try (Browser b = new Browser("SamlIT-key-rollover-after")) {
                    AppPage app = signInAtIdp(b, alias, email, AppPage::new);
                    b.screenshot("signed-in-after-rollover");
                    assertEquals(email, app.claims().get("email").asText(), "signed with the new key, accepted");
                }
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
                String pinned = before;
                while (pinned.split(",").length < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    pinned = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + idpAlias).at("/config/signingCertificate").asText();
                }
                assertEquals(2, pinned.split(",").length, "the expiry check pinned both certificates the metadata lists: " + pinned);
                assertTrue(pinned.contains(before), "the old one stays while the IdP lists it");
                assertTrue(Files.readString(stack.keycloak().log()).contains("idp=" + idpAlias + " organization=" + alias
                        + " signing certificates refreshed"), "logged");
            } finally {
                admin.send("DELETE", "/admin/realms/" + IDP_REALM + "/components/" + keyId, null);
            }
        }
    }

    @Nested
    @DisplayName("Assertions that are not signed by the organisation's IdP")
    class Signatures {

        @Test
        @DisplayName("An assertion signed with another key than the one pinned from the metadata is refused; nothing is created")
        void wronglySignedAssertionIsRefused() throws Exception {
            String alias = unique("wrongkey");
            // The metadata names another certificate (the help desk realm's own): the IdP's real signature cannot verify.
            String foreign = SamlCustomerIdp.certificateIn(customer.descriptorXmlOf("helpdesk"));
            String xml = descriptorXml().replaceAll("(<(?:ds:)?X509Certificate>)[^<]+(</(?:ds:)?X509Certificate>)",
                    "$1" + java.util.regex.Matcher.quoteReplacement(foreign) + "$2");
            assertTrue(xml.contains(foreign));
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataXml", xml)), 201);
            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(true), true);
            String email = "mallory@" + alias + ".test";
            idpUser(email, "Mallory", "Key");
            try (Browser b = new Browser("SamlIT-wrong-signature")) {
                RefusalPage page = signInAtIdp(b, alias, email, RefusalPage::new);
                b.screenshot("wrongly-signed");
                assertFalse(b.has(org.openqa.selenium.By.id("claims")), "not signed in: " + page.text());
                assertTrue(page.text().contains("SSO setup needs attention"), page.text());
            }
            assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "nothing created");
        }

        @Test
        @DisplayName("The IdP's answer to our request posted a second time (same browser, or another) signs nobody in")
        void replayedAnswerIsRefused() throws Exception {
            String alias = unique("replay-sp");
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataUrl", descriptorUrl())), 201);
            String idpAlias = answer.get("alias").asText();
            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(true));
            String email = "ray@" + alias + ".test";
            String idpUserId = idpUser(email, "Ray", "Play");
            // An account that signed up before: linked by Entra's object id.
            admin.createUser("helpdesk", email, "Ray", "Play", UUID.randomUUID().toString());
            String userId = admin.usersByEmail("helpdesk", email).get(0).get("id").asText();
            assertEquals(204, admin.send("POST", "/admin/realms/helpdesk/users/" + userId + "/federated-identity/" + idpAlias,
                    Map.of("identityProvider", idpAlias, "userId", idpUserId, "userName", idpUserId)).statusCode());

            LoopbackHttp browser = new LoopbackHttp(stack.app().url());
            String redirect = stack.app().url() + "/main-app/callback";
            LoopbackHttp.Stop stop = SamlPostForm.submitAll(browser, browser.get(stack.keycloak().baseUrl()
                    + "/realms/helpdesk/protocol/openid-connect/auth?" + dev.orgsso.testkit.DemoApp.form(Map.of("client_id", "main-app",
                    "redirect_uri", redirect, "response_type", "code", "scope", "openid", "state", "s1", "kc_idp_hint", idpAlias,
                    "code_challenge", dev.orgsso.testkit.DemoApp.challenge(UUID.randomUUID() + "-" + UUID.randomUUID()),
                    "code_challenge_method", "S256"))));
            stop = browser.post(stop.form("kc-form-login"), Map.of("username", email, "password", PASSWORD));
            SamlPostForm.Form idpAnswer = SamlPostForm.read(stop);
            assertTrue(idpAnswer.fields().containsKey("SAMLResponse") && idpAnswer.fields().containsKey("RelayState"), idpAnswer.toString());
            assertEquals(answer.at("/customerSetup/acsUrl").asText(), idpAnswer.action());
            browser.post(idpAnswer.action(), idpAnswer.fields()).expectCode();
            assertEquals(1, sessions(userId), "the first post signs in");

            LoopbackHttp.Stop again = browser.post(idpAnswer.action(), idpAnswer.fields());
            assertFalse(again.reachedApp(), "the same answer again: no code (" + again.status() + " " + again.title() + ")");
            LoopbackHttp.Stop elsewhere = new LoopbackHttp(stack.app().url()).post(idpAnswer.action(), idpAnswer.fields());
            assertFalse(elsewhere.reachedApp(), "posted from another browser: no code (" + elsewhere.status() + " " + elsewhere.title() + ")");
            assertEquals(1, sessions(userId), "no session from the replays");
        }

        @Test
        @DisplayName("An IdP that sends its assertion unsigned is refused (signed assertions are required); nothing is created")
        void unsignedAssertionIsRefused() throws Exception {
            String alias = unique("nosig");
            JsonNode answer = onboard(alias, saml("entra", Map.of("metadataUrl", descriptorUrl())), 201);
            registerAtIdp(answer, SamlCustomerIdp.entraAttributes(true), false);
            String email = "eve@" + alias + ".test";
            idpUser(email, "Eve", "Unsigned");
            try (Browser b = new Browser("SamlIT-unsigned")) {
                RefusalPage page = signInAtIdp(b, alias, email, RefusalPage::new);
                b.screenshot("unsigned");
                assertFalse(b.has(org.openqa.selenium.By.id("claims")), "not signed in: " + page.text());
            }
            assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "nothing created");
        }
    }

    private Map<String, Object> saml(String type, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(more);
        body.put("protocol", "saml");
        body.put("type", type);
        return body;
    }

    /** A new signing key at the customer's IdP, above its current one: it signs with it and lists both. Its component id. */
    private String newSigningKey() {
        String realmId = admin.get("/admin/realms/" + IDP_REALM).get("id").asText();
        String name = "rollover-" + UUID.randomUUID().toString().substring(0, 8);
        admin.create("/admin/realms/" + IDP_REALM + "/components", Map.of("name", name, "providerId", "rsa-generated",
                "providerType", "org.keycloak.keys.KeyProvider", "parentId", realmId,
                "config", Map.of("priority", List.of("500"), "keySize", List.of("2048"))));
        for (JsonNode c : admin.get("/admin/realms/" + IDP_REALM + "/components?type=org.keycloak.keys.KeyProvider")) {
            if (name.equals(c.get("name").asText())) {
                return c.get("id").asText();
            }
        }
        throw new AssertionError("key provider not created");
    }

    /** A self-signed certificate valid for so many days (base64 DER), made with the JDK's keytool. */
    private static String selfSignedCertificate(int days) throws Exception {
        Path dir = Files.createTempDirectory("orgsso-cert");
        Path store = dir.resolve("k.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "idp", "-keyalg", "RSA", "-keysize", "2048", "-validity", Integer.toString(days),
                "-dname", "CN=expiring-idp.example", "-keystore", store.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        String pem = run(keytool, "-exportcert", "-rfc", "-alias", "idp", "-keystore", store.toString(), "-storepass", "changeit");
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private void awaitLog(long mark, String text) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (count(since(mark), text) < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with: " + text);
            }
            Thread.sleep(500);
        }
    }

    private String since(long mark) throws Exception {
        return new ServerLog(stack.keycloak().log()).since(mark);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private String descriptorUrl() {
        return customer.descriptorUrl();
    }

    private String descriptorXml() {
        return customer.descriptorXml();
    }

    private void registerAtIdp(JsonNode answer, List<Map<String, Object>> mappers) {
        customer.register(answer, mappers);
    }

    private void registerAtIdp(JsonNode answer, List<Map<String, Object>> mappers, boolean signs) {
        customer.register(answer, mappers, signs, Map.of());
    }

    private String idpUser(String email, String first, String last) {
        emails.add(email);
        return customer.user(email, first, last);
    }

    /** A first sign-up in a browser of its own: the organisation page, the IdP, the emailed code; the app's claims. */
    private JsonNode firstSignUp(String browserName, String orgAlias, String email) throws InterruptedException {
        try (Browser b = new Browser(browserName)) {
            int mails = stack.mail().messagesTo(email).size();
            CodePage code = signInAtIdp(b, orgAlias, email, CodePage::new);
            AppPage app = SignupSteps.confirmWithCode(code, stack.mail(), email, mails + 1);
            b.screenshot("signed-in");
            return app.claims();
        }
    }

    private <P> P signInAtIdp(Browser b, String orgAlias, String email, Function<Browser, P> next) {
        return SamlSignIn.viaOrganisation(b, stack, orgAlias, email, next);
    }

    private static <P> Function<Browser, P> pastPostForm(Function<Browser, P> next) {
        return SamlSignIn.pastPostForm(next);
    }

    private int sessions(String userId) {
        return admin.get("/admin/realms/helpdesk/users/" + userId + "/sessions").size();
    }

    private boolean isMember(String orgId, String userId) {
        for (JsonNode m : admin.get("/admin/realms/helpdesk/organizations/" + orgId + "/members")) {
            if (userId.equals(m.get("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode onboard(String alias, Map<String, Object> body, int status) throws Exception {
        orgs.add(alias);
        Map<String, Object> withOrg = new HashMap<>(body);
        withOrg.putIfAbsent("organization", Map.of("name", "Customer " + alias, "domains", List.of(alias + ".test")));
        HttpResponse<String> r = new OnboardingApi(stack.keycloak().baseUrl()).send("PUT", BASE + alias + "/sso", withOrg);
        assertEquals(status, r.statusCode(), r.body());
        return AdminClient.JSON.readTree(r.body());
    }

    private String error(String alias, Map<String, Object> body) throws Exception {
        orgs.add(alias);
        HttpResponse<String> r = new OnboardingApi(stack.keycloak().baseUrl()).send("PUT", BASE + alias + "/sso", body);
        assertEquals(400, r.statusCode(), r.body());
        return AdminClient.JSON.readTree(r.body()).get("error").asText();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
