package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.FakeIdentityProviders;
import dev.orgsso.testkit.FakeIdentityProviders.Issuer;
import dev.orgsso.testkit.FakeIdentityProviders.Shape;
import dev.orgsso.testkit.KeycloakServer;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * Onboarding customers' Entra ID, Okta and JumpCloud by API, against real OIDC servers on loopback that
 * issue each vendor's ID tokens, and signing in through each in Chromium: claims, email trust, the
 * stable subject, missing email, refused client secrets, secret-expiry warnings and the API's door.
 */
class FederationIT {

    private static final String BASE = "/realms/helpdesk/orgsso/admin/organizations/";
    private final OrgSsoStack stack = TestStack.get();
    private final FakeIdentityProviders idps = TestStack.idps();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final List<String> orgs = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (String email : emails) {
            admin.deleteUsersByEmail("helpdesk", email);
        }
        for (String alias : orgs) {
            admin.deleteOrganization("helpdesk", alias);
        }
    }

    @Nested
    @DisplayName("Onboarding by API")
    class Onboarding {

        @Test
        void entraIsOnboardedByPrimaryDomainOnmicrosoftDomainOrTenantId() throws Exception {
            String tid = UUID.randomUUID().toString();
            String domain = unique("contoso") + ".test";
            String onmicrosoft = unique("contoso") + ".onmicrosoft.com";
            Issuer tenant = idps.entraTenant(tid, domain, onmicrosoft).client("entra-app", "entra-secret");
            for (String locator : List.of(domain, onmicrosoft, tid)) {
                String alias = unique("contoso");
                JsonNode answer = onboard(alias, Map.of("type", "entra", "tenant", locator, "clientId", "entra-app",
                        "clientSecret", "entra-secret", "organization", Map.of("name", "Contoso " + alias, "domains", List.of(alias + ".test"))), 201);
                String orgId = answer.get("organizationId").asText();
                assertEquals("entra-" + orgId, answer.get("alias").asText(), "alias {type}-{organizationId}");
                assertEquals(idps.entraAuthority() + "/" + tid + "/v2.0", answer.get("issuer").asText(), "issuer from discovery, with the tenant id");
                assertEquals(tid, answer.get("tenantId").asText(), locator + " names the tenant");
                assertEquals(locator.equals(tid) ? null : locator, text(answer.get("domainHint")), "a domain becomes domain_hint");
                assertEquals(stack.keycloak().baseUrl() + "/realms/helpdesk/broker/entra-" + orgId + "/endpoint",
                        answer.at("/customerSetup/redirectUri").asText());
                assertEquals(List.of("email", "given_name", "family_name"), strings(answer.at("/customerSetup/optionalClaims")));
                assertEquals(List.of("openid", "email", "profile"), strings(answer.at("/customerSetup/scopes")));
                for (String app : List.of("main-app", "widget", "knowledgebase", "portal")) {
                    assertEquals(stack.app().url() + "/" + app + "/login?kc_org=" + alias, answer.at("/loginLinks/" + app).asText());
                }
                JsonNode idp = admin.get("/admin/realms/helpdesk/identity-provider/instances/entra-" + orgId);
                assertEquals("oidc", idp.get("providerId").asText(), "a plain Keycloak OIDC IdP, editable in the admin console");
                assertEquals("orgsso first broker login", idp.get("firstBrokerLoginFlowAlias").asText());
                assertTrue(idp.path("postBrokerLoginFlowAlias").asText("").isEmpty(),
                        "no post broker login flow: the pack's OIDC provider guards every sign-in without its two redirects");
                assertFalse(idp.get("trustEmail").asBoolean(), "Entra's email is never trusted by switch");
                assertEquals(tenant.url() + "/authorize", idp.at("/config/authorizationUrl").asText());
                JsonNode mappers = admin.get("/admin/realms/helpdesk/identity-provider/instances/entra-" + orgId + "/mappers");
                assertEquals("orgsso-claims", mappers.get(0).get("identityProviderMapper").asText());
                assertEquals("entra", mappers.get(0).at("/config/orgsso.claims.type").asText());
                assertEquals("entra-" + orgId, admin.get("/admin/realms/helpdesk/organizations/" + orgId + "/identity-providers").get(0)
                        .get("alias").asText(), "linked to the organization");
            }
        }

        @Test
        void oktaOrgAndCustomAuthorizationServersJumpCloudAndGenericOidcAreOnboarded() throws Exception {
            String okta = "/" + unique("okta");
            idps.issuer(Shape.OKTA, okta).client("okta-app", "okta-secret");
            idps.issuer(Shape.OKTA, okta + "/oauth2/default").client("okta-app", "okta-secret");
            idps.issuer(Shape.OIDC, "/" + unique("oidc")).client("oidc-app", "oidc-secret");
            for (String issuer : List.of(idps.baseUrl() + okta, idps.baseUrl() + okta + "/", idps.baseUrl() + okta + "/oauth2/default")) {
                String alias = unique("initech");
                JsonNode answer = onboard(alias, Map.of("type", "okta", "issuer", issuer, "clientId", "okta-app",
                        "clientSecret", "okta-secret", "organization", Map.of("name", alias)), 201);
                assertEquals(issuer.replaceAll("/$", ""), answer.get("issuer").asText());
                assertEquals("okta-" + answer.get("organizationId").asText(), answer.get("alias").asText());
            }
            idps.jumpcloud().client("jc-app", "jc-secret");
            String alias = unique("hooli");
            JsonNode jumpcloud = onboard(alias, Map.of("type", "jumpcloud", "clientId", "jc-app", "clientSecret", "jc-secret",
                    "organization", Map.of("name", alias)), 201);
            assertEquals(idps.baseUrl() + "/jumpcloud/", jumpcloud.get("issuer").asText(), "JumpCloud's fixed issuer, trailing slash and all");

            // Updating: same call again, another client id; the secret may be left out and is kept.
            JsonNode updated = onboard(alias, Map.of("type", "jumpcloud", "clientId", "jc-app-2"), 200);
            assertEquals("jc-app-2", updated.get("clientId").asText());
            assertFalse(updated.toString().contains("jc-secret"), "the secret is never answered");
            JsonNode listed = api().call("GET", BASE + alias + "/sso", null);
            assertEquals(1, listed.get("identityProviders").size());

            assertEquals(204, api().status("DELETE", BASE + alias + "/sso/jumpcloud"));
            assertEquals(404, admin.send("GET", "/admin/realms/helpdesk/identity-provider/instances/" + jumpcloud.get("alias").asText(), null).statusCode());
            assertEquals(404, api().status("DELETE", BASE + alias + "/sso/jumpcloud"));
        }

        @Test
        void badLocatorsAndUnreachableOrWrongDiscoveryAreRefusedAndCreateNothing() throws Exception {
            String wrong = "/" + unique("wrong");
            idps.issuer(Shape.OIDC, wrong).stateIssuer("https://someone-else.example/");
            String implicit = "/" + unique("implicit");
            idps.issuer(Shape.OIDC, implicit).withoutCodeFlow();
            int closed = KeycloakServer.freePort();
            Map<String, Map<String, Object>> cases = new HashMap<>();
            cases.put("tenant_invalid", Map.of("type", "entra", "tenant", "not a tenant!", "clientId", "a", "clientSecret", "b"));
            cases.put("tenant_missing", Map.of("type", "entra", "clientId", "a", "clientSecret", "b"));
            cases.put("discovery_failed", Map.of("type", "entra", "tenant", "unknown-" + unique("t") + ".test", "clientId", "a", "clientSecret", "b"));
            cases.put("discovery_unreachable", Map.of("type", "oidc", "issuer", "http://127.0.0.1:" + closed + "/nothing", "clientId", "a", "clientSecret", "b"));
            cases.put("issuer_mismatch", Map.of("type", "okta", "issuer", idps.baseUrl() + wrong, "clientId", "a", "clientSecret", "b"));
            cases.put("code_flow_unsupported", Map.of("type", "oidc", "issuer", idps.baseUrl() + implicit, "clientId", "a", "clientSecret", "b"));
            cases.put("issuer_invalid", Map.of("type", "oidc", "issuer", "http://idp.example.com/", "clientId", "a", "clientSecret", "b"));
            cases.put("issuer_missing", Map.of("type", "okta", "clientId", "a", "clientSecret", "b"));
            cases.put("type_invalid", Map.of("type", "saml", "clientId", "a", "clientSecret", "b"));
            cases.put("client_secret_missing", Map.of("type", "jumpcloud", "clientId", "a"));
            cases.put("client_id_missing", Map.of("type", "jumpcloud", "clientSecret", "b"));
            cases.put("expiry_invalid", Map.of("type", "jumpcloud", "clientId", "a", "clientSecret", "b", "clientSecretExpiresAt", "next year"));
            for (Map.Entry<String, Map<String, Object>> c : cases.entrySet()) {
                String alias = unique("bad");
                Map<String, Object> body = new HashMap<>(c.getValue());
                body.put("organization", Map.of("name", alias));
                HttpResponse<String> r = api().send("PUT", BASE + alias + "/sso", body);
                assertEquals(400, r.statusCode(), c.getKey() + ": " + r.body());
                JsonNode error = AdminClient.JSON.readTree(r.body());
                assertEquals(c.getKey(), error.get("error").asText(), r.body());
                assertTrue(error.get("error_description").asText().length() > 20, "a message an admin can act on: " + r.body());
                assertEquals(null, admin.organization("helpdesk", alias), c.getKey() + ": nothing created, not even the organization");
            }
            assertEquals(404, api().send("PUT", BASE + unique("nobody") + "/sso", Map.of("type", "jumpcloud", "clientId", "a",
                    "clientSecret", "b")).statusCode(), "an unknown organization without \"organization\" to create it");
        }

        @Test
        void theOnboardingApiIsClosedWithoutAManageRealmTokenOfThisRealm() throws Exception {
            OnboardingApi api = api();
            String path = BASE + "acme/sso";
            assertEquals(401, api.send(null, "GET", path, null).statusCode(), "no token");
            assertEquals(401, api.send("not-a-token", "GET", path, null).statusCode(), "garbage token");
            assertEquals(200, api.send(admin.token(), "GET", path, null).statusCode(), "a master realm admin, as Keycloak's admin API allows");
            String clientId = unique("no-role");
            HttpResponse<String> created = admin.send("POST", "/admin/realms/helpdesk/clients", Map.of("clientId", clientId,
                    "secret", "no-role-secret", "serviceAccountsEnabled", true, "publicClient", false, "standardFlowEnabled", false));
            assertEquals(201, created.statusCode(), created.body());
            try {
                String noRole = OnboardingApi.clientToken(stack.keycloak().baseUrl(), "helpdesk", clientId, "no-role-secret");
                assertEquals(403, api.send(noRole, "GET", path, null).statusCode(), "a token of this realm without manage-realm");
                assertEquals(403, api.send(noRole, "PUT", path, Map.of("type", "jumpcloud", "clientId", "x", "clientSecret", "y")).statusCode());
                assertEquals(403, api.send(noRole, "GET", "/realms/helpdesk/orgsso/admin/secret-expiry", null).statusCode());
                assertEquals(403, api.send(noRole, "DELETE", path + "/jumpcloud", null).statusCode());
            } finally {
                String location = created.headers().firstValue("Location").orElseThrow();
                admin.send("DELETE", "/admin/realms/helpdesk/clients/" + location.substring(location.lastIndexOf('/') + 1), null);
            }
            assertEquals(200, api.send("GET", path, null).statusCode(), "the onboarding service account");
        }

        @Test
        void anAliasThePageCouldNeverMatchIsRefusedAndEveryChangeIsAnAdminEvent() throws Exception {
            idps.jumpcloud().client("jc-app", "jc-secret");
            for (String bad : List.of("Upper%20Case", "UPPER", "-leading", "x".repeat(65))) {
                HttpResponse<String> r = api().send("PUT", BASE + bad + "/sso", Map.of("type", "jumpcloud", "clientId", "jc-app",
                        "clientSecret", "jc-secret", "organization", Map.of("name", "Bad alias")));
                assertEquals(400, r.statusCode(), bad + ": " + r.body());
                assertEquals("alias_invalid", AdminClient.JSON.readTree(r.body()).get("error").asText());
            }
            assertEquals(null, admin.organization("helpdesk", "upper case"), "nothing created");

            String alias = unique("audited");
            JsonNode answer = onboard(alias, Map.of("type", "jumpcloud", "clientId", "jc-app", "clientSecret", "jc-secret",
                    "audience", "agents", "organization", Map.of("name", "Audited", "domains", List.of(alias + ".test"))), 201);
            assertEquals(List.of("agent-app"), List.copyOf(AdminClient.JSON.convertValue(answer.get("loginLinks"), Map.class).keySet()),
                    "an agents' IdP answers with the agents' app's link only");
            assertTrue(answer.at("/loginLinks/agent-app").asText().contains("kc_org=" + alias), answer.toString());
            assertEquals(204, api().send("DELETE", BASE + alias + "/sso/jumpcloud", null).statusCode());
            String orgId = answer.get("organizationId").asText();
            List<String> operations = new ArrayList<>();
            for (JsonNode e : admin.get("/admin/realms/helpdesk/admin-events?resourceTypes=ORGANIZATION&max=200")) {
                if (e.path("resourcePath").asText().startsWith("organizations/" + orgId + "/identity-providers/")) {
                    operations.add(e.get("operationType").asText());
                }
            }
            assertTrue(operations.containsAll(List.of("CREATE", "DELETE")), "admin events for onboarding and removal: " + operations);
        }

        /** The user holds manage-realm, but the token does not carry it: Keycloak's admin API and ours refuse it alike. */
        @Test
        void aTokenWhoseScopeLeavesOutManageRealmIsRefusedAsKeycloaksAdminApiRefusesIt() throws Exception {
            String clientId = unique("scoped");
            HttpResponse<String> created = admin.send("POST", "/admin/realms/helpdesk/clients", Map.of("clientId", clientId,
                    "secret", "scoped-secret", "serviceAccountsEnabled", true, "publicClient", false, "standardFlowEnabled", false,
                    "fullScopeAllowed", false));
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("Location").orElseThrow();
            String id = location.substring(location.lastIndexOf('/') + 1);
            try {
                String serviceUser = admin.get("/admin/realms/helpdesk/clients/" + id + "/service-account-user").get("id").asText();
                JsonNode realmManagement = admin.get("/admin/realms/helpdesk/clients?clientId=realm-management").get(0);
                JsonNode manageRealm = admin.get("/admin/realms/helpdesk/clients/" + realmManagement.get("id").asText() + "/roles/manage-realm");
                assertEquals(204, admin.send("POST", "/admin/realms/helpdesk/users/" + serviceUser + "/role-mappings/clients/"
                        + realmManagement.get("id").asText(), List.of(Map.of("id", manageRealm.get("id").asText(), "name", "manage-realm")))
                        .statusCode());
                String token = OnboardingApi.clientToken(stack.keycloak().baseUrl(), "helpdesk", clientId, "scoped-secret");
                OnboardingApi api = api();
                assertEquals(403, api.send(token, "GET", "/admin/realms/helpdesk/identity-provider/instances", null).statusCode(),
                        "Keycloak's own admin API refuses the token");
                assertEquals(403, api.send(token, "GET", BASE + "acme/sso", null).statusCode(), "so does the onboarding API");
                assertEquals(403, api.send(token, "GET", BASE + "acme/handoff", null).statusCode(), "handoff secrets included");
            } finally {
                admin.send("DELETE", "/admin/realms/helpdesk/clients/" + id, null);
            }
        }
    }

    @Nested
    @DisplayName("Signing in through each vendor")
    class SigningIn {

        @Test
        void entraUserSignsInConfirmsTheEmailAndIsLinkedByTenantAndObjectId() throws Exception {
            String tid = UUID.randomUUID().toString();
            String domain = unique("fabrikam") + ".test";
            Issuer tenant = idps.entraTenant(tid, domain).client("fab-app", "fab-secret");
            String alias = unique("fabrikam");
            JsonNode answer = onboard(alias, Map.of("type", "entra", "tenant", domain, "clientId", "fab-app", "clientSecret", "fab-secret",
                    "organization", Map.of("name", "Fabrikam", "domains", List.of(domain))), 201);
            String email = "megan@" + domain;
            String oid = UUID.randomUUID().toString();
            // Entra: no email_verified; upn/preferred_username look like emails and must not be used as one.
            tenant.signIn(Map.of("oid", oid, "email", email, "given_name", "Megan", "family_name", "Bowen",
                    "preferred_username", "megan@" + domain, "name", "Megan Bowen"));
            JsonNode claims = signIn("FederationIT-entra", alias, email, true);
            assertEquals(email, claims.get("email").asText());
            assertEquals("Megan", claims.get("given_name").asText());
            assertEquals("Bowen", claims.get("family_name").asText());
            assertEquals(domain, tenant.lastAuthorization().get("domain_hint"), "domain_hint forwarded to Entra");

            JsonNode user = admin.usersByEmail("helpdesk", email).get(0);
            assertTrue(user.get("emailVerified").asBoolean(), "verified by the emailed code");
            assertEquals("entra|" + tid + "|" + oid, user.at("/attributes/orgsso.subject/0").asText(), "stable subject tid + oid");
            JsonNode link = admin.get("/admin/realms/helpdesk/users/" + user.get("id").asText() + "/federated-identity").get(0);
            assertEquals(answer.get("alias").asText(), link.get("identityProvider").asText());
            assertEquals(oid, link.get("userId").asText(), "linked by oid, not by Entra's pairwise sub");

            // Returning: no code, same account.
            int mails = stack.mail().messagesTo(email).size();
            JsonNode again = signIn("FederationIT-entra-again", alias, email, false);
            assertEquals(user.get("id").asText(), again.get("sub").asText());
            assertEquals(mails, stack.mail().messagesTo(email).size(), "no second code");
        }

        @Test
        void entraEmailWithDomainOwnerVerifiedSkipsTheCode() throws Exception {
            EntraOrg org = entraOrg("northwind");
            Issuer tenant = org.tenant();
            String alias = org.alias();
            String email = "nancy@" + alias + ".test";
            tenant.signIn(Map.of("oid", UUID.randomUUID().toString(), "email", email, "xms_edov", true, "name", "Nancy Davolio"));
            JsonNode claims = signIn("FederationIT-entra-edov", alias, email, false);
            assertEquals("Davolio", claims.get("family_name").asText(), "names split from \"name\" when Entra sends no given_name/family_name");
            assertTrue(admin.usersByEmail("helpdesk", email).get(0).get("emailVerified").asBoolean());
            assertEquals(null, tenant.lastAuthorization().get("domain_hint"), "no domain_hint for a tenant named by its id");
        }

        @Test
        void oktaVerifiedEmailSkipsTheCodeAndJumpCloudUnverifiedEmailGetsOne() throws Exception {
            String oktaPath = "/" + unique("okta") + "/oauth2/default";
            Issuer okta = idps.issuer(Shape.OKTA, oktaPath).client("okta-app", "okta-secret");
            String oktaOrg = unique("globex");
            onboard(oktaOrg, Map.of("type", "okta", "issuer", okta.url(), "clientId", "okta-app", "clientSecret", "okta-secret",
                    "organization", Map.of("name", "Globex", "domains", List.of(oktaOrg + ".test"))), 201);
            String hank = "hank@" + oktaOrg + ".test";
            okta.signIn(Map.of("sub", "00u" + unique("x"), "email", hank, "email_verified", true, "given_name", "Hank", "family_name", "Scorpio"));
            signIn("FederationIT-okta", oktaOrg, hank, false);
            JsonNode user = admin.usersByEmail("helpdesk", hank).get(0);
            assertTrue(user.get("emailVerified").asBoolean(), "Okta's email_verified=true is trusted");
            assertTrue(user.at("/attributes/orgsso.subject/0").asText().startsWith(okta.url() + "|00u"), "issuer + sub");

            Issuer jumpcloud = idps.jumpcloud().client("jc-app", "jc-secret");
            String jcOrg = unique("umbrella");
            onboard(jcOrg, Map.of("type", "jumpcloud", "clientId", "jc-app", "clientSecret", "jc-secret",
                    "organization", Map.of("name", "Umbrella", "domains", List.of(jcOrg + ".test"))), 201);
            String ada = "ada@" + jcOrg + ".test";
            // "true" as a string is not true: only a JSON true counts.
            jumpcloud.signIn(Map.of("sub", unique("jc"), "email", ada, "email_verified", "true", "given_name", "Ada", "family_name", "Wong"));
            signIn("FederationIT-jumpcloud", jcOrg, ada, true);
            assertTrue(admin.usersByEmail("helpdesk", ada).get(0).get("emailVerified").asBoolean());
        }

        @Test
        void anEntraUserWithoutEmailGetsAPageNamingTheClaimAndNothingIsCreated() throws Exception {
            EntraOrg org = entraOrg("tailspin");
            Issuer tenant = org.tenant();
            String alias = org.alias();
            String upn = "lee@" + alias + ".test";
            tenant.signIn(Map.of("oid", UUID.randomUUID().toString(), "preferred_username", upn, "upn", upn, "name", "Lee"));
            try (Browser b = new Browser("FederationIT-no-email")) {
                String page = startAt(b, alias, RefusalPage::new).text();
                b.screenshot("missing-email");
                assertTrue(page.contains("did not send an email address"), page);
                assertTrue(page.contains("optional claim \"email\""), "names what the Entra admin must configure: " + page);
            }
            emails.add(upn);
            assertEquals(0, admin.usersByEmail("helpdesk", upn).size(), "no account from the UPN");
            assertEquals(0, admin.get("/admin/realms/helpdesk/users?username=" + upn + "&exact=true").size());
        }

        @Test
        void anExpiredClientSecretGivesTheNeedsAttentionPageAndAnEvent() throws Exception {
            EntraOrg org = entraOrg("expired");
            Issuer tenant = org.tenant();
            String alias = org.alias();
            JsonNode answer = org.answer();
            String email = "pat@" + alias + ".test";
            tenant.signIn(Map.of("oid", UUID.randomUUID().toString(), "email", email)).rejectSecrets("AADSTS7000222");
            ServerLog log = new ServerLog(stack.keycloak().log());
            long mark = log.mark();
            try (Browser b = new Browser("FederationIT-expired-secret")) {
                String page = startAt(b, alias, RefusalPage::new).text();
                b.screenshot("needs-attention");
                assertTrue(page.contains("SSO setup needs attention"), page);
                assertTrue(page.contains("contact your administrator"), page);
                assertFalse(page.toLowerCase().contains("unexpected error"), page);
            }
            emails.add(email);
            assertEquals(0, admin.usersByEmail("helpdesk", email).size());
            JsonNode events = admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=50");
            boolean found = false;
            for (JsonNode e : events) {
                if ("idp_client_secret_invalid".equals(e.path("error").asText())
                        && answer.get("alias").asText().equals(e.at("/details/identity_provider").asText())) {
                    assertEquals("AADSTS7000222", e.at("/details/idp_answer").asText());
                    assertEquals(alias, e.at("/details/org_alias").asText());
                    found = true;
                }
            }
            assertTrue(found, "an event names the organisation and the IdP's answer: " + events);
            JsonNode audit = log.awaitOne(mark, ServerLog.decision("idp_error", "idp_client_secret_invalid"), "the audit line of the refused secret");
            assertEquals(alias, audit.get("organization").asText());
            assertEquals(answer.get("alias").asText(), audit.get("identity_provider").asText());
            assertFalse(Files.readString(stack.keycloak().log()).contains("expired-secret"), "the client secret is never logged");
        }
    }

    @Nested
    @DisplayName("Client-secret expiry")
    class SecretExpiry {

        @Test
        void expiringSecretsAreListedAndWarnedOncePerStage() throws Exception {
            // Marked before onboarding: the expiry task (every few seconds) may warn before the next line runs.
            ServerLog log = new ServerLog(stack.keycloak().log());
            long mark = log.mark();
            String alias = unique("expiring");
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            JsonNode answer = onboard(alias, Map.of("type", "jumpcloud", "clientId", "jc", "clientSecret", "jc-secret",
                    "clientSecretExpiresAt", today.plusDays(5).toString(), "organization", Map.of("name", alias)), 201);
            String idp = answer.get("alias").asText();
            assertEquals(5, answer.get("clientSecretDaysLeft").asInt());
            JsonNode soon = api().call("GET", "/realms/helpdesk/orgsso/admin/secret-expiry?withinDays=7", null);
            assertTrue(soon.toString().contains(idp), soon.toString());
            JsonNode later = api().call("GET", "/realms/helpdesk/orgsso/admin/secret-expiry?withinDays=2", null);
            assertFalse(later.toString().contains(idp), later.toString());
            assertEquals(400, api().status("GET", "/realms/helpdesk/orgsso/admin/secret-expiry?withinDays=-1"));

            String warned = "idp=" + idp + " expires=" + today.plusDays(5) + " days_left=5";
            awaitLog(warned, 1);
            Thread.sleep(3L * TestStack.SECRET_EXPIRY_INTERVAL_SECONDS * 1000);
            assertEquals(1, count(Files.readString(stack.keycloak().log()), warned), "the 7-day warning is given once");
            JsonNode adminEvents = admin.get("/admin/realms/helpdesk/admin-events?resourceTypes=IDENTITY_PROVIDER&max=100");
            assertTrue(adminEvents.toString().contains("identity-provider/instances/" + idp), "an admin event: " + adminEvents);
            JsonNode audit = log.awaitOne(mark, line -> "secret_expiry".equals(line.path("decision").asText())
                    && idp.equals(line.path("identity_provider").asText()), "the audit line of the warning");
            assertEquals("5", audit.path("days_left").asText());
            assertEquals(alias, audit.path("organization").asText());

            // A new date starts the warnings afresh; an expired secret is warned about as expired.
            onboard(alias, Map.of("type", "jumpcloud", "clientSecretExpiresAt", today.minusDays(1).toString()), 200);
            awaitLog("idp=" + idp + " expires=" + today.minusDays(1) + " days_left=-1 (expired", 1);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private record EntraOrg(Issuer tenant, String alias, JsonNode answer) {
    }

    /** A new Entra tenant (by tenant ID) with its app registration, onboarded as a new organisation. */
    private EntraOrg entraOrg(String prefix) throws Exception {
        String tid = UUID.randomUUID().toString();
        Issuer tenant = idps.entraTenant(tid).client(prefix + "-app", prefix + "-secret");
        String alias = unique(prefix);
        JsonNode answer = onboard(alias, Map.of("type", "entra", "tenant", tid, "clientId", prefix + "-app",
                "clientSecret", prefix + "-secret", "organization", Map.of("name", prefix + " " + alias, "domains", List.of(alias + ".test"))), 201);
        return new EntraOrg(tenant, alias, answer);
    }

    private JsonNode signIn(String test, String orgAlias, String email, boolean expectCode) throws Exception {
        emails.add(email);
        try (Browser b = new Browser(test)) {
            int mails = stack.mail().messagesTo(email).size();
            AppPage app;
            if (expectCode) {
                CodePage code = startAt(b, orgAlias, CodePage::new);
                b.screenshot("code");
                app = SignupSteps.confirmWithCode(code, stack.mail(), email, mails + 1);
            } else {
                app = startAt(b, orgAlias, AppPage::new);
            }
            JsonNode claims = app.claims();
            b.screenshot("signed-in");
            return claims;
        }
    }

    /** main-app's "Log in with SSO" with the organisation typed; the loopback IdP answers at once. */
    private <P> P startAt(Browser b, String orgAlias, Function<Browser, P> next) {
        return b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso().enter(orgAlias, next);
    }

    private JsonNode onboard(String alias, Map<String, Object> body, int status) throws Exception {
        orgs.add(alias);
        HttpResponse<String> r = api().send("PUT", BASE + alias + "/sso", body);
        assertEquals(status, r.statusCode(), r.body());
        return AdminClient.JSON.readTree(r.body());
    }

    private OnboardingApi api() throws Exception {
        return new OnboardingApi(stack.keycloak().baseUrl());
    }

    private void awaitLog(String text, int times) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(Files.readString(stack.keycloak().log()), text) < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line with: " + text);
            }
            Thread.sleep(500);
        }
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
