package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.FakeIdentityProviders;
import dev.orgsso.testkit.FakeIdentityProviders.Issuer;
import dev.orgsso.testkit.FakeIdentityProviders.Shape;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One customer's broken IdP never holds up the others: calls to a customer's IdP have the pack's own
 * timeouts and a per-node limit of calls in flight ({@code idp-max-in-flight}, {@value TestStack#IDP_MAX_IN_FLIGHT}
 * on the test server), and its users are told at once that their sign-in service is not answering
 * ({@code idp_unavailable}). A refused client secret is read from the IdP's first answer.
 */
class ResilienceIT {

    private static final String BASE = "/realms/helpdesk/orgsso/admin/organizations/";
    private final OrgSsoStack stack = TestStack.get();
    private final FakeIdentityProviders idps = TestStack.idps();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final ServerMetrics metrics = new ServerMetrics(stack.keycloak().managementUrl());
    private final List<String> orgs = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();
    private final List<Issuer> hung = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        hung.forEach(Issuer::answer);
        for (String email : emails) {
            admin.deleteUsersByEmail("helpdesk", email);
        }
        for (String alias : orgs) {
            admin.deleteOrganization("helpdesk", alias);
        }
    }

    @Test
    void aHungIdpCostsItsOwnUsersAQuickPageAndTheOtherCustomersNothing() throws Exception {
        Issuer stuck = oktaCustomer("stuck");
        Issuer healthy = oktaCustomer("healthy");
        String stuckOrg = orgs.get(0);
        String healthyOrg = orgs.get(1);
        double unavailableBefore = metrics.decisions("idp_error", "error", "idp_unavailable");
        stuck.hangTokenEndpoint();
        hung.add(stuck);

        // As many sign-ins as the node lets wait on one IdP: each reaches the IdP's token endpoint and hangs there.
        int limit = TestStack.IDP_MAX_IN_FLIGHT;
        ExecutorService pool = Executors.newFixedThreadPool(limit);
        List<Future<HttpResponse<String>>> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                String email = "user" + i + "@" + stuckOrg + ".test";
                stuck.signIn(Map.of("sub", "00u" + UUID.randomUUID(), "email", email, "email_verified", true));
                waiting.add(pool.submit(() -> signIn("main-app", stuckOrg)));
                int reached = i + 1;
                await(() -> stuck.tokenRequestsInProgress() >= reached, "sign-in " + reached + " at the hung token endpoint");
            }

            // One more of the same organisation is told at once: the IdP is not even asked.
            HttpResponse<String> busy = signIn("main-app", stuckOrg);
            assertEquals(503, busy.statusCode(), busy.body());
            assertTrue(busy.body().contains("sign-in service is not answering"), busy.body());
            assertEquals(limit, stuck.tokenRequests(), "no call to the IdP beyond the limit");

            // Another customer signs in meanwhile, all the way into the app.
            String bob = "bob@" + healthyOrg + ".test";
            emails.add(bob);
            healthy.signIn(Map.of("sub", "00u" + UUID.randomUUID(), "email", bob, "email_verified", true, "given_name", "Bob"));
            HttpResponse<String> signedIn = signIn("portal", healthyOrg);
            assertEquals(200, signedIn.statusCode(), signedIn.body());
            assertTrue(signedIn.body().contains(bob), "signed in to the portal: " + signedIn.body());
            assertEquals(limit, stuck.tokenRequestsInProgress(), "while the hung organisation's sign-ins were still waiting");

            // The waiting users get the same page when the pack's read timeout ends their wait, not the IdP.
            for (Future<HttpResponse<String>> f : waiting) {
                HttpResponse<String> r = f.get(2, TimeUnit.MINUTES);
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.body().contains("sign-in service is not answering"), r.body());
                assertTrue(r.body().contains("Stuck"), "names the organisation: " + r.body());
            }
            assertTrue(stuck.tokenRequestsInProgress() > 0, "the IdP still had not answered");
        } finally {
            stuck.answer();
            pool.shutdownNow();
        }
        assertEquals(limit, stuck.tokenRequests(), "the pack never asked the hung IdP twice");
        assertTrue(admin.usersByEmail("helpdesk", "user0@" + stuckOrg + ".test").isEmpty(), "nothing created");

        // Each refusal is an event with the reason and what went wrong, and is counted.
        List<String> problems = new ArrayList<>();
        for (JsonNode e : admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=100")) {
            if ("idp_unavailable".equals(e.path("error").asText()) && stuckOrg.equals(e.at("/details/org_alias").asText())) {
                assertEquals("idp_error", e.at("/details/orgsso_decision").asText());
                problems.add(e.at("/details/idp_problem").asText());
            }
        }
        assertEquals(1, problems.stream().filter("busy"::equals).count(), "one refused by the limit: " + problems);
        assertEquals(limit, problems.stream().filter("timeout"::equals).count(), "the waiting ones timed out: " + problems);
        assertEquals(unavailableBefore + limit + 1, metrics.await("idp_error", "error", "idp_unavailable", unavailableBefore + limit + 1));

        // Once the IdP answers again, its users sign in as usual.
        String carol = "carol@" + stuckOrg + ".test";
        emails.add(carol);
        stuck.signIn(Map.of("sub", "00u" + UUID.randomUUID(), "email", carol, "email_verified", true));
        HttpResponse<String> recovered = signIn("main-app", stuckOrg);
        assertEquals(200, recovered.statusCode(), recovered.body());
        assertTrue(recovered.body().contains(carol), recovered.body());
    }

    @Test
    void aRefusedClientSecretIsReadFromTheIdpsFirstAnswer() throws Exception {
        Issuer okta = oktaCustomer("expired");
        String org = orgs.get(0);
        okta.signIn(Map.of("sub", "00u" + UUID.randomUUID(), "email", "dan@" + org + ".test", "email_verified", true));
        okta.rejectSecrets("invalid_client");
        HttpResponse<String> refused = signIn("main-app", org);
        assertEquals(502, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("SSO setup needs attention"), refused.body());
        assertEquals(1, okta.tokenRequests(), "the diagnosis asks the IdP nothing more");
        boolean recorded = false;
        for (JsonNode e : admin.get("/admin/realms/helpdesk/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=100")) {
            if (org.equals(e.at("/details/org_alias").asText())) {
                assertEquals("idp_client_secret_invalid", e.path("error").asText());
                assertEquals("invalid_client", e.at("/details/idp_answer").asText());
                recorded = true;
            }
        }
        assertTrue(recorded, "an event names the organisation whose secret to renew");
    }

    /** A new organisation with an Okta-shaped IdP, onboarded through the API. */
    private Issuer oktaCustomer(String name) throws Exception {
        String alias = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Issuer okta = idps.issuer(Shape.OKTA, "/" + alias + "/oauth2/default").client("okta-app", "okta-secret");
        orgs.add(alias);
        HttpResponse<String> r = new OnboardingApi(stack.keycloak().baseUrl()).send("PUT", BASE + alias + "/sso",
                Map.of("type", "okta", "issuer", okta.url(), "clientId", "okta-app", "clientSecret", "okta-secret",
                        "organization", Map.of("name", Character.toUpperCase(name.charAt(0)) + name.substring(1),
                                "domains", List.of(alias + ".test"))));
        assertEquals(201, r.statusCode(), r.body());
        return okta;
    }

    /** A user opens the app's per-organisation login link in a fresh browser and follows every redirect. */
    private HttpResponse<String> signIn(String app, String orgAlias) throws Exception {
        return new LoopbackHttp().get(stack.app().loginUrl(app) + "?kc_org=" + orgAlias).response();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(50);
        }
    }
}
