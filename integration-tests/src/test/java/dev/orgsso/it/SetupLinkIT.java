package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.it.pages.OrganisationPage;
import dev.orgsso.it.pages.SetupPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.FakeIdentityProviders;
import dev.orgsso.testkit.FakeIdentityProviders.Issuer;
import dev.orgsso.testkit.FakeIdentityProviders.Shape;
import dev.orgsso.testkit.LoopbackDns;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.MailCatcher;
import dev.orgsso.testkit.OrgSsoStack;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Self-service setup: the vendor makes a link, the customer's IT admin connects their IdP through it in
 * a real browser against loopback IdPs, tests the sign-in (claims and verdicts, no account made), proves
 * a domain against a DNS server on loopback and activates; then a user of that organisation signs in.
 * Next to it: links that no longer work, a link that tries another organisation, every refused URL
 * kind, and the renewal mail with its limited link. Screenshots of each page, in English and German.
 */
class SetupLinkIT {

    private static final String API = "/realms/helpdesk/orgsso/admin/organizations/";
    private static final Pattern LINK = Pattern.compile("(http://[^\\s\"<>]+/orgsso/setup/[A-Za-z0-9.-]+)");

    private final OrgSsoStack stack = TestStack.get();
    private final FakeIdentityProviders idps = TestStack.idps();
    private final LoopbackDns dns = TestStack.dns();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final List<String> orgs = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        emails.forEach(e -> admin.deleteUsersByEmail("helpdesk", e));
        orgs.forEach(a -> admin.deleteOrganization("helpdesk", a));
    }

    @Nested
    @DisplayName("The vendor's API")
    class VendorApi {

        @Test
        void createsListsAndRevokesLinksAndNeverShowsATokenTwice() throws Exception {
            String alias = organisation("tailspin", List.of());
            JsonNode created = api().call("POST", API + alias + "/setup-links", Map.of("days", 3));
            String url = created.get("url").asText();
            String token = url.substring(url.lastIndexOf('/') + 1);
            SecretLedger.secret(token.substring(token.lastIndexOf('.') + 1));
            assertTrue(url.startsWith(stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/setup/"), url);
            assertNotNull(created.get("id").asText());
            LocalDate expires = LocalDate.parse(created.get("expiresAt").asText().substring(0, 10));
            assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(3), expires);

            String listed = api().send("GET", API + alias + "/setup-links", null).body();
            assertTrue(listed.contains(created.get("id").asText()), listed);
            assertFalse(listed.contains(token.substring(token.lastIndexOf('.') + 1)), "the list never holds the token");
            assertFalse(admin.get("/admin/realms/helpdesk/organizations/" + admin.organizationId("helpdesk", alias)).toString()
                    .contains(token.substring(token.lastIndexOf('.') + 1)), "only the hash is stored");

            assertEquals(400, api().send("POST", API + alias + "/setup-links", Map.of("days", 0)).statusCode());
            assertEquals(400, api().send("POST", API + alias + "/setup-links", Map.of("days", 31)).statusCode());
            assertEquals(400, api().send("POST", API + alias + "/setup-links", Map.of("contact", "not-an-email")).statusCode());
            assertEquals(404, api().send("POST", API + "no-such-org/setup-links", Map.of()).statusCode());
            assertEquals(401, api().send(null, "POST", API + alias + "/setup-links", Map.of()).statusCode(), "onboarding API rights");

            assertEquals(204, api().send("DELETE", API + alias + "/setup-links/" + created.get("id").asText(), null).statusCode());
            assertEquals(404, api().send("DELETE", API + alias + "/setup-links/" + created.get("id").asText(), null).statusCode());
            assertFalse(api().send("GET", API + alias + "/setup-links", null).body().contains(created.get("id").asText()));
        }
    }

    @Nested
    @DisplayName("An IT admin connects Entra ID")
    class EntraSetup {

        @Test
        void choosesTestsProvesActivatesAndTheirUserSignsIn() throws Exception {
            String tid = UUID.randomUUID().toString();
            String domain = unique("adatum") + ".test";
            Issuer tenant = idps.entraTenant(tid, domain).client("adatum-app", "adatum-secret-1");
            SecretLedger.secret("adatum-secret-1");
            String alias = organisation("adatum", List.of());
            String contact = "it-" + alias + "@" + domain;
            JsonNode created = api().call("POST", API + alias + "/setup-links", Map.of("contact", contact));
            assertTrue(created.get("emailed").asBoolean(), created.toString());
            MimeMessage invitation = stack.mail().awaitMessageTo(contact, 1, Duration.ofSeconds(30));
            String url = linkIn(invitation);
            assertEquals(created.get("url").asText(), url, "the mail holds the link");

            try (Browser b = new Browser("SetupLinkIT-entra")) {
                SetupPage page = b.open(url, SetupPage::new);
                assertEquals("choose", page.step());
                b.screenshot("choose");

                page = page.choose("entra");
                assertEquals("connect", page.step());
                String orgId = admin.organizationId("helpdesk", alias);
                assertEquals(stack.keycloak().baseUrl() + "/realms/helpdesk/broker/entra-" + orgId + "/endpoint", page.redirectUri());
                assertTrue(page.text("orgsso-setup-claims").contains("email"));
                assertTrue(page.text("orgsso-setup-claims").contains("given_name"));
                assertTrue(page.text("orgsso-setup-claims").contains("family_name"));
                b.screenshot("register-at-entra");

                page = page.connect(Map.of("tenant", "not a tenant", "clientId", "adatum-app", "clientSecret", "adatum-secret-1"));
                assertEquals("connect", page.step());
                assertTrue(page.message().contains("not a tenant") || page.message().contains("tenant"), page.message());
                b.screenshot("entra-tenant-refused");

                page = page.connect(Map.of("tenant", domain, "clientId", "adatum-app", "clientSecret", "adatum-secret-1",
                        "clientSecretExpiresAt", LocalDate.now().plusMonths(6).toString()));
                assertEquals("test", page.step());
                assertFalse(page.canActivate(), "not before a test sign-in passed");
                b.screenshot("saved-not-live");

                // Not offered to anyone before activation: the organisation page says SSO is not set up.
                assertPendingIsNotOffered(alias, "entra-" + orgId);

                // Test sign-in 1: Entra sends no email claim.
                String oid = UUID.randomUUID().toString();
                tenant.signIn(Map.of("oid", oid, "name", "Ada Tum"));
                page = page.testSignIn();
                assertTrue(page.hasResult());
                assertFalse(page.passed());
                assertEquals("fail", page.verdict("email").get("level"));
                assertTrue(page.verdict("email").get("text").contains("optional claim \"email\""), page.verdict("email").toString());
                assertFalse(page.canActivate());
                b.screenshot("test-no-email");

                // Test sign-in 2: an email, but Entra did not verify its domain (xms_edov false).
                String email = "ada@" + domain;
                emails.add(email);
                tenant.signIn(Map.of("oid", oid, "email", email, "xms_edov", false, "given_name", "Ada", "family_name", "Tum"));
                page = page.testSignIn();
                assertTrue(page.passed(), page.verdicts().toString());
                assertEquals("warn", page.verdict("xms_edov").get("level"));
                assertTrue(page.verdict("xms_edov").get("text").contains("emailed code"), page.verdict("xms_edov").toString());
                assertEquals("ok", page.verdict("oid").get("level"));
                b.screenshot("test-unverified-email");
                assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "the test sign-in creates no account");
                assertEquals(null, b.driver().manage().getCookieNamed("KEYCLOAK_IDENTITY"), "nor a help desk session");
                assertFalse(page.canActivate(), "a passed test is not enough without a proved domain");

                // Domain proof against the loopback DNS: no record, wrong record, right record.
                page = page.claimDomain(domain);
                Map<String, String> record = page.record(domain);
                assertEquals("_orgsso-challenge." + domain, record.get("name"));
                b.screenshot("domain-record");
                page = page.checkDomain(domain);
                assertTrue(page.message().contains("no TXT record"), page.message());
                dns.txt(record.get("name"), "orgsso-verification=somebody-elses");
                page = page.checkDomain(domain);
                assertTrue(page.message().contains("none with the value"), page.message());
                dns.txt(record.get("name"), record.get("value"));
                page = page.checkDomain(domain);
                assertTrue(page.verified(domain));
                b.screenshot("domain-proved");
                assertTrue(admin.organization("helpdesk", alias).get("domains").toString().contains("\"verified\":true"));

                // A domain another organisation holds, and a public mail domain.
                page = page.claimDomain("acme.test");
                assertTrue(page.message().contains("another organisation"), page.message());
                page = page.claimDomain("gmail.com");
                assertTrue(page.message().contains("public mail"), page.message());

                assertTrue(page.canActivate());
                page = page.activate();
                assertEquals("done", page.step());
                Map<String, String> links = page.loginLinks();
                assertTrue(links.get("main-app").contains("kc_org=" + alias), links.toString());
                assertFalse(links.containsKey("agent-app"), "an end users' connection");
                b.screenshot("activated");

                // Used up.
                SetupPage again = b.open(url, SetupPage::new);
                assertEquals("used", again.refusedBecause());
                b.screenshot("link-used");
            }

            // A user of the organisation signs in through the organisation page (xms_edov true: no code).
            String user = "grace@" + domain;
            emails.add(user);
            tenant.signIn(Map.of("oid", UUID.randomUUID().toString(), "email", user, "xms_edov", true, "given_name", "Grace", "family_name", "Hopper"));
            try (Browser b = new Browser("SetupLinkIT-entra-user")) {
                AppPage app = b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso().enter(alias, AppPage::new);
                assertEquals(user, app.claims().get("email").asText());
                b.screenshot("user-signed-in");
            }
            String events = admin.get("/admin/realms/helpdesk/admin-events?max=200").toString();
            assertTrue(events.contains(created.get("id").asText()), "the link's actions are admin events naming it");
            for (String decision : List.of("setup_connection_saved", "setup_test_sign_in", "setup_domain_verified", "setup_activated")) {
                assertTrue(events.contains(decision), decision);
            }
            String log = Files.readString(stack.keycloak().log());
            assertTrue(log.contains("\"setup_link\":\"" + created.get("id").asText() + "\""), "audit lines name the link");
        }
    }

    @Nested
    @DisplayName("An IT admin connects a plain OpenID Connect provider")
    class PlainOidcSetup {

        @Test
        void setsUpTestsActivatesAndAUserSignsIn() throws Exception {
            String domain = unique("litware") + ".test";
            String alias = organisation("litware", List.of(domain));
            Issuer oidc = idps.issuer(Shape.OIDC, "/" + alias + "-idp").client("litware-app", "litware-secret");
            SecretLedger.secret("litware-secret");
            String url = link(alias, Map.of());
            try (Browser b = new Browser("SetupLinkIT-oidc")) {
                SetupPage page = b.open(url, SetupPage::new).choose("oidc");
                b.screenshot("register-at-oidc");
                page = page.connect(Map.of("issuer", oidc.url(), "clientId", "litware-app", "clientSecret", "litware-secret"));
                assertEquals("test", page.step(), page.message());
                String email = "lin@" + domain;
                emails.add(email);
                oidc.signIn(Map.of("sub", "lin-1", "email", email, "email_verified", true, "given_name", "Lin", "family_name", "Ware"));
                page = page.testSignIn();
                assertTrue(page.passed(), page.verdicts().toString());
                assertEquals("ok", page.verdict("email_verified").get("level"));
                assertEquals("ok", page.verdict("sub").get("level"));
                b.screenshot("oidc-test-passed");
                assertEquals(0, admin.usersByEmail("helpdesk", email).size());
                page = page.activate();
                assertEquals("done", page.step());
            }
            try (Browser b = new Browser("SetupLinkIT-oidc-user")) {
                AppPage app = b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso().enter(alias, AppPage::new);
                assertEquals("lin@" + domain, app.claims().get("email").asText());
            }
        }
    }

    @Nested
    @DisplayName("Links that no longer work, and links that try another organisation")
    class LinksAndBoundaries {

        @Test
        void expiredRevokedAndUnknownLinksGetAClearPage() throws Exception {
            String alias = organisation("fourth", List.of());
            JsonNode revoked = api().call("POST", API + alias + "/setup-links", Map.of());
            api().call("DELETE", API + alias + "/setup-links/" + revoked.get("id").asText(), null);
            JsonNode expiring = api().call("POST", API + alias + "/setup-links", Map.of("days", 1));
            expire(alias, expiring.get("id").asText());
            try (Browser b = new Browser("SetupLinkIT-refused")) {
                SetupPage page = b.open(revoked.get("url").asText(), SetupPage::new);
                assertEquals("revoked", page.refusedBecause());
                b.screenshot("revoked");
                page = b.open(expiring.get("url").asText(), SetupPage::new);
                assertEquals("expired", page.refusedBecause());
                b.screenshot("expired");
                String url = revoked.get("url").asText();
                page = b.open(url.substring(0, url.length() - 4) + "AAAA", SetupPage::new);
                assertEquals("unknown", page.refusedBecause());
                page = b.open(stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/setup/garbage<script>", SetupPage::new);
                assertEquals("unknown", page.refusedBecause());
                b.screenshot("unknown");
                b.open(revoked.get("url").asText() + "?kc_locale=de", SetupPage::new);
                b.screenshot("revoked-de");
            }
            HttpResponse<String> expired = new LoopbackHttp().getOnce(expiring.get("url").asText());
            assertEquals(410, expired.statusCode());
            assertEquals("no-store", expired.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("no-referrer", expired.headers().firstValue("Referrer-Policy").orElse(""));
        }

        @Test
        void aLinkOfOneOrganisationCannotReadOrChangeAnother() throws Exception {
            String a = organisation("alpha", List.of());
            String b = organisation("bravo", List.of());
            String urlA = link(a, Map.of());
            String idB = admin.organizationId("helpdesk", b);
            String idA = admin.organizationId("helpdesk", a);
            // A's link with B's id in front: names nothing.
            String swapped = urlA.replace(idA, idB);
            LoopbackHttp http = new LoopbackHttp();
            assertEquals(404, http.getOnce(swapped).statusCode());
            assertEquals(404, http.postOnce(swapped + "/provider", Map.of("type", "oidc")).statusCode());
            // Form fields that name B are not read: the connection lands in A only.
            Issuer oidc = idps.issuer(Shape.OIDC, "/" + a + "-idp").client("alpha-app", "alpha-secret");
            SecretLedger.secret("alpha-secret");
            http.postOnce(urlA + "/provider", Map.of("type", "oidc", "organization", b, "alias", b));
            HttpResponse<String> saved = http.postOnce(urlA + "/connection", Map.of("issuer", oidc.url(), "clientId", "alpha-app",
                    "clientSecret", "alpha-secret", "organization", b, "organizationId", idB));
            assertEquals(200, saved.statusCode(), saved.body());
            assertEquals(1, admin.get("/admin/realms/helpdesk/organizations/" + idA + "/identity-providers").size());
            assertEquals(0, admin.get("/admin/realms/helpdesk/organizations/" + idB + "/identity-providers").size());
            assertFalse(saved.body().contains(b), "the page names nothing of B");
        }
    }

    @Nested
    @DisplayName("URLs typed on the setup pages come from outside")
    class OutsideUrls {

        @Test
        void everyRefusedKindIsRefusedBeforeAnyRequest() throws Exception {
            String alias = organisation("contoso-urls", List.of());
            String url = link(alias, Map.of());
            AtomicInteger reached = new AtomicInteger();
            HttpServer trap = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String trapUrl = "http://127.0.0.1:" + trap.getAddress().getPort();
            trap.createContext("/", ex -> {
                reached.incrementAndGet();
                ex.sendResponseHeaders(500, -1);
                ex.close();
            });
            HttpServer docs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String docsUrl = "http://127.0.0.1:" + docs.getAddress().getPort();
            docs.createContext("/redirecting/.well-known/openid-configuration", ex -> {
                ex.getResponseHeaders().add("Location", trapUrl + "/.well-known/openid-configuration");
                ex.sendResponseHeaders(302, -1);
                ex.close();
            });
            docs.createContext("/inside/.well-known/openid-configuration", ex -> {
                byte[] body = ("{\"issuer\":\"" + docsUrl + "/inside\",\"authorization_endpoint\":\"" + docsUrl + "/inside/authorize\","
                        + "\"token_endpoint\":\"http://169.254.169.254/latest/meta-data\",\"jwks_uri\":\"" + docsUrl + "/inside/jwks\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            trap.start();
            docs.start();
            try (Browser b = new Browser("SetupLinkIT-urls")) {
                SetupPage page = b.open(url, SetupPage::new).choose("oidc");
                Map<String, String> refused = new LinkedHashMap<>();
                refused.put("http://idp.example.com", "https address");
                refused.put("https://10.0.0.7", "private or internal");
                refused.put("https://192.168.1.1/oauth2", "private or internal");
                refused.put("https://172.16.0.1", "private or internal");
                refused.put("https://169.254.169.254/latest", "private or internal");
                refused.put("https://[fd00::1]", "private or internal");
                refused.put("https://[::ffff:10.0.0.1]", "private or internal");
                refused.put("https://0.0.0.0", "private or internal");
                refused.put("https://100.64.0.1", "private or internal");
                refused.put("https://user:pass@idp.example.com", "");
                refused.put("https://no-such-host.invalid", "could not find this host");
                refused.put(docsUrl + "/redirecting", "redirects elsewhere");
                refused.put(docsUrl + "/inside", "private or internal");
                for (Map.Entry<String, String> kind : refused.entrySet()) {
                    page = page.connect(Map.of("issuer", kind.getKey(), "clientId", "x", "clientSecret", "y"));
                    assertEquals("connect", page.step(), kind.getKey());
                    String message = page.message();
                    assertFalse(message.isBlank(), kind.getKey());
                    assertTrue(message.contains(kind.getValue()), kind.getKey() + " -> " + message);
                    assertFalse(message.contains("169.254.169.254/latest/meta-data"), "nothing a fetched document said is echoed");
                }
                b.screenshot("url-refused");
            } finally {
                trap.stop(0);
                docs.stop(0);
            }
            assertEquals(0, reached.get(), "no request followed a redirect or went to an inside address");
            assertEquals(0, admin.get("/admin/realms/helpdesk/organizations/" + admin.organizationId("helpdesk", alias)
                    + "/identity-providers").size(), "nothing was saved");
        }
    }

    @Nested
    @DisplayName("Renewal before the client secret expires")
    class Renewal {

        @Test
        void theItContactGetsALinkThatCanOnlyReplaceTheSecret() throws Exception {
            String domain = unique("proseware") + ".test";
            String alias = organisation("proseware", List.of(domain));
            Issuer okta = idps.issuer(Shape.OKTA, "/" + alias + "-okta").client("prose-app", "prose-old-secret");
            SecretLedger.secret("prose-old-secret");
            SecretLedger.secret("prose-new-secret");
            String contact = "it@" + domain;
            // The vendor's link names the contact; the connection itself comes from the onboarding API.
            link(alias, Map.of("contact", contact));
            int mails = stack.mail().messagesTo(contact).size();
            api().call("PUT", API + alias + "/sso", Map.of("type", "okta", "issuer", okta.url(), "clientId", "prose-app",
                    "clientSecret", "prose-old-secret", "clientSecretExpiresAt", LocalDate.now(ZoneOffset.UTC).plusDays(6).toString()));
            MimeMessage renewal = stack.mail().awaitMessageTo(contact, mails + 1, Duration.ofSeconds(60));
            String text = MailCatcher.textOf(renewal);
            assertTrue(renewal.getSubject().toLowerCase().contains("renew") || text.contains("expires"), renewal.getSubject());
            String url = linkIn(renewal);
            SecretLedger.secret(url.substring(url.lastIndexOf('.') + 1));

            LoopbackHttp http = new LoopbackHttp();
            HttpResponse<String> setupStep = http.postOnce(url + "/provider", Map.of("type", "entra"));
            assertTrue(setupStep.body().contains("cannot do that"), "a renewal link runs no setup step");
            assertEquals(1, admin.get("/admin/realms/helpdesk/organizations/" + admin.organizationId("helpdesk", alias)
                    + "/identity-providers").size());

            String newExpiry = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();
            okta.client("prose-app", "prose-new-secret");
            try (Browser b = new Browser("SetupLinkIT-renewal")) {
                SetupPage page = b.open(url, SetupPage::new);
                assertEquals("renew", page.step());
                b.screenshot("renew");
                b.open(url + "?kc_locale=de", SetupPage::new);
                b.screenshot("renew-de");
                page = b.open(url + "?kc_locale=en", SetupPage::new).renew("prose-new-secret", newExpiry);
                assertEquals("renewed", page.step());
                b.screenshot("renewed");
                assertEquals("used", b.open(url, SetupPage::new).refusedBecause());
            }
            JsonNode idp = admin.get("/admin/realms/helpdesk/identity-provider/instances/okta-" + admin.organizationId("helpdesk", alias));
            assertEquals(newExpiry, idp.at("/config/orgsso.secretExpiresAt").asText());
            assertTrue(idp.at("/config/orgsso.secretExpiryWarned").isMissingNode(), "warnings start afresh");
            String email = "pat@" + domain;
            emails.add(email);
            okta.signIn(Map.of("sub", "pat-1", "email", email, "email_verified", true, "given_name", "Pat", "family_name", "Prose"));
            try (Browser b = new Browser("SetupLinkIT-renewal-user")) {
                AppPage app = b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso().enter(alias, AppPage::new);
                assertEquals(email, app.claims().get("email").asText(), "the new secret is in use");
            }
        }
    }

    @Nested
    @DisplayName("Both languages")
    class Languages {

        @Test
        void everyStepInGerman() throws Exception {
            String tid = UUID.randomUUID().toString();
            String domain = unique("woodgrove") + ".test";
            Issuer tenant = idps.entraTenant(tid, domain).client("wood-app", "wood-secret");
            SecretLedger.secret("wood-secret");
            String alias = organisation("woodgrove", List.of(domain));
            String url = link(alias, Map.of());
            try (Browser b = new Browser("SetupLinkIT-de")) {
                SetupPage page = b.open(url + "?kc_locale=de", SetupPage::new);
                assertTrue(b.text().contains("Identitätsanbieter") || b.text().contains("Anmeldung"), b.text());
                b.screenshot("choose-de");
                page = page.choose("entra");
                b.screenshot("register-de");
                page = page.connect(Map.of("tenant", domain, "clientId", "wood-app", "clientSecret", "wood-secret"));
                b.screenshot("test-de");
                tenant.signIn(Map.of("oid", UUID.randomUUID().toString(), "email", "w@" + domain, "name", "Wood Grove"));
                page = page.testSignIn();
                b.screenshot("result-de");
                assertTrue(page.passed());
                page = page.claimDomain("extra-" + domain);
                b.screenshot("domain-de");
                page = page.activate();
                assertEquals("done", page.step());
                b.screenshot("done-de");
            }
        }
    }

    // ---- helpers

    private void assertPendingIsNotOffered(String alias, String idpAlias) {
        try (Browser b = new Browser("SetupLinkIT-pending")) {
            OrganisationPage org = b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso();
            OrganisationPage again = org.enterRefused(alias);
            assertTrue(again.error().contains("not set up"), again.error());
            b.screenshot("pending-not-offered");
            // Nor through the broker's own login URL or the direct link.
            String direct = stack.app().loginUrl("main-app") + (stack.app().loginUrl("main-app").contains("?") ? "&" : "?") + "kc_org=" + alias;
            b.open(direct);
            assertFalse(b.url().contains("/entra/"), "never sent to the pending IdP: " + b.url());
            // Nor by naming the IdP itself: kc_idp_hint is refused by the IdP's own sign-in start.
            b.open(stack.app().loginUrl("main-app") + "?kc_idp_hint=" + idpAlias);
            assertFalse(b.url().contains("/entra/"), "kc_idp_hint never reaches the pending IdP: " + b.url());
            assertTrue(b.text().contains("not set up"), b.text());
            b.screenshot("pending-idp-hint-refused");
        }
    }

    private String organisation(String prefix, List<String> verifiedDomains) {
        String alias = unique(prefix);
        orgs.add(alias);
        List<Map<String, Object>> domains = verifiedDomains.stream().map(d -> Map.<String, Object>of("name", d, "verified", true)).toList();
        admin.create("/admin/realms/helpdesk/organizations", Map.of("name", prefix.substring(0, 1).toUpperCase() + prefix.substring(1),
                "alias", alias, "domains", domains.isEmpty() ? List.of(Map.of("name", alias + ".placeholder.test", "verified", false)) : domains));
        return alias;
    }

    private String link(String alias, Map<String, Object> body) throws Exception {
        String url = api().call("POST", API + alias + "/setup-links", body).get("url").asText();
        SecretLedger.secret(url.substring(url.lastIndexOf('.') + 1));
        return url;
    }

    /** Sets the link's stored expiry into the past, as time would. */
    private void expire(String alias, String linkId) {
        String id = admin.organizationId("helpdesk", alias);
        JsonNode org = admin.get("/admin/realms/helpdesk/organizations/" + id);
        ObjectNode attributes = (ObjectNode) org.get("attributes");
        String key = "orgsso.setupLink." + linkId;
        List<String> values = new ArrayList<>();
        attributes.get(key).forEach(v -> values.add(v.asText().startsWith("expiresAt=") ? "expiresAt=1" : v.asText()));
        var array = attributes.putArray(key);
        values.forEach(array::add);
        admin.update("/admin/realms/helpdesk/organizations/" + id, org);
    }

    private static String linkIn(MimeMessage mail) {
        String text = MailCatcher.textOf(mail);
        Matcher m = LINK.matcher(text);
        assertTrue(m.find(), "a setup link in the mail:\n" + text);
        return m.group(1);
    }

    private OnboardingApi api() throws Exception {
        return new OnboardingApi(stack.keycloak().baseUrl());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
