package dev.orgsso.bench;

import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JWT handoff logins against password logins on the same server, one after the other (logins per
 * second of one client), then 32 parallel handoffs with distinct jti (errors and p99). A handoff is
 * timed from its POST to Keycloak's 303; a password login from the POST of the form to the redirect
 * with the code. In the one-client row both sides first load agent-app's login page on a fresh client
 * (untimed), so both timed POSTs go out on a connection that has answered before, with the same
 * cookies; in the parallel row each handoff's client first sends one untimed request that sets no cookie.
 */
final class HandoffBenchmark {

    private static final Pattern LOGIN_FORM = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final OrgSsoStack stack;
    private final String secret;
    private final String mode;

    HandoffBenchmark(OrgSsoStack stack, String secret, String mode) {
        this.stack = stack;
        this.secret = secret;
        this.mode = mode;
    }

    /** Logins per second of one client: handoffs and password logins interleaved. */
    Comparison handoffVsPassword(int iterations, int warmup) throws Exception {
        for (int i = 0; i < warmup; i++) {
            handoff(loginPage(), i % 20);
            if (i % 5 == 0) {
                password(loginPage());
            }
        }
        Samples handoffs = new Samples(iterations);
        Samples passwords = new Samples(iterations);
        for (int i = 0; i < iterations; i++) {
            handoffs.add(handoff(loginPage(), i % 20));
            passwords.add(password(loginPage()));
        }
        return new Comparison(mode, "JWT handoff login vs password login (one client, back to back)", "handoff endpoint POST",
                "password form POST (agent-app); both after the same untimed login page, warm connection", handoffs, passwords, Comparison.Target.rateAtLeast(3), 0);
    }

    /** Many clients at once, each token with its own jti: nothing may fail. */
    Comparison parallel(int parallel, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        Samples concurrent = new Samples(parallel * perThread);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < parallel; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            concurrent.add(handoff(new Prepared(WarmBrowser.open(stack.keycloak().baseUrl(), null), null), 20 + thread));
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, String.valueOf(e));
                        }
                    }
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdown();
        }
        if (firstError.get() != null) {
            System.out.println("  first parallel handoff error: " + firstError.get());
        }
        return new Comparison(mode, "concurrency: " + parallel + " parallel handoffs x " + perThread + ", distinct jti",
                parallel + " clients at once", "", concurrent, null, Comparison.Target.noErrors(), errors.get());
    }

    /** A fresh client after the untimed preparation both sides of the one-client row share: agent-app's login page. */
    private Prepared loginPage() throws Exception {
        LoopbackHttp browser = new LoopbackHttp();
        String page = browser.get(AuthorizationRequest.url(stack.keycloak().baseUrl(), OrgSsoStack.REALM, "auth", "agent-app",
                stack.app().url() + "/agent-app/callback", Map.of())).body();
        Matcher m = LOGIN_FORM.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no login form");
        }
        return new Prepared(browser, m.group(1).replace("&amp;", "&"));
    }

    /** A browser whose connection to Keycloak has answered before, and the login form's action if it loaded the login page. */
    private record Prepared(LoopbackHttp browser, String loginForm) {
    }

    /** One handoff of user n of the bench organisation; returns nanoseconds, throws on anything but 303. */
    private long handoff(Prepared prepared, int n) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", "bench-user-" + n + "@acme.test");
        claims.put("name", "Bench User");
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("jti", UUID.randomUUID().toString());
        String body = DemoApp.form(Map.of("jwt", DemoApp.signHs256(claims, secret)));
        HttpClient http = prepared.browser().http();
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
    private long password(Prepared prepared) throws Exception {
        HttpClient http = prepared.browser().http();
        HttpRequest post = HttpRequest.newBuilder(URI.create(prepared.loginForm()))
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
}
