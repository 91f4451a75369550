package dev.orgsso.it;

import static dev.orgsso.it.ServerLog.decision;
import static dev.orgsso.it.SignupSteps.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.CodePage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each decision of the pack, triggered against the real Keycloak: its audit line in the server log
 * (JSON fields) and its counter on the management port's /metrics.
 */
class AuditIT {

    private static final String ACME_IDP = "oidc-5c1d2e3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5";
    /** Everything an audit line may hold; anything else (an email, a token, a URI) is a leak. */
    static final Set<String> LINE_FIELDS = Set.of("time", "kind", "decision", "outcome", "reason", "realm", "organization",
            "client", "identity_provider", "user_id", "ip", "event_type", "mode", "audience", "org_source", "auth_method",
            "days_left", "credential", "setup_link", "email_domain", "setup_result", "scim_token", "scim_resource", "committed");

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final ServerLog log = new ServerLog(stack.keycloak().log());
    private final ServerMetrics metrics = new ServerMetrics(stack.keycloak().managementUrl());
    private final List<String> orgsToDelete = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        emails.forEach(e -> admin.deleteUsersByEmail("helpdesk", e));
        orgsToDelete.forEach(id -> admin.send("DELETE", "/admin/realms/helpdesk/organizations/" + id, null));
    }

    private static void assertCommonFields(JsonNode line, String kind, String outcome) {
        assertTrue(LINE_FIELDS.containsAll(iterable(line)), "only allowed fields: " + line);
        assertEquals(kind, line.path("kind").asText(), line.toString());
        assertEquals(outcome, line.path("outcome").asText(), line.toString());
        assertEquals("helpdesk", line.path("realm").asText(), line.toString());
        assertFalse(line.path("ip").asText().isEmpty(), "the client's IP: " + line);
        assertFalse(line.path("time").asText().isEmpty(), line.toString());
        assertTrue(line.path("committed").asBoolean(), line.toString());
    }

    private static Set<String> iterable(JsonNode line) {
        Set<String> names = new java.util.HashSet<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Counts must move by exactly the decisions the test made (the ITs run one at a time). */
    private void assertCounted(String decision, String outcome, String reason, double before, int n) throws InterruptedException {
        assertEquals(before + n, metrics.await(decision, outcome, reason, before + n),
                "orgsso_decisions_total{decision=" + decision + ",outcome=" + outcome + ",reason=" + reason + "}");
    }

    @Test
    void organisationLookupRefusalAndRedirectAreLoggedAndCounted() throws Exception {
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        double unknownBefore = metrics.decisions("org_lookup", "error", "org_unknown");
        double redirectBefore = metrics.decisions("redirect", "success", "none");
        LoopbackHttp http = new LoopbackHttp();

        long mark = log.mark();
        HttpResponse<String> answer = OrganisationForm.submit(http, organisationPage(http, "widget"), ghost);
        assertEquals(200, answer.statusCode());
        JsonNode refused = log.awaitOne(mark, l -> ghost.equals(l.path("organization").asText()), "for " + ghost);
        assertCommonFields(refused, "login", "error");
        assertEquals("org_lookup", refused.get("decision").asText());
        assertEquals("org_unknown", refused.get("reason").asText());
        assertEquals("widget", refused.get("client").asText());
        assertEquals("users", refused.get("audience").asText());
        assertTrue(refused.has("mode"), refused.toString());
        assertCounted("org_lookup", "error", "org_unknown", unknownBefore, 1);

        mark = log.mark();
        HttpResponse<String> toIdp = OrganisationForm.submit(http, answer, "acme");
        assertEquals(3, toIdp.statusCode() / 100, toIdp.statusCode() + " " + toIdp.body());
        JsonNode redirect = log.awaitOne(mark, decision("redirect", null), "redirect to acme's IdP");
        assertCommonFields(redirect, "login", "success");
        assertEquals("acme", redirect.get("organization").asText());
        assertEquals(ACME_IDP, redirect.get("identity_provider").asText());
        assertEquals("widget", redirect.get("client").asText());
        assertEquals("IDENTITY_PROVIDER_LOGIN", redirect.get("event_type").asText());
        assertCounted("redirect", "success", "none", redirectBefore, 1);
    }

    @Test
    void anOrganisationWithoutSsoAndOneThatSignsInByHandoffAreLoggedAndCounted() throws Exception {
        String bare = createOrganisation("bare");
        double noIdpBefore = metrics.decisions("org_lookup", "error", "org_no_idp");
        long mark = log.mark();
        LoopbackHttp http = new LoopbackHttp();
        OrganisationForm.submit(http, organisationPage(http, "main-app"), bare);
        JsonNode line = log.awaitOne(mark, l -> bare.equals(l.path("organization").asText()), "for " + bare);
        assertCommonFields(line, "login", "error");
        assertEquals("org_no_idp", line.get("reason").asText());
        assertCounted("org_lookup", "error", "org_no_idp", noIdpBefore, 1);

        String site = createOrganisation("site");
        double settingsBefore = metrics.decisions("handoff_settings", "success", "none");
        double secretsBefore = metrics.decisions("handoff_secret_created", "success", "none");
        mark = log.mark();
        Onboarding.enableHandoff(stack, site, stack.app().url() + "/" + site + "-site/login");
        // Onboarding changes are admin events carrying the pack's details, and audit lines of kind "admin".
        JsonNode settings = log.awaitOne(mark, decision("handoff_settings", null), "handoff settings of " + site);
        assertCommonFields(settings, "admin", "success");
        assertEquals(site, settings.get("organization").asText());
        assertEquals("UPDATE ORGANIZATION", settings.get("event_type").asText());
        assertFalse(settings.path("user_id").asText().isEmpty(), "the onboarding service account: " + settings);
        JsonNode secretLine = log.awaitOne(mark, decision("handoff_secret_created", null), "secret created for " + site);
        assertCommonFields(secretLine, "admin", "success");
        assertCounted("handoff_settings", "success", "none", settingsBefore, 1);
        assertCounted("handoff_secret_created", "success", "none", secretsBefore, 1);
        boolean stored = false;
        for (JsonNode e : admin.get("/admin/realms/helpdesk/admin-events?resourceTypes=ORGANIZATION&max=100")) {
            stored |= "handoff_secret_created".equals(e.path("details").path("orgsso_decision").asText())
                    && site.equals(e.path("details").path("org_alias").asText());
        }
        assertTrue(stored, "a stored admin event with orgsso_decision and org_alias");

        double remoteBefore = metrics.decisions("remote_login", "success", "none");
        mark = log.mark();
        HttpResponse<String> toSite = OrganisationForm.submit(http, organisationPage(http, "main-app"), site);
        assertEquals(3, toSite.statusCode() / 100, toSite.statusCode() + " " + toSite.body());
        JsonNode remote = log.awaitOne(mark, decision("remote_login", null), "remote login of " + site);
        assertCommonFields(remote, "login", "success");
        assertEquals(site, remote.get("organization").asText());
        assertCounted("remote_login", "success", "none", remoteBefore, 1);
    }

    @Test
    void handoffAcceptedReplayedAndBadlySignedAreLoggedWithReasonAndCounted() throws Exception {
        String email = "audit-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        emails.add(email);
        double okBefore = metrics.decisions("handoff", "success", "none");
        double replayBefore = metrics.decisions("handoff", "error", "jti_replayed");
        double badBefore = metrics.decisions("handoff", "error", "invalid_signature");
        String token = HandoffTokens.sign(HandoffTokens.claims(email), TestStack.DEMO_JWT_SECRET);

        long mark = log.mark();
        assertEquals(303, handoff(token).statusCode());
        JsonNode accepted = log.awaitOne(mark, decision("handoff", null), "handoff accepted");
        assertCommonFields(accepted, "login", "success");
        assertEquals("acme", accepted.get("organization").asText());
        assertEquals("main-app", accepted.get("client").asText());
        assertEquals("orgsso-jwt", accepted.get("auth_method").asText());
        assertEquals(admin.usersByEmail("helpdesk", email).get(0).get("id").asText(), accepted.get("user_id").asText(), "the user's id");
        assertCounted("handoff", "success", "none", okBefore, 1);

        mark = log.mark();
        assertEquals(409, handoff(token).statusCode());
        JsonNode replayed = log.awaitOne(mark, decision("handoff", "jti_replayed"), "handoff replayed");
        assertCommonFields(replayed, "login", "error");
        assertEquals("LOGIN_ERROR", replayed.get("event_type").asText());
        assertCounted("handoff", "error", "jti_replayed", replayBefore, 1);

        mark = log.mark();
        assertEquals(401, handoff(HandoffTokens.sign(HandoffTokens.claims(email), "wrong-secret-for-acme-0123456789")).statusCode());
        assertCommonFields(log.awaitOne(mark, decision("handoff", "invalid_signature"), "bad signature"), "login", "error");
        assertCounted("handoff", "error", "invalid_signature", badBefore, 1);

        // The admin console's Events tab shows the same decision with the pack's details.
        boolean stored = false;
        for (JsonNode e : admin.get("/admin/realms/helpdesk/events?type=LOGIN_ERROR&client=main-app&max=50")) {
            JsonNode d = e.path("details");
            stored |= "jti_replayed".equals(e.path("error").asText()) && "handoff".equals(d.path("orgsso_decision").asText())
                    && "acme".equals(d.path("org_alias").asText());
        }
        assertTrue(stored, "a stored LOGIN_ERROR event with orgsso_decision and org_alias");
    }

    @Test
    void codeSentWrongLockedAndVerifiedAreLoggedAndCounted() throws Exception {
        emails.add(ALICE);
        double sentBefore = metrics.decisions("code_sent", "success", "none");
        double wrongBefore = metrics.decisions("code", "error", "code_wrong");
        double lockedBefore = metrics.decisions("code", "error", "code_locked");
        double verifiedBefore = metrics.decisions("code_verified", "success", "none");

        long mark = log.mark();
        try (Browser b = new Browser("AuditIT-code-locked")) {
            CodePage page = startAsAlice(b);
            String wrong = SignupSteps.wrongCode(stack.mail(), ALICE, stack.mail().messagesTo(ALICE).size());
            for (int i = 0; i < 4; i++) {
                page = page.enterWrong(wrong);
            }
            page.enter(wrong, RefusalPage::new);
        }
        JsonNode sent = log.awaitOne(mark, decision("code_sent", null), "code sent");
        assertCommonFields(sent, "login", "success");
        assertEquals(ACME_IDP, sent.get("identity_provider").asText());
        assertEquals("acme", sent.get("organization").asText(), "the IdP's organisation");
        assertEquals("SEND_VERIFY_EMAIL", sent.get("event_type").asText());
        List<JsonNode> wrongs = log.await(mark, 4, decision("code", "code_wrong"), "code wrong");
        assertEquals(4, wrongs.size());
        wrongs.forEach(l -> assertCommonFields(l, "login", "error"));
        assertCommonFields(log.awaitOne(mark, decision("code", "code_locked"), "code locked"), "login", "error");
        assertCounted("code_sent", "success", "none", sentBefore, 1);
        assertCounted("code", "error", "code_wrong", wrongBefore, 4);
        assertCounted("code", "error", "code_locked", lockedBefore, 1);

        mark = log.mark();
        try (Browser b = new Browser("AuditIT-code-verified")) {
            SignupSteps.confirmWithCode(startAsAlice(b), stack.mail(), ALICE, stack.mail().messagesTo(ALICE).size());
        }
        JsonNode verified = log.awaitOne(mark, decision("code_verified", null), "code verified");
        assertCommonFields(verified, "login", "success");
        assertEquals("VERIFY_EMAIL", verified.get("event_type").asText());
        assertCounted("code_verified", "success", "none", verifiedBefore, 1);
    }

    @Test
    void aDuplicateEmailRefusalIsLoggedAndCounted() throws Exception {
        emails.add(ALICE);
        var created = admin.send("POST", "/admin/realms/helpdesk/users", Map.of("username", "alice-audit", "email", ALICE,
                "enabled", true));
        assertEquals(201, created.statusCode(), created.body());
        double before = metrics.decisions("signup", "error", "email_in_use");
        long mark = log.mark();
        try (Browser b = new Browser("AuditIT-email-in-use")) {
            b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
            SignupSteps.signInAtAcmeIdp(b, stack.keycloak().baseUrl() + "/realms/acme-idp/", RefusalPage::new);
        }
        JsonNode line = log.awaitOne(mark, decision("signup", "email_in_use"), "email in use");
        assertCommonFields(line, "login", "error");
        assertEquals(ACME_IDP, line.get("identity_provider").asText());
        assertEquals("acme", line.get("organization").asText(), "the IdP's organisation");
        assertEquals("IDENTITY_PROVIDER_FIRST_LOGIN_ERROR", line.get("event_type").asText());
        assertCounted("signup", "error", "email_in_use", before, 1);
    }

    /** Alice at main-app through acme's direct link and IdP, up to "Confirm your email". */
    private CodePage startAsAlice(Browser b) {
        b.open(stack.app().loginUrl("main-app") + "?kc_org=acme");
        return SignupSteps.signInAtAcmeIdp(b, stack.keycloak().baseUrl() + "/realms/acme-idp/", CodePage::new);
    }

    private HttpResponse<String> handoff(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/jwt/acme"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("jwt", token)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> organisationPage(LoopbackHttp http, String app) throws Exception {
        return OrganisationForm.page(http, stack.app().loginUrl(app));
    }

    private String createOrganisation(String prefix) {
        String alias = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        var r = admin.send("POST", "/admin/realms/helpdesk/organizations", Map.of("name", alias, "alias", alias, "enabled", true,
                "domains", List.of(Map.of("name", alias + ".test", "verified", true))));
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        orgsToDelete.add(location.substring(location.lastIndexOf('/') + 1));
        return alias;
    }

    /** The onboarding API as the help desk's admin tooling calls it (service account orgsso-onboarding). */
    private static final class Onboarding {
        static void enableHandoff(OrgSsoStack stack, String alias, String remoteLoginUrl) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl()
                            + "/realms/helpdesk/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "client_credentials",
                            "client_id", "orgsso-onboarding", "client_secret", "demo-onboarding-secret")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, t.statusCode(), t.body());
            String token = AdminClient.JSON.readTree(t.body()).get("access_token").asText();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl()
                            + "/realms/helpdesk/orgsso/admin/organizations/" + alias + "/handoff"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(AdminClient.JSON.writeValueAsString(
                            Map.of("enabled", true, "remoteLoginUrl", remoteLoginUrl)))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl()
                            + "/realms/helpdesk/orgsso/admin/organizations/" + alias + "/handoff/secrets"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            // Shown once to the admin; SecretScanIT makes sure it is nowhere in the log or the stored events.
            SecretLedger.secret(AdminClient.JSON.readTree(created.body()).get("secret").asText());
        }
    }
}
