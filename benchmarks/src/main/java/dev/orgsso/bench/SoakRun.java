package dev.orgsso.bench;

import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import dev.orgsso.testkit.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mixed load held for a while on a production-mode server (PostgreSQL): handoff clients signing a
 * pool of users in again and again (each user's first handoff creates the account, at once from several
 * clients), and organisation-page clients doing the hop to the IdP. It reports throughput, latency,
 * every answer that was not the expected one, the server's resident memory over time, and whether every
 * user of the pool exists exactly once; with {@code -Dorgsso.soak.dbOutageAt=S}, PostgreSQL is stopped
 * for {@code orgsso.soak.dbOutageSeconds} at second S and the run shows the server recovering by itself.
 * Run: {@code ./bench.sh --soak [-Dorgsso.soak.seconds=300 ...]}; the exit status is 1 when a user exists
 * twice or an answer failed outside the outage.
 */
public final class SoakRun {

    private final OrgSsoStack stack;
    private final String secret;
    private final int users;
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final Set<String> handedOver = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean outage;

    private SoakRun(OrgSsoStack stack, String secret, int users) {
        this.stack = stack;
        this.secret = secret;
        this.users = users;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("benchmarks/target/soak"));
        int seconds = Integer.getInteger("orgsso.soak.seconds", 300);
        int handoffClients = Integer.getInteger("orgsso.soak.handoffClients", 16);
        int pageClients = Integer.getInteger("orgsso.soak.pageClients", 4);
        int users = Integer.getInteger("orgsso.soak.users", 2000);
        int outageAt = Integer.getInteger("orgsso.soak.dbOutageAt", -1);
        int outageSeconds = Integer.getInteger("orgsso.soak.dbOutageSeconds", 20);
        String secret = System.getenv().getOrDefault("ORGSSO_DEMO_JWT_SECRET", OrgSsoStack.DEFAULT_DEMO_JWT_SECRET);
        try (BenchServer server = BenchServer.start(BenchServer.Mode.PRODUCTION_POSTGRES, root, work,
                Path.of(System.getProperty("orgsso.dist.zip")))) {
            SoakRun run = new SoakRun(server.stack(), secret, users);
            int status = run.hold(seconds, handoffClients, pageClients, outageAt, outageSeconds);
            System.exit(status);
        }
    }

    private int hold(int seconds, int handoffClients, int pageClients, int outageAt, int outageSeconds) throws Exception {
        Samples handoffs = new Samples(1 << 20);
        Samples hops = new Samples(1 << 18);
        ExecutorService pool = Executors.newFixedThreadPool(handoffClients + pageClients);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < handoffClients; c++) {
            clients.add(pool.submit(() -> loop("handoff", handoffs, this::handoff)));
        }
        for (int c = 0; c < pageClients; c++) {
            clients.add(pool.submit(() -> loop("hop", hops, this::hop)));
        }
        Map<Long, Long> resident = new TreeMap<>();
        Instant start = Instant.now();
        long outageEnd = outageAt < 0 ? -1 : outageAt + outageSeconds;
        try {
            for (long s = 0; s < seconds; s++) {
                if (s % 10 == 0) {
                    resident.put(s, stack.keycloak().residentKiB());
                    System.out.printf("%4d s  RSS %,d MiB  %s%n", s, resident.get(s) / 1024, new TreeMap<>(outcomes));
                }
                if (s == outageAt) {
                    System.out.println("stopping PostgreSQL for " + outageSeconds + " s");
                    outage = true;
                    PostgresDatabase.stopServer();
                }
                if (s == outageEnd) {
                    PostgresDatabase.startServer();
                    System.out.println("PostgreSQL is back");
                    // Answers in the next seconds may still be the outage's (connections being replaced).
                    Thread.sleep(5000);
                    outage = false;
                }
                Thread.sleep(Math.max(0, start.plusSeconds(s + 1).toEpochMilli() - System.currentTimeMillis()));
            }
        } finally {
            running.set(false);
            for (Future<?> c : clients) {
                c.get();
            }
            pool.shutdown();
        }
        resident.put((long) seconds, stack.keycloak().residentKiB());
        long took = Duration.between(start, Instant.now()).toSeconds();

        AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
        List<String> twice = new ArrayList<>();
        int missing = 0;
        for (String email : handedOver) {
            int n = admin.usersByEmail(OrgSsoStack.REALM, email).size();
            if (n > 1) {
                twice.add(email + " x" + n);
            } else if (n == 0) {
                missing++;
            }
        }
        long failed = outcomes.entrySet().stream().filter(e -> !e.getKey().startsWith("ok") && !e.getKey().startsWith("outage"))
                .mapToLong(e -> e.getValue().get()).sum();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("seconds", took);
        summary.put("handoff clients", handoffClients);
        summary.put("organisation page clients", pageClients);
        summary.put("handoffs", handoffs.sorted().length);
        summary.put("handoffs per second", String.format("%.0f", handoffs.sorted().length / (double) took));
        summary.put("handoff p50 / p99 ms", String.format("%.1f / %.1f", handoffs.percentileMillis(50), handoffs.percentileMillis(99)));
        summary.put("hops", hops.sorted().length);
        summary.put("hop p50 / p99 ms", String.format("%.1f / %.1f", hops.percentileMillis(50), hops.percentileMillis(99)));
        summary.put("answers", new TreeMap<>(outcomes));
        summary.put("resident MiB (second: MiB)", resident.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue() / 1024).toList());
        summary.put("users handed over", handedOver.size());
        summary.put("users twice in the database", twice);
        summary.put("users missing from the database", missing);
        StringBuilder out = new StringBuilder();
        summary.forEach((k, v) -> out.append(String.format("%-32s %s%n", k, v)));
        System.out.print(out);
        Files.writeString(stack.keycloak().home().getParent().resolve("soak-summary.txt"), out);
        return twice.isEmpty() && missing == 0 && failed == 0 ? 0 : 1;
    }

    private interface Step {
        long run() throws Exception;
    }

    private void loop(String kind, Samples samples, Step step) {
        while (running.get()) {
            boolean duringOutage = outage;
            try {
                samples.add(step.run());
                count("ok " + kind);
            } catch (Exception e) {
                count((duringOutage || outage ? "outage: " : "") + kind + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            }
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome.length() > 80 ? outcome.substring(0, 80) : outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** A handoff of one user of the pool (the first one creates the account); nanoseconds; throws on anything but 303. */
    private long handoff() throws Exception {
        String email = "soak-" + ThreadLocalRandom.current().nextInt(users) + "@acme.test";
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", email);
        claims.put("name", "Soak User");
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("jti", UUID.randomUUID().toString());
        HttpClient http = new LoopbackHttp().http();
        HttpRequest post = HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/jwt/acme"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("jwt", DemoApp.signHs256(claims, secret))))).build();
        long start = System.nanoTime();
        HttpResponse<Void> r = http.send(post, HttpResponse.BodyHandlers.discarding());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 303) {
            throw new IllegalStateException("handoff " + r.statusCode());
        }
        handedOver.add(email);
        return took;
    }

    /** The organisation page's hop: the POST of "acme" until Keycloak's redirect to the broker; nanoseconds. */
    private long hop() throws Exception {
        LoopbackHttp browser = new LoopbackHttp();
        LoopbackHttp.Stop orgPage = browser.get(browser.get(stack.app().loginUrl("main-app")).link("orgsso-login-with-sso"));
        HttpRequest post = HttpRequest.newBuilder(URI.create(orgPage.form("orgsso-organisation-form")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("organization=acme")).build();
        long start = System.nanoTime();
        HttpResponse<Void> r = browser.http().send(post, HttpResponse.BodyHandlers.discarding());
        long took = System.nanoTime() - start;
        if (r.statusCode() / 100 != 3 || !r.headers().firstValue("Location").orElse("").contains("/broker/")) {
            throw new IllegalStateException("hop " + r.statusCode());
        }
        return took;
    }
}
