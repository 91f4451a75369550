package dev.orgsso.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The organisation login hop against stock Keycloak on the same server, in one run:
 * <ul>
 *   <li>ours: the POST of "Enter your organisation" until Keycloak answers with the redirect to the broker;</li>
 *   <li>stock: an authorization request with {@code kc_idp_hint} until the same redirect;</li>
 *   <li>scale: our hop with 10 organizations, then with 10,000.</li>
 * </ul>
 * Keycloak runs in production mode ({@code start}, theme caching on) on its embedded database.
 * Loopback only; fixed iteration counts. Results: the console table and target/bench/org-login.csv.
 * Run: {@code ./bench.sh} (see README "Performance").
 */
public final class OrgLoginBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SSO_LINK = Pattern.compile("id=\"orgsso-login-with-sso\"[^>]*href=\"([^\"]+)\"");
    private static final Pattern ORG_FORM = Pattern.compile("id=\"orgsso-organisation-form\"[^>]*action=\"([^\"]+)\"");

    private final OrgSsoStack stack;
    private final String idpAlias;

    private OrgLoginBenchmark(OrgSsoStack stack, String idpAlias) {
        this.stack = stack;
        this.idpAlias = idpAlias;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int iterations = Integer.getInteger("orgsso.bench.iterations", 300);
        int warmup = Integer.getInteger("orgsso.bench.warmup", 600);
        int manyOrgs = Integer.getInteger("orgsso.bench.orgs", 10_000);
        Path work = root.resolve("integration-tests/target/bench");
        Files.createDirectories(work);
        try (OrgSsoStack stack = OrgSsoStack.start(root, work, Path.of(System.getProperty("orgsso.dist.zip")),
                OrgSsoStack.Ports.free(), true,
                List.of("start", "--db=dev-file", "--http-enabled=true", "--hostname-strict=false", "--cache=local"),
                Map.of(), Duration.ofMinutes(8))) {
            List<String[]> handoffRows = new HandoffBenchmark(stack,
                    System.getenv().getOrDefault("ORGSSO_DEMO_JWT_SECRET", OrgSsoStack.DEFAULT_DEMO_JWT_SECRET))
                    .run(Integer.getInteger("orgsso.bench.handoff.iterations", 100), 30, 32, 10);
            Admin admin = new Admin(stack.keycloak().baseUrl());
            String acmeId = admin.acmeId();
            OrgLoginBenchmark bench = new OrgLoginBenchmark(stack, "oidc-" + acmeId);
            admin.createOrganizations(9, "bench-small-");

            // Warm both paths up the same way they are measured (interleaved), so that JIT and caches settle.
            for (int i = 0; i < warmup; i++) {
                bench.ours(1);
                bench.stock(1);
            }
            List<String[]> rows = new ArrayList<>();
            // Interleave ours and stock so that both see the same machine state.
            Samples ours = new Samples(iterations);
            Samples stock = new Samples(iterations);
            for (int i = 0; i < iterations; i++) {
                ours.add(bench.ours(1).percentileNanos());
                stock.add(bench.stock(1).percentileNanos());
            }
            rows.add(row("org login hop (POST organisation -> 302 broker) vs kc_idp_hint", ours, stock, 1.10));

            Samples small = ours;
            System.out.printf("creating %,d organizations ...%n", manyOrgs - 10);
            admin.createOrganizations(manyOrgs - 10, "bench-many-");
            for (int i = 0; i < warmup / 2; i++) {
                bench.ours(1);
                bench.stock(1);
            }
            Samples large = new Samples(iterations);
            Samples stockAgain = new Samples(iterations);
            for (int i = 0; i < iterations; i++) {
                large.add(bench.ours(1).percentileNanos());
                stockAgain.add(bench.stock(1).percentileNanos());
            }
            rows.add(row(String.format("org lookup with %,d orgs vs 10 orgs", manyOrgs), large, small, 1.20));
            rows.add(row(String.format("org login hop vs kc_idp_hint (%,d orgs)", manyOrgs), large, stockAgain, 1.10));
            report(rows, work.resolve("org-login.csv"), iterations);
            reportHandoff(handoffRows, work.resolve("handoff.csv"));
        }
    }

    /** One sample holder per call so that warm-up and measurement share the code path. */
    private record One(long nanos) {
        long percentileNanos() {
            return nanos;
        }
    }

    private One ours(int times) throws Exception {
        long last = 0;
        for (int t = 0; t < times; t++) {
            HttpClient http = client();
            String login = follow(http, stack.app().loginUrl("main-app"));
            String orgPage = follow(http, unescape(find(SSO_LINK, login)));
            HttpRequest post = HttpRequest.newBuilder(URI.create(unescape(find(ORG_FORM, orgPage))))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("organization=acme")).build();
            long start = System.nanoTime();
            HttpResponse<Void> r = http.send(post, HttpResponse.BodyHandlers.discarding());
            last = System.nanoTime() - start;
            expectBrokerRedirect(r);
        }
        return new One(last);
    }

    private One stock(int times) throws Exception {
        long last = 0;
        for (int t = 0; t < times; t++) {
            HttpClient http = client();
            HttpResponse<Void> toKeycloak = http.send(HttpRequest.newBuilder(
                    URI.create(stack.app().loginUrl("main-app") + "?kc_idp_hint=" + idpAlias)).build(), HttpResponse.BodyHandlers.discarding());
            HttpRequest auth = HttpRequest.newBuilder(URI.create(toKeycloak.headers().firstValue("Location").orElseThrow())).build();
            long start = System.nanoTime();
            HttpResponse<Void> r = http.send(auth, HttpResponse.BodyHandlers.discarding());
            last = System.nanoTime() - start;
            expectBrokerRedirect(r);
        }
        return new One(last);
    }

    private void expectBrokerRedirect(HttpResponse<Void> r) {
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() / 100 != 3 || !location.contains("/broker/" + idpAlias + "/login")) {
            throw new IllegalStateException("expected a redirect to the broker, got " + r.statusCode() + " " + location);
        }
    }

    /** GETs a URL and follows redirects by hand (cookies on every hop), returning the final page. */
    static String follow(HttpClient http, String url) throws IOException, InterruptedException {
        for (int hops = 0; hops < 10; hops++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 3) {
                return r.body();
            }
            url = URI.create(url).resolve(r.headers().firstValue("Location").orElseThrow()).toString();
        }
        throw new IllegalStateException("too many redirects");
    }

    /** A fresh browser that does not follow redirects, so that each hop is seen. */
    static HttpClient client() {
        return LoopbackHttp.client(HttpClient.Redirect.NEVER);
    }

    private static String find(Pattern p, String html) {
        Matcher m = p.matcher(html);
        if (!m.find()) {
            Matcher title = Pattern.compile("(?s)<h1[^>]*>(.*?)</h1>").matcher(html);
            throw new IllegalStateException(p + " not found in page " + (title.find() ? title.group(1).trim() : html));
        }
        return m.group(1);
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&");
    }

    private static String[] row(String what, Samples ours, Samples baseline, double target) {
        double p50 = ours.percentileMillis(50) / baseline.percentileMillis(50);
        double p99 = ours.percentileMillis(99) / baseline.percentileMillis(99);
        boolean met = p50 <= target && p99 <= target;
        return new String[] {what, fmt(ours.percentileMillis(50)), fmt(ours.percentileMillis(99)), fmt(baseline.percentileMillis(50)),
                fmt(baseline.percentileMillis(99)), String.format(Locale.ROOT, "%.2f", p50), String.format(Locale.ROOT, "%.2f", p99),
                String.format(Locale.ROOT, "<= %.2f", target), met ? "met" : "MISSED"};
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    private static void report(List<String[]> rows, Path csv, int iterations) throws IOException {
        String[] head = {"what", "ours p50 ms", "ours p99 ms", "base p50 ms", "base p99 ms", "p50 ratio", "p99 ratio", "target", "result"};
        StringBuilder out = new StringBuilder(String.join(",", head)).append('\n');
        System.out.printf("%nOrganisation login, %d iterations each, %d cores, Java %s%n", iterations,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("%-62s %9s %9s %9s %9s %7s %7s %8s %6s%n", (Object[]) head);
        for (String[] r : rows) {
            System.out.printf("%-62s %9s %9s %9s %9s %7s %7s %8s %6s%n", (Object[]) r);
            out.append(String.join(",", List.of(r).stream().map(c -> c.contains(",") ? '"' + c + '"' : c).toList())).append('\n');
        }
        Files.writeString(csv, out);
        System.out.println("\nwritten " + csv);
    }

    private static void reportHandoff(List<String[]> rows, Path csv) throws IOException {
        String[] head = {"what", "ours", "ours detail", "password", "password detail", "ratio", "target", "result"};
        StringBuilder out = new StringBuilder(String.join(",", head)).append('\n');
        System.out.printf("%nJWT handoff%n%-52s %12s %16s %12s %16s %12s %8s %6s%n", (Object[]) head);
        for (String[] r : rows) {
            System.out.printf("%-52s %12s %16s %12s %16s %12s %8s %6s%n", (Object[]) r);
            out.append(String.join(",", r)).append('\n');
        }
        Files.writeString(csv, out);
        System.out.println("\nwritten " + csv);
    }

    /** The admin REST calls the benchmark needs. */
    private static final class Admin {
        private final String base;
        private final HttpClient http = HttpClient.newHttpClient();

        Admin(String base) {
            this.base = base;
        }

        String token() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                            "username", "admin", "password", "admin")))).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).get("access_token").asText();
        }

        String acmeId() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/helpdesk/organizations?search=Acme"))
                    .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).get(0).get("id").asText();
        }

        /** Creates organizations through the admin API, four requests at a time (loopback, bounded). */
        void createOrganizations(int count, String prefix) throws Exception {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            java.util.concurrent.atomic.AtomicReference<String> token = new java.util.concurrent.atomic.AtomicReference<>(token());
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int slice = t;
                jobs.add(pool.submit(() -> {
                    for (int i = slice; i < count; i += 4) {
                        String alias = prefix + i;
                        String body = JSON.writeValueAsString(Map.of("name", alias, "alias", alias, "enabled", true,
                                "domains", List.of(Map.of("name", alias + ".bench.test"))));
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/helpdesk/organizations"))
                                .header("Authorization", "Bearer " + token.get()).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 401) {
                            token.set(token());
                            i -= 4;
                            continue;
                        }
                        if (r.statusCode() != 201) {
                            throw new IllegalStateException("creating " + alias + ": " + r.statusCode() + " " + r.body());
                        }
                        if (done.incrementAndGet() % 1000 == 0) {
                            System.out.printf("  %,d organizations%n", done.get());
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> job : jobs) {
                job.get();
            }
            pool.shutdown();
        }
    }
}
