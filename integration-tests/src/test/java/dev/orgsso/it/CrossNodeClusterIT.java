package dev.orgsso.it;

import static dev.orgsso.it.SignupSteps.ALICE;
import static dev.orgsso.it.SignupSteps.ALICE_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.KeycloakCluster;
import dev.orgsso.testkit.KeycloakServer;
import dev.orgsso.testkit.MailCatcher;
import dev.orgsso.testkit.PostgresDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pack on a two-node Keycloak cluster on PostgreSQL (see {@link KeycloakCluster}): a flow, a code
 * or a handoff token that one node started or saw must mean the same on the other. The node-loss test
 * kills a node, so it runs last.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossNodeClusterIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static KeycloakCluster cluster;
    private static KeycloakServer a;
    private static KeycloakServer b;
    private static AdminClient admin;

    private final List<String> emails = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startCluster() throws Exception {
        long started = System.nanoTime();
        cluster = KeycloakCluster.start(TestStack.repoRoot(), TestStack.workDir(), Path.of(System.getProperty("orgsso.dist.zip")),
                Map.of("ORGSSO_DEMO_JWT_SECRET", TestStack.DEMO_JWT_SECRET), Duration.ofMinutes(6));
        System.out.printf("cluster of 2 ready in %d s (database %s)%n", (System.nanoTime() - started) / 1_000_000_000, cluster.database().name());
        a = cluster.nodeA();
        b = cluster.nodeB();
        admin = new AdminClient(a.baseUrl());
        TestStack.relaxCodeLimits(admin);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void cleanUp() {
        KeycloakServer alive = a.isRunning() ? a : b;
        AdminClient api = new AdminClient(alive.baseUrl());
        api.deleteUsersByEmail("helpdesk", ALICE);
        emails.forEach(e -> api.deleteUsersByEmail("helpdesk", e));
    }

    @Test
    @Order(1)
    void anOrganisationLoginStartedOnNodeACompletesOnNodeB() {
        ClusterClient user = new ClusterClient(cluster.publicUrl(), cluster.appUrl());
        int before = cluster.mail().messagesTo(ALICE).size();
        HttpResponse<String> toBroker = enterOrganisation(user, a, a);
        assertTrue(ClusterClient.location(toBroker).contains("/broker/"), ClusterClient.location(toBroker));

        // Everything after "Enter your organisation" lands on node B: the broker, the IdP, the code page.
        HttpResponse<String> codePage = signInAtAcmeIdp(user, b, user.follow(b, toBroker));
        HttpResponse<String> done = user.follow(b, user.post(b, ClusterClient.formAction(codePage, "orgsso-code-form"),
                Map.of("code", lastCode(before + 1), "verify", "")));

        JsonNode idToken = ClusterClient.idTokenClaims(user.redeem(a, done, "main-app"));
        assertEquals(ALICE, idToken.get("email").asText());
        JsonNode created = admin.usersByEmail("helpdesk", ALICE);
        assertEquals(1, created.size(), "exactly one account");
        String acme = admin.organization("helpdesk", "acme").get("id").asText();
        assertEquals(1, admin.get("/admin/realms/helpdesk/organizations/" + acme + "/members?search=" + ALICE).size(), "member of acme");
    }

    @Test
    @Order(2)
    void aHandoffJtiAcceptedOnNodeAIsRefusedOnNodeB() {
        String token = HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET);
        HttpResponse<String> first = handoff(a, token);
        assertEquals(303, first.statusCode(), first.body());
        HttpResponse<String> replay = handoff(b, token);
        assertEquals(409, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("jti_replayed"), replay.body());
    }

    @Test
    @Order(3)
    void underConcurrentReplayAcrossBothNodesExactlyOneHandoffSucceeds() throws Exception {
        int perNode = 4;
        ExecutorService pool = Executors.newFixedThreadPool(2 * perNode);
        try {
            for (int round = 0; round < 5; round++) {
                String email = newEmail();
                String token = HandoffTokens.sign(HandoffTokens.claims(email), TestStack.DEMO_JWT_SECRET);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 2 * perNode; i++) {
                    KeycloakServer node = i % 2 == 0 ? a : b;
                    results.add(pool.submit(() -> {
                        go.await();
                        return handoff(node, token).statusCode();
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : results) {
                    statuses.add(f.get());
                }
                assertEquals(1, statuses.stream().filter(s -> s == 303).count(), "round " + round + ": exactly one success in " + statuses);
                assertEquals(2 * perNode - 1, statuses.stream().filter(s -> s == 409).count(), "the others are replays: " + statuses);
                assertEquals(1, admin.usersByEmail("helpdesk", email).size(), "one account");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void anEmailCodeSentByNodeAVerifiesOnNodeBAndTheTriesAreCountedAcrossNodes() {
        ClusterClient user = new ClusterClient(cluster.publicUrl(), cluster.appUrl());
        int before = cluster.mail().messagesTo(ALICE).size();
        HttpResponse<String> page = signInAtAcmeIdp(user, a, user.follow(a, enterOrganisation(user, a, a)));
        String code = lastCode(before + 1);
        String wrong = "000000".equals(code) ? "111111" : "000000";

        KeycloakServer[] nodes = {b, a, b};
        for (int i = 0; i < nodes.length; i++) {
            page = user.post(nodes[i], ClusterClient.formAction(page, "orgsso-code-form"), Map.of("code", wrong, "verify", ""));
            int left = 4 - i;
            assertTrue(page.body().contains(left + " tries left"), "try " + (i + 1) + " on " + nodes[i].baseUrl() + ": " + left
                    + " tries left\n" + page.body());
        }
        HttpResponse<String> done = user.follow(b, user.post(b, ClusterClient.formAction(page, "orgsso-code-form"),
                Map.of("code", code, "verify", "")));
        assertEquals(ALICE, ClusterClient.idTokenClaims(user.redeem(b, done, "main-app")).get("email").asText());
        assertEquals(before + 1, cluster.mail().messagesTo(ALICE).size(), "one code mail, from node A");
    }

    /**
     * kill -9 of node B while a user has a session and another is half-way through the organisation
     * login (both started on B): node A keeps serving, the flow goes on, the session stays.
     */
    @Test
    @Order(5)
    void theSecretExpiryTaskWarnsOncePerClusterNotOncePerNode() throws Exception {
        String alias = "oidc-expiry-" + UUID.randomUUID().toString().substring(0, 8);
        String expires = LocalDate.now(ZoneOffset.UTC).plusDays(3).toString();
        var created = admin.send("POST", "/admin/realms/helpdesk/identity-provider/instances", Map.of("alias", alias,
                "providerId", "oidc", "enabled", true, "hideOnLogin", true, "config", Map.of("clientId", "c", "clientSecret", "s",
                        "authorizationUrl", "https://idp.example/authorize", "tokenUrl", "https://idp.example/token",
                        "orgsso.type", "oidc", "orgsso.secretExpiresAt", expires)));
        assertEquals(201, created.statusCode(), created.body());
        try {
            String warning = "idp=" + alias + " expires=" + expires + " days_left=3";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (warnings(warning) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertEquals(1, warnings(warning), "the 7-day warning was given");
            // Both nodes' timers fire several more times; the cluster-aware runner and the stage kept on the
            // IdP make sure neither node repeats it.
            Thread.sleep(4L * KeycloakCluster.SECRET_EXPIRY_INTERVAL_SECONDS * 1000);
            assertEquals(1, warnings(warning), "given once across both nodes");
            JsonNode idp = admin.get("/admin/realms/helpdesk/identity-provider/instances/" + alias);
            assertEquals("7", idp.at("/config/orgsso.secretExpiryWarned").asText(), "the stage is remembered in the database");
        } finally {
            admin.send("DELETE", "/admin/realms/helpdesk/identity-provider/instances/" + alias, null);
        }
    }

    /**
     * SCIM's deprovisioning must reach every node: a user signed in on node B (handoff) is deactivated by
     * SCIM on node A; B no longer knows the session, and the refresh token is refused on B.
     */
    @Test
    @Order(6)
    void aSessionOnNodeBEndsWhenScimOnNodeADeactivatesTheUser() throws Exception {
        OnboardingApi api = new OnboardingApi(a.baseUrl());
        String tokens = "/realms/helpdesk/orgsso/admin/organizations/acme/scim/tokens";
        JsonNode token = api.call("POST", tokens, null);
        SecretLedger.secret(token.get("token").asText());
        try (ScimClient scim = new ScimClient(ScimClient.baseUrl(a.baseUrl(), "acme"), token.get("token").asText())) {
            String email = newEmail();
            UserResource user = new UserResource().setUserName(email).setName(new Name().setGivenName("Cluster").setFamilyName("User"))
                    .setEmails(List.of(new Email().setValue(email).setType("work").setPrimary(true)));
            String id = scim.sdk().create("Users", user).getId();
            SignedIn signedIn = signInByHandoff(b, email);
            HttpResponse<String> before = signedIn.user().get(b, signedIn.user().authorizationUrl("main-app", ""));
            assertTrue(ClusterClient.location(before).startsWith(signedIn.user().callback("main-app") + "?"), "signed in on B");

            scim.sdk().modifyRequest("Users", id).replaceValue("active", false).invoke(UserResource.class);

            HttpResponse<String> after = signedIn.user().get(b, signedIn.user().authorizationUrl("main-app", ""));
            assertFalse(ClusterClient.location(after).startsWith(signedIn.user().callback("main-app")),
                    "B no longer lets the session through: " + after.statusCode() + " " + ClusterClient.location(after));
            HttpResponse<String> refreshed = signedIn.user().refreshAnswer(b, signedIn.refreshToken(), "portal");
            assertEquals(400, refreshed.statusCode(), "the refresh token ends too: " + refreshed.body());
            assertEquals(0, new AdminClient(b.baseUrl()).get("/admin/realms/helpdesk/users/" + id + "/sessions").size());
        } finally {
            api.status("DELETE", tokens + "/" + token.get("id").asText());
        }
    }

    private static int warnings(String text) throws IOException {
        int n = 0;
        for (KeycloakServer node : List.of(a, b)) {
            String log = Files.readString(node.log());
            for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
                n++;
            }
        }
        return n;
    }

    /**
     * An upgrade of the pack, node by node, under a steady load of handoffs and organisation logins spread
     * over both nodes: a request that fails because its node is going away is sent once more to the other
     * node, as a load balancer does, and then succeeds; no signed-in session is lost; no jti is accepted
     * twice, neither during the restarts nor after them.
     */
    @Test
    @Order(90)
    void aRollingRestartLosesNoSignInNoSessionAndAcceptsNoJtiTwice() throws Exception {
        List<SignedIn> sessions = new ArrayList<>();
        for (KeycloakServer node : List.of(a, b, a, b)) {
            sessions.add(signInByHandoff(node));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> signedInEmails = new ConcurrentLinkedQueue<>();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger hops = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        // The load balancer's health check: a node is sent requests while its /health/ready says UP
        // (a stopping node says DOWN for its --shutdown-delay while it still serves).
        inRotation.addAll(List.of(a, b));
        workers.add(load.submit(() -> {
            HttpClient health = HttpClient.newHttpClient();
            while (running.get()) {
                for (KeycloakServer node : List.of(a, b)) {
                    boolean up;
                    try {
                        up = health.send(HttpRequest.newBuilder(URI.create(node.managementUrl() + "/health/ready"))
                                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (Exception e) {
                        up = false;
                    }
                    if (up) {
                        inRotation.add(node);
                    } else {
                        inRotation.remove(node);
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }));
        for (int w = 0; w < 2; w++) {
            int worker = w;
            workers.add(load.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String email = newEmail();
                    String token = HandoffTokens.sign(HandoffTokens.claims(email), TestStack.DEMO_JWT_SECRET);
                    KeycloakServer first = (i + worker) % 2 == 0 ? a : b;
                    Answer answer = balanced(first, false, node -> handoff(node, token));
                    if (answer.retried()) {
                        retried.incrementAndGet();
                    }
                    if (answer.status() != 303) {
                        failures.add("handoff " + answer);
                        continue;
                    }
                    accepted.add(token);
                    signedInEmails.add(email);
                    // Its replay is refused on whichever node takes it.
                    Answer replay = balanced(first == a ? b : a, false, node -> handoff(node, token));
                    if (replay.status() != 409) {
                        failures.add("replay " + replay);
                    }
                }
            }));
        }
        workers.add(load.submit(() -> {
            for (int i = 0; running.get(); i++) {
                // The app's per-organisation login link: straight on to the broker of acme's IdP.
                Answer answer = balanced(i % 2 == 0 ? a : b, true, node -> {
                    ClusterClient user = new ClusterClient(cluster.publicUrl(), cluster.appUrl());
                    return user.get(node, user.authorizationUrl("main-app", "&kc_org=acme"));
                });
                if (answer.status() / 100 != 3 || !answer.location().contains("/broker/")) {
                    failures.add("organisation login " + answer);
                } else {
                    hops.incrementAndGet();
                }
            }
        }));
        try {
            Thread.sleep(3000);
            for (KeycloakServer node : List.of(a, b)) {
                KeycloakServer other = node == a ? b : a;
                cluster.stop(node);
                Thread.sleep(2000);
                cluster.restart(node, Duration.ofMinutes(6));
                cluster.awaitClusterView(2, List.of(node, other), Duration.ofMinutes(3));
                // As an operator does: the restarted node serves a while (caches rebalanced) before the next stops.
                Thread.sleep(10_000);
            }
        } finally {
            running.set(false);
            for (Future<?> f : workers) {
                f.get();
            }
            load.shutdownNow();
        }
        System.out.printf("rolling restart: %d handoffs, %d organisation logins, %d requests sent again to the other node%n",
                accepted.size(), hops.get(), retried.get());
        assertTrue(failures.isEmpty(), failures.size() + " failed after a retry: " + failures);
        assertTrue(accepted.size() > 20 && hops.get() > 10, "the load ran through the restarts: " + accepted.size() + " handoffs, " + hops.get() + " hops");

        // Every session survived both restarts, on both nodes; every used jti is still refused.
        for (SignedIn signedIn : sessions) {
            for (KeycloakServer node : List.of(a, b)) {
                HttpResponse<String> sso = signedIn.user().get(node, signedIn.user().authorizationUrl("main-app", ""));
                assertTrue(ClusterClient.location(sso).startsWith(signedIn.user().callback("main-app") + "?"),
                        "still signed in on " + node.baseUrl() + ": " + sso.statusCode() + " " + ClusterClient.location(sso));
            }
            JsonNode refreshed = signedIn.user().refresh(a, signedIn.refreshToken(), "portal");
            assertEquals(signedIn.sid(), ClusterClient.idTokenClaims(refreshed).get("sid").asText(), "the same session");
        }
        // The tokens were made minutes ago: with acme's window widened, only the replay rule can refuse them.
        String path = "/realms/helpdesk/orgsso/admin/organizations/acme/handoff";
        new OnboardingApi(a.baseUrl()).call("PUT", path, Map.of("iatWindowSeconds", 1200));
        try {
            for (String token : accepted) {
                HttpResponse<String> replay = handoff(token.hashCode() % 2 == 0 ? a : b, token);
                assertEquals(409, replay.statusCode(), "a used jti stays used: " + replay.body());
            }
        } finally {
            new OnboardingApi(a.baseUrl()).call("PUT", path, Map.of("iatWindowSeconds", 180));
        }
        for (String email : signedInEmails) {
            assertEquals(1, admin.usersByEmail("helpdesk", email).size(), "exactly one account for " + email);
        }
    }

    private record SignedIn(ClusterClient user, String refreshToken, String sid) {
    }

    private SignedIn signInByHandoff(KeycloakServer node) {
        return signInByHandoff(node, newEmail());
    }

    private SignedIn signInByHandoff(KeycloakServer node, String email) {
        ClusterClient user = new ClusterClient(cluster.publicUrl(), cluster.appUrl());
        HttpResponse<String> handedOver = handoff(user, node, HandoffTokens.sign(HandoffTokens.claims(email), TestStack.DEMO_JWT_SECRET));
        assertEquals(303, handedOver.statusCode(), handedOver.body());
        JsonNode tokens = user.redeem(node, user.get(node, user.authorizationUrl("portal", "")), "portal");
        return new SignedIn(user, tokens.get("refresh_token").asText(), ClusterClient.idTokenClaims(tokens).get("sid").asText());
    }

    /** What the load balancer's health check last saw as ready. */
    private static final Set<KeycloakServer> inRotation = ConcurrentHashMap.newKeySet();

    private record Answer(int status, String location, Answer retriedAfter, String detail) {
        boolean retried() {
            return retriedAfter != null;
        }

        @Override
        public String toString() {
            return status + " " + location + " " + detail + (retried() ? " [sent again after: " + retriedAfter + "]" : "");
        }
    }

    /**
     * A load balancer in front of the two nodes, configured as docs/operator.md says (nginx:
     * {@code proxy_next_upstream error timeout http_500 http_502 http_503}, health check on
     * {@code /health/ready}): a request goes to a node its health check sees ready (the preferred one when
     * both are); a GET that failed or got 500/502/503 is sent once more to the other node; a POST only when
     * it never reached its node (connection refused) or got 503, since a POST that reached a node may have
     * done its work.
     */
    private static Answer balanced(KeycloakServer preferred, boolean idempotent,
                                   Function<KeycloakServer, HttpResponse<String>> request) {
        KeycloakServer other = preferred == a ? b : a;
        KeycloakServer first = inRotation.contains(preferred) || !inRotation.contains(other) ? preferred : other;
        KeycloakServer second = first == a ? b : a;
        Answer answer = attempt(first, request, null);
        boolean again = idempotent
                ? answer.status() < 0 || answer.status() == 500 || answer.status() == 502 || answer.status() == 503
                : answer.status() == 503 || answer.status() < 0 && answer.detail().contains("ConnectException");
        return again ? attempt(second, request, answer) : answer;
    }

    private static Answer attempt(KeycloakServer node, Function<KeycloakServer, HttpResponse<String>> request, Answer before) {
        try {
            HttpResponse<String> r = request.apply(node);
            String body = r.body() == null ? "" : r.body();
            Matcher title = Pattern.compile("(?s)<h1[^>]*>(.*?)</h1>").matcher(body);
            String detail = title.find() ? title.group(1).strip() : body.length() > 200 ? body.substring(0, 200) : body;
            return new Answer(r.statusCode(), ClusterClient.location(r), before, node.baseUrl() + " " + detail);
        } catch (RuntimeException e) {
            return new Answer(-1, "", before, node.baseUrl() + " " + e);
        }
    }

    @Test
    @Order(100)
    void aKilledNodeLeavesTheOtherServingAndSessionsSurvive() throws Exception {
        ClusterClient signedIn = new ClusterClient(cluster.publicUrl(), cluster.appUrl());
        HttpResponse<String> handedOver = handoff(signedIn, b, HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET));
        assertEquals(303, handedOver.statusCode(), handedOver.body());
        JsonNode tokens = signedIn.redeem(b, signedIn.get(b, signedIn.authorizationUrl("portal", "")), "portal");

        ClusterClient midFlow = new ClusterClient(cluster.publicUrl(), cluster.appUrl());
        HttpResponse<String> orgPage = organisationPage(midFlow, b);

        long killed = System.nanoTime();
        b.kill();

        // The flow B started goes on at A: the organisation is looked up, the user goes to the IdP.
        HttpResponse<String> toBroker = midFlow.post(a, ClusterClient.formAction(orgPage, "orgsso-organisation-form"),
                Map.of("organization", "acme"));
        long firstAnswer = System.nanoTime();
        assertEquals(3, toBroker.statusCode() / 100, toBroker.statusCode() + " " + toBroker.body());
        HttpResponse<String> idpLogin = midFlow.follow(a, toBroker);
        assertTrue(idpLogin.body().contains("kc-form-login") && idpLogin.uri().getPath().startsWith("/realms/acme-idp/"),
                "the IdP's login page: " + idpLogin.uri());

        // The signed-in user keeps the SSO session (no login page) and the refresh token.
        HttpResponse<String> sso = signedIn.get(a, signedIn.authorizationUrl("main-app", ""));
        assertTrue(ClusterClient.location(sso).startsWith(signedIn.callback("main-app") + "?"), "straight back to the app: " + sso.statusCode()
                + " " + ClusterClient.location(sso) + "\n" + sso.body());
        JsonNode refreshed = signedIn.refresh(a, tokens.get("refresh_token").asText(), "portal");
        String sid = ClusterClient.idTokenClaims(tokens).get("sid").asText();
        assertEquals(sid, ClusterClient.idTokenClaims(refreshed).get("sid").asText(), "the same session");
        // Not only a surviving in-memory copy: the session is in the database (persistent user sessions,
        // Keycloak 26's default), so it would outlive a restart of every node. Writes are batched: poll.
        assertTrue(persisted(sid, Duration.ofSeconds(20)), "user session " + sid + " stored in OFFLINE_USER_SESSION");

        // And new users still get in.
        assertEquals(303, handoff(a, HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET)).statusCode());
        assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(a.managementUrl() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        cluster.awaitClusterView(1, List.of(a), Duration.ofMinutes(2));
        System.out.printf("node B killed: node A answered the interrupted flow after %d ms%n", (firstAnswer - killed) / 1_000_000);
    }

    /** Runs after the node-loss test (B is down): with A restarted too, every node has restarted. */
    @Test
    @Order(101)
    void aUsedHandoffTokenIsRefusedAfterEveryNodeRestarted() throws Exception {
        // A window longer than a restart on a busy machine, so that only the replay rule can refuse it.
        String path = "/realms/helpdesk/orgsso/admin/organizations/acme/handoff";
        new OnboardingApi(a.baseUrl()).call("PUT", path, Map.of("iatWindowSeconds", 1200));
        try {
            String token = HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET);
            assertEquals(303, handoff(a, token).statusCode(), "first use");
            a.kill();
            cluster.restart(a, Duration.ofMinutes(6));
            HttpResponse<String> replay = handoff(a, token);
            assertEquals(409, replay.statusCode(), replay.body());
            assertTrue(replay.body().contains("jti_replayed"), replay.body());
            // And a fresh token still signs in.
            assertEquals(303, handoff(a, HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET)).statusCode());
        } finally {
            new OnboardingApi(a.baseUrl()).call("PUT", path, Map.of("iatWindowSeconds", 180));
        }
    }

    /**
     * PostgreSQL stops for 20 s: Keycloak answers meanwhile (an error, no hang), and recovers by itself
     * once the database is back: no restart, the session from before is still there, and a handoff that
     * failed during the outage is accepted when the site sends it again.
     */
    @Test
    @Order(200)
    void aDatabaseOutageEndsByItselfWithoutARestart() throws Exception {
        Assumptions.assumeTrue(PostgresDatabase.serverControl().isPresent(), "needs the local PostgreSQL's pg_ctlcluster");
        SignedIn before = signInByHandoff(a);
        String token = HandoffTokens.sign(HandoffTokens.claims(newEmail()), TestStack.DEMO_JWT_SECRET);
        PostgresDatabase.stopServer();
        HttpResponse<String> during;
        try {
            during = new ClusterClient(cluster.publicUrl(), cluster.appUrl())
                    .post(a, cluster.publicUrl() + "/realms/helpdesk/orgsso/jwt/acme", Map.of("jwt", token));
            Thread.sleep(20_000);
        } finally {
            PostgresDatabase.startServer();
        }
        assertTrue(during.statusCode() >= 500, "refused while the database is down: " + during.statusCode());

        // Back by itself: the same token (the site's retry) signs in, within a minute, without a restart.
        int status = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (status != 303 && System.nanoTime() < deadline) {
            try {
                status = handoff(a, token).statusCode();
            } catch (RuntimeException e) {
                status = -1;
            }
            if (status != 303) {
                Thread.sleep(1000);
            }
        }
        assertEquals(303, status, "the handoff that failed in the outage is accepted once the database is back");
        HttpResponse<String> sso = before.user().get(a, before.user().authorizationUrl("main-app", ""));
        assertTrue(ClusterClient.location(sso).startsWith(before.user().callback("main-app") + "?"), "the session from before: " + sso.statusCode());
        assertEquals(409, handoff(a, token).statusCode(), "and it is used now");
    }

    private static boolean persisted(String sessionId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (!"0".equals(cluster.database().queryOne(
                    "select count(*) from offline_user_session where user_session_id = ? and offline_flag = '0'", sessionId))) {
                return true;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** The login page of main-app, then "Log in with SSO": the "Enter your organisation" page. */
    private static HttpResponse<String> organisationPage(ClusterClient user, KeycloakServer node) {
        HttpResponse<String> login = user.follow(node, user.get(node, user.authorizationUrl("main-app", "")));
        assertEquals(200, login.statusCode(), login.body());
        HttpResponse<String> orgPage = user.follow(node, user.get(node, ClusterClient.linkHref(login, "orgsso-login-with-sso")));
        assertEquals(200, orgPage.statusCode(), orgPage.body());
        return orgPage;
    }

    /** Up to "Enter your organisation" on {@code start}, the organisation posted on {@code post}: the redirect to the broker. */
    private static HttpResponse<String> enterOrganisation(ClusterClient user, KeycloakServer start, KeycloakServer post) {
        HttpResponse<String> orgPage = organisationPage(user, start);
        HttpResponse<String> toBroker = user.post(post, ClusterClient.formAction(orgPage, "orgsso-organisation-form"), Map.of("organization", "acme"));
        assertEquals(3, toBroker.statusCode() / 100, toBroker.statusCode() + " " + toBroker.body());
        return toBroker;
    }

    /** On the acme IdP's login page: alice signs in; returns the page the help desk answers with (the code page). */
    private static HttpResponse<String> signInAtAcmeIdp(ClusterClient user, KeycloakServer node, HttpResponse<String> idpLogin) {
        assertEquals(200, idpLogin.statusCode(), idpLogin.uri() + "\n" + idpLogin.body());
        HttpResponse<String> page = user.follow(node, user.post(node, ClusterClient.formAction(idpLogin, "kc-form-login"),
                Map.of("username", ALICE, "password", ALICE_PASSWORD, "credentialId", "")));
        assertEquals(200, page.statusCode(), page.uri() + "\n" + page.body());
        assertTrue(page.body().contains("orgsso-code-form"), "the code page:\n" + page.body());
        return page;
    }

    private static String lastCode(int n) {
        String text;
        try {
            text = MailCatcher.textOf(cluster.mail().awaitMessageTo(ALICE, n, Duration.ofSeconds(30)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher m = CODE.matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    private String newEmail() {
        String e = "c-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        emails.add(e);
        return e;
    }

    private static HttpResponse<String> handoff(KeycloakServer node, String token) {
        return handoff(new ClusterClient(cluster.publicUrl(), cluster.appUrl()), node, token);
    }

    private static HttpResponse<String> handoff(ClusterClient user, KeycloakServer node, String token) {
        HttpResponse<String> r = user.post(node, cluster.publicUrl() + "/realms/helpdesk/orgsso/jwt/acme", Map.of("jwt", token));
        assertFalse(r.body().contains("Exception"), r.body());
        return r;
    }
}
