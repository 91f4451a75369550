package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.it.pages.SetupPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.MailCatcher;
import dev.orgsso.testkit.OrgSsoStack;
import dev.orgsso.testkit.SamlCustomerIdp;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Self-service setup of a SAML connection: the IT admin chooses their vendor and SAML, registers the help
 * desk at a real SAML IdP on loopback ({@link SamlCustomerIdp}, a Keycloak realm) with the values the page
 * shows, gives its metadata (bad metadata is explained in words), tests the sign-in (verdicts on the
 * vendor's attributes, nothing created) and activates; then a user signs in through the organisation page.
 * Also: the pages in German, and a SAML renewal link that takes new metadata and changes only the pinned
 * certificates. Screenshots of each page under target/screenshots.
 */
class SetupLinkSamlIT {

    private static final String API = "/realms/helpdesk/orgsso/admin/organizations/";
    private static final Pattern LINK = Pattern.compile("(http://[^\\s\"<>]+/orgsso/setup/[A-Za-z0-9.-]+)");

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final SamlCustomerIdp customer = new SamlCustomerIdp(stack.keycloak().baseUrl());
    private final List<String> orgs = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        emails.forEach(e -> admin.deleteUsersByEmail("helpdesk", e));
        orgs.forEach(a -> admin.deleteOrganization("helpdesk", a));
        customer.cleanUp();
    }

    @Nested
    @DisplayName("An IT admin connects Entra ID by SAML")
    class EntraSaml {

        @Test
        void registersGivesMetadataTestsActivatesAndTheirUserSignsIn() throws Exception {
            Org org = organisation("fabrikam");
            String domain = org.domain();
            String alias = org.alias();
            String orgId = org.id();
            String idpAlias = org.samlIdp("entra");
            String url = link(alias);
            String email = "megan@" + domain;
            emails.add(email);
            customer.user(email, "Megan", "Bowen");

            try (Browser b = new Browser("SetupLinkSamlIT-entra")) {
                SetupPage page = b.open(url, SetupPage::new).chooseSaml("entra");
                assertEquals("connect", page.step());
                String acs = stack.keycloak().baseUrl() + "/realms/helpdesk/broker/" + idpAlias + "/endpoint";
                assertEquals(acs, page.registerValue("acs-url"));
                assertEquals(acs + "/descriptor", page.registerValue("sp-entity-id"));
                assertEquals(acs + "/descriptor", page.registerValue("sp-metadata-url"));
                assertTrue(page.text("orgsso-setup-name-id").contains("nameid-format:persistent"), page.text("orgsso-setup-name-id"));
                Map<String, String> attributes = page.attributesToRelease();
                assertEquals(SamlCustomerIdp.ENTRA_EMAIL, attributes.get("email"));
                assertEquals(SamlCustomerIdp.ENTRA_GIVEN, attributes.get("firstName"));
                assertEquals(SamlCustomerIdp.ENTRA_SURNAME, attributes.get("lastName"));
                assertEquals(SamlCustomerIdp.ENTRA_OID, attributes.get("principal"));
                assertTrue(b.text().contains("Reply URL") && b.text().contains("Identifier (Entity ID)"), "Entra's own words");
                b.screenshot("register-at-entra-saml");

                // Bad metadata, each answered in words and nothing saved.
                page = page.connectMetadata("", "");
                assertTrue(page.message().contains("Enter the metadata URL"), page.message());
                page = page.connectMetadata("https://10.0.0.7/federationmetadata.xml", "");
                assertTrue(page.message().contains("private or internal"), page.message());
                assertEquals("https://10.0.0.7/federationmetadata.xml", b.find(By.id("metadataUrl")).getAttribute("value"),
                        "what was typed stays");
                b.screenshot("metadata-url-not-public");
                page = page.connectMetadata(stack.keycloak().baseUrl() + "/realms/" + SamlCustomerIdp.REALM + "/no-metadata-here", "");
                assertTrue(page.message().contains("no SAML metadata at this address"), page.message());
                page = page.connectMetadata("", "<html><body>Federation metadata</body></html>");
                assertTrue(page.message().contains("not SAML 2.0 metadata"), page.message());
                b.screenshot("metadata-xml-invalid");
                assertEquals(0, admin.get("/admin/realms/helpdesk/organizations/" + orgId + "/identity-providers").size(), "nothing saved");

                page = page.connectMetadata(customer.descriptorUrl(), "");
                assertEquals("test", page.step());
                assertEquals(customer.entityId(), page.text("orgsso-setup-idp-entity-id"));
                assertTrue(page.text("orgsso-setup-certificates").contains("valid until"), page.text("orgsso-setup-certificates"));
                assertFalse(page.canActivate(), "not before a test sign-in passed");
                b.screenshot("saml-saved-not-live");
                JsonNode idp = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + idpAlias);
                assertEquals("true", idp.at("/config/orgsso.pending").asText(), "pending until activated");

                // The customer's admin registers the help desk as the page said, but leaves out the email claim.
                String client = customer.register(page.text("orgsso-setup-sp-entity-id-saved"), page.text("orgsso-setup-acs-url-saved"),
                        SamlCustomerIdp.entraAttributes(false), true, Map.of());
                page = page.startTestSignIn(IdpLoginPage::new).assertAt(customer.realmUrl())
                        .signIn(email, SamlCustomerIdp.PASSWORD, SamlSignIn.pastPostForm(SetupPage::new));
                assertTrue(page.hasResult(), b.text());
                assertFalse(page.passed());
                assertEquals("fail", page.verdict(SamlCustomerIdp.ENTRA_EMAIL).get("level"));
                assertTrue(page.verdict(SamlCustomerIdp.ENTRA_EMAIL).get("text").contains("emailaddress"), page.verdicts().toString());
                assertEquals("ok", page.verdict(SamlCustomerIdp.ENTRA_OID).get("level"), "the object id names the user");
                assertTrue(page.text("orgsso-setup-claim-names").contains(SamlCustomerIdp.ENTRA_OID), page.text("orgsso-setup-claim-names"));
                assertFalse(page.canActivate());
                b.screenshot("saml-test-no-email");

                // Email released: the test passes; the IdP's session answers at once this time.
                customer.release(client, SamlCustomerIdp.entraEmail());
                page = page.startTestSignIn(SamlSignIn.pastPostForm(SetupPage::new));
                assertTrue(page.passed(), page.verdicts().toString());
                assertTrue(page.verdict(SamlCustomerIdp.ENTRA_EMAIL).get("text").contains(email), page.verdicts().toString());
                assertTrue(page.verdicts().stream().anyMatch(v -> v.get("text").contains("emailed code")), page.verdicts().toString());
                assertTrue(page.verdicts().stream().anyMatch(v -> v.get("text").contains("Megan Bowen")), page.verdicts().toString());
                b.screenshot("saml-test-passed");
                assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "the test sign-in creates no account");
                assertEquals(null, b.driver().manage().getCookieNamed("KEYCLOAK_IDENTITY"), "nor a help desk session");

                assertTrue(page.canActivate());
                page = page.activate();
                assertEquals("done", page.step());
                assertTrue(page.loginLinks().get("main-app").contains("kc_org=" + alias), page.loginLinks().toString());
                b.screenshot("saml-done");
            }
            JsonNode live = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + idpAlias);
            assertTrue(live.at("/config/orgsso.pending").isMissingNode(), "live");
            assertEquals("true", live.at("/config/orgsso.outsideUrls").asText(), "its metadata came from outside");

            JsonNode claims = signsUp("SetupLinkSamlIT-entra-user", alias, email);
            assertEquals(email, claims.get("email").asText());
            assertEquals("Megan", claims.get("given_name").asText());
        }
    }

    @Nested
    @DisplayName("Both languages")
    class Languages {

        @Test
        void theSamlStepsInGerman() throws Exception {
            String url = link(organisation("contoso").alias());
            try (Browser b = new Browser("SetupLinkSamlIT-de")) {
                SetupPage page = b.open(url + "?kc_locale=de", SetupPage::new);
                assertTrue(b.text().contains("SAML 2.0"), b.text());
                b.screenshot("choose-de");
                page = page.chooseSaml("okta");
                assertTrue(b.text().contains("Attribute Statements"), b.text());
                assertTrue(b.text().contains("Metadaten-URL"), b.text());
                b.screenshot("register-okta-saml-de");
                page = page.connectMetadata("", "<EntityDescriptor/>");
                assertTrue(page.message().contains("keine SAML-2.0-Metadaten") || page.message().contains("Metadaten"), page.message());
                b.screenshot("metadata-invalid-de");
                page = page.connectMetadata(customer.descriptorUrl(), "");
                assertEquals("test", page.step());
                assertTrue(b.text().contains("Geprüfte Signaturzertifikate"), b.text());
                b.screenshot("test-de");
            }
        }
    }

    @Nested
    @DisplayName("Renewal of a SAML connection's signing certificate")
    class Renewal {

        @Test
        void theRenewalLinkTakesNewMetadataAndChangesOnlyTheCertificates() throws Exception {
            Org org = organisation("northwind");
            String domain = org.domain();
            String alias = org.alias();
            String idpAlias = org.samlIdp("okta");
            // Onboarded by the vendor's API with the old certificate pinned (one the IdP no longer signs with).
            String oldCertificate = SamlCustomerIdp.certificateIn(customer.descriptorXmlOf("helpdesk"));
            JsonNode answer = new OnboardingApi(stack.keycloak().baseUrl()).call("PUT", API + alias + "/sso", Map.of("protocol", "saml",
                    "type", "okta", "metadataXml", SamlCustomerIdp.withCertificates(customer.descriptorXml(), oldCertificate)));
            customer.register(answer, SamlCustomerIdp.oktaAttributes());
            JsonNode before = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + idpAlias);
            assertEquals(oldCertificate, before.at("/config/signingCertificate").asText());

            String contact = "it@" + domain;
            JsonNode created = new OnboardingApi(stack.keycloak().baseUrl()).call("POST", API + alias + "/setup-links",
                    Map.of("identityProvider", idpAlias, "contact", contact));
            assertEquals("renewal", created.get("purpose").asText(), created.toString());
            assertTrue(created.get("emailed").asBoolean(), created.toString());
            MimeMessage mail = stack.mail().awaitMessageTo(contact, 1, Duration.ofSeconds(30));
            assertTrue(mail.getSubject().contains("certificate"), mail.getSubject());
            String url = linkIn(mail);
            SecretLedger.secret(url.substring(url.lastIndexOf('.') + 1));
            assertEquals(404, new OnboardingApi(stack.keycloak().baseUrl()).send("POST", API + alias + "/setup-links",
                    Map.of("identityProvider", "okta-saml-not-this-org")).statusCode());

            HttpResponse<String> secret = new LoopbackHttp().postOnce(url + "/secret", Map.of("clientSecret", "x", "clientSecretExpiresAt", "2030-01-01"));
            assertTrue(secret.body().contains("cannot do that"), "a SAML renewal takes no client secret");

            try (Browser b = new Browser("SetupLinkSamlIT-renewal")) {
                SetupPage page = b.open(url, SetupPage::new);
                assertEquals("renew", page.step());
                assertTrue(b.text().contains("signing certificate"), b.text());
                b.screenshot("renew-certificate");
                b.open(url + "?kc_locale=de", SetupPage::new);
                b.screenshot("renew-certificate-de");
                page = b.open(url + "?kc_locale=en", SetupPage::new);
                // Another IdP's metadata is refused in words, and nothing changes.
                page = page.renewMetadata("", customer.descriptorXmlOf("helpdesk"));
                assertEquals("renew", page.step());
                assertTrue(page.message().contains("another identity provider"), page.message());
                b.screenshot("renew-other-idp");
                page = page.renewMetadata(customer.descriptorUrl(), "");
                assertEquals("renewed", page.step(), page.message());
                b.screenshot("renewed-certificate");
                assertEquals("used", b.open(url, SetupPage::new).refusedBecause());
            }
            JsonNode after = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + idpAlias);
            assertEquals(SamlCustomerIdp.certificateIn(customer.descriptorXml()), after.at("/config/signingCertificate").asText());
            // Only the certificates: everything else as the vendor's onboarding set it.
            for (String key : List.of("idpEntityId", "singleSignOnServiceUrl", "entityId", "principalType", "nameIDPolicyFormat")) {
                assertEquals(before.at("/config/" + key).asText(), after.at("/config/" + key).asText(), key);
            }
            assertEquals(customer.descriptorUrl(), after.at("/config/metadataDescriptorUrl").asText(),
                    "the certificates are refreshed from the renewal's metadata URL from now on");
            assertEquals("true", after.at("/config/orgsso.outsideUrls").asText(), "typed on a setup page: fetched under the outside-URL rules");
            assertEquals("false", after.at("/config/useMetadataDescriptorUrl").asText(), "never by Keycloak's own loader");
            assertTrue(after.at("/config/orgsso.pending").isMissingNode(), "still live");

            String email = "nancy@" + domain;
            emails.add(email);
            customer.user(email, "Nancy", "Davolio");
            assertEquals(email, signsUp("SetupLinkSamlIT-renewal-user", alias, email).get("email").asText(), "the new certificate is in use");
        }
    }

    // ---- helpers

    /** An organisation of the test, with its one verified domain. */
    private record Org(String alias, String id, String domain) {
        String samlIdp(String type) {
            return type + "-saml-" + id;
        }
    }

    private Org organisation(String prefix) {
        String alias = unique(prefix);
        String domain = alias + ".test";
        orgs.add(alias);
        admin.create("/admin/realms/helpdesk/organizations", Map.of("name", prefix.substring(0, 1).toUpperCase() + prefix.substring(1),
                "alias", alias, "domains", List.of(Map.of("name", domain, "verified", true))));
        return new Org(alias, admin.organizationId("helpdesk", alias), domain);
    }

    /** A user's first sign-in through the organisation page and the SAML IdP, with the emailed code; the app's claims. */
    private JsonNode signsUp(String browser, String alias, String email) throws Exception {
        try (Browser b = new Browser(browser)) {
            int mails = stack.mail().messagesTo(email).size();
            CodePage code = SamlSignIn.viaOrganisation(b, stack, alias, email, CodePage::new);
            AppPage app = SignupSteps.confirmWithCode(code, stack.mail(), email, mails + 1);
            b.screenshot("signed-in");
            return app.claims();
        }
    }

    private String link(String alias) throws Exception {
        String url = new OnboardingApi(stack.keycloak().baseUrl()).call("POST", API + alias + "/setup-links", Map.of()).get("url").asText();
        SecretLedger.secret(url.substring(url.lastIndexOf('.') + 1));
        return url;
    }

    private static String linkIn(MimeMessage mail) {
        String text = MailCatcher.textOf(mail);
        Matcher m = LINK.matcher(text);
        assertTrue(m.find(), "a setup link in the mail:\n" + text);
        return m.group(1);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
