package dev.orgsso.bench;

import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JWT handoff logins against password logins on the same server, one after the other (logins per
 * second of one client), then 32 parallel handoffs with distinct jti (errors and p99).
 */
final class HandoffBenchmark {

    private static final Pattern LOGIN_FORM = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final OrgSsoStack stack;
    private final String secret;

    HandoffBenchmark(OrgSsoStack stack, String secret) {
        this.stack = stack;
        this.secret = secret;
    }

    List<String[]> run(int iterations, int warmup, int parallel, int perThread) throws Exception {
        for (int i = 0; i < warmup; i++) {
            handoff(i % 20);
            if (i % 5 == 0) {
                password();
            }
        }
        Samples handoffs = new Samples(iterations);
        Samples passwords = new Samples(iterations);
        for (int i = 0; i < iterations; i++) {
            handoffs.add(handoff(i % 20));
            passwords.add(password());
        }
        double handoffPerSecond = 1000.0 / handoffs.meanMillis();
        double passwordPerSecond = 1000.0 / passwords.meanMillis();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"JWT handoff vs password login (logins/s, one client)",
                f(handoffPerSecond) + "/s", "p99 " + f(handoffs.percentileMillis(99)) + " ms",
                f(passwordPerSecond) + "/s", "p99 " + f(passwords.percentileMillis(99)) + " ms",
                f(handoffPerSecond / passwordPerSecond) + "x", ">= 3x", handoffPerSecond / passwordPerSecond >= 3 ? "met" : "MISSED"});

        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < parallel; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                long[] nanos = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    try {
                        nanos[i] = handoff(20 + thread);
                    } catch (Exception e) {
                        nanos[i] = -1;
                    }
                }
                return nanos;
            }));
        }
        Samples concurrent = new Samples(parallel * perThread);
        int errors = 0;
        for (Future<long[]> r : results) {
            for (long n : r.get()) {
                if (n < 0) {
                    errors++;
                } else {
                    concurrent.add(n);
                }
            }
        }
        pool.shutdown();
        rows.add(new String[] {parallel + " parallel handoffs x " + perThread + ", distinct jti", errors + " errors",
                "p99 " + f(concurrent.percentileMillis(99)) + " ms", "", "", "p50 " + f(concurrent.percentileMillis(50)) + " ms",
                "0 errors", errors == 0 ? "met" : "MISSED"});
        return rows;
    }

    /** One handoff of user n of the bench organisation; returns nanoseconds, throws on anything but 303. */
    private long handoff(int n) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", "bench-user-" + n + "@acme.test");
        claims.put("name", "Bench User");
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("jti", UUID.randomUUID().toString());
        String body = DemoApp.form(Map.of("jwt", DemoApp.signHs256(claims, secret)));
        HttpClient http = OrgLoginBenchmark.client();
        HttpRequest post = HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/jwt/acme"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<Void> r = http.send(post, HttpResponse.BodyHandlers.discarding());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 303) {
            throw new IllegalStateException("handoff answered " + r.statusCode());
        }
        return took;
    }

    /** One password login of the demo agent at agent-app: the POST of the login form until the redirect. */
    private long password() throws Exception {
        HttpClient http = OrgLoginBenchmark.client();
        String page = OrgLoginBenchmark.follow(http, stack.app().loginUrl("agent-app"));
        Matcher m = LOGIN_FORM.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no login form");
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(m.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("username", "agent.smith@helpdesk.test",
                        "password", "agent-demo-password")))).build();
        long start = System.nanoTime();
        HttpResponse<Void> r = http.send(post, HttpResponse.BodyHandlers.discarding());
        long took = System.nanoTime() - start;
        if (r.statusCode() / 100 != 3 || !r.headers().firstValue("Location").orElse("").contains("code=")) {
            throw new IllegalStateException("password login answered " + r.statusCode() + " " + r.headers().firstValue("Location").orElse(""));
        }
        return took;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
