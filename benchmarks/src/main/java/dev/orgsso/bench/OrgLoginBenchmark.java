package dev.orgsso.bench;

import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The organisation login hop against stock Keycloak on the same server:
 * <ul>
 *   <li>ours: the POST of "Enter your organisation" until Keycloak answers with the redirect to the broker;</li>
 *   <li>stock: an authorization request with {@code kc_idp_hint} until the same redirect;</li>
 *   <li>scale: our hop in a realm with 10,000 organizations against the same hop in a copy of the realm
 *   with 10, interleaved; and the same for a typed email, found by its verified domain.</li>
 * </ul>
 * Both are timed on the one request that does the work; the pages before it are not timed.
 */
final class OrgLoginBenchmark {

    /** The realm copy's main-app accepts the export's default app URL; the hop never reaches it. */
    static final String SMALL_REALM_REDIRECT = "http://localhost:8090/main-app/callback";

    private final OrgSsoStack stack;
    private final String idpAlias;
    private final String mode;

    OrgLoginBenchmark(OrgSsoStack stack, String idpAlias, String mode) {
        this.stack = stack;
        this.idpAlias = idpAlias;
        this.mode = mode;
    }

    /** Row 1: the hop against stock with the realm's 10 organizations. */
    Comparison withFewOrganizations(int iterations, int warmup) throws Exception {
        // Warm both paths up the same way they are measured (interleaved), so that JIT and caches settle.
        for (int i = 0; i < warmup; i++) {
            ours();
            stock();
        }
        Samples ours = new Samples(iterations);
        Samples stock = new Samples(iterations);
        // Interleave ours and stock so that both see the same machine state.
        for (int i = 0; i < iterations; i++) {
            ours.add(ours());
            stock.add(stock());
        }
        return new Comparison(mode, "org login hop: POST organisation -> 302 to IdP (10 orgs)", "orgsso org lookup",
                "kc_idp_hint redirect", ours, stock, Comparison.Target.latencyAtMost(1.10), 0);
    }

    /**
     * The hop again after the caller created the many organizations in the help desk realm, interleaved
     * with the same hop in {@code smallRealm} (a copy of the help desk realm that kept its 10
     * organizations) and with stock's: the scale row and the hop row, each side by side.
     */
    List<Comparison> withManyOrganizations(String smallRealm, int organizations, int iterations, int warmup) throws Exception {
        String largeStart = stack.app().loginUrl("main-app");
        // One URL for every hop of the copy: the state and PKCE challenge only need to be well-formed,
        // the hop never returns to the app.
        String smallStart = AuthorizationRequest.url(stack.keycloak().baseUrl(), smallRealm, "auth", "main-app",
                SMALL_REALM_REDIRECT, Map.of());
        for (int i = 0; i < warmup; i++) {
            ours(largeStart);
            ours(smallStart);
            stock();
        }
        Samples large = new Samples(iterations);
        Samples small = new Samples(iterations);
        Samples stockAgain = new Samples(iterations);
        Samples largeByEmail = new Samples(iterations);
        Samples smallByEmail = new Samples(iterations);
        for (int i = 0; i < warmup; i++) {
            ours(largeStart, TYPED_EMAIL);
            ours(smallStart, TYPED_EMAIL);
        }
        for (int i = 0; i < iterations; i++) {
            large.add(ours(largeStart));
            small.add(ours(smallStart));
            stockAgain.add(stock());
            largeByEmail.add(ours(largeStart, TYPED_EMAIL));
            smallByEmail.add(ours(smallStart, TYPED_EMAIL));
        }
        String many = String.format(Locale.ROOT, "%,d", organizations);
        return List.of(
                new Comparison(mode, "org page by typed email (verified domain lookup): " + many + " orgs vs 10 (two realms, side by side)",
                        "orgsso email hop, " + many + " orgs", "orgsso email hop, 10 orgs (realm copy)", largeByEmail, smallByEmail,
                        Comparison.Target.latencyAtMost(1.20), 0),
                new Comparison(mode, "org lookup scale: our hop with " + many + " orgs vs with 10 (two realms, side by side)",
                        "orgsso hop, " + many + " orgs", "orgsso hop, 10 orgs (realm copy)", large, small, Comparison.Target.latencyAtMost(1.20), 0),
                new Comparison(mode, "org login hop: POST organisation -> 302 to IdP (" + many + " orgs)", "orgsso org lookup",
                        "kc_idp_hint redirect", large, stockAgain, Comparison.Target.latencyAtMost(1.10), 0));
    }

    private long ours() throws Exception {
        return ours(stack.app().loginUrl("main-app"));
    }

    /** Home realm discovery: what a user who does not know the alias types (acme's domain is verified). */
    static final String TYPED_EMAIL = "alice@acme.test";

    private long ours(String loginUrl) throws Exception {
        return ours(loginUrl, "acme");
    }

    /** Our hop: the POST of what the user typed, timed until Keycloak's answer; nanoseconds. */
    private long ours(String loginUrl, String typed) throws Exception {
        LoopbackHttp browser = new LoopbackHttp();
        LoopbackHttp.Stop login = browser.get(loginUrl);
        LoopbackHttp.Stop orgPage = browser.get(login.link("orgsso-login-with-sso"));
        HttpRequest post = HttpRequest.newBuilder(URI.create(orgPage.form("orgsso-organisation-form")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("organization=" + java.net.URLEncoder.encode(typed,
                        java.nio.charset.StandardCharsets.UTF_8))).build();
        long start = System.nanoTime();
        HttpResponse<Void> r = browser.http().send(post, HttpResponse.BodyHandlers.discarding());
        long took = System.nanoTime() - start;
        expectBrokerRedirect(r);
        return took;
    }

    /** Stock: the authorization request with kc_idp_hint, timed until Keycloak's answer; nanoseconds. */
    private long stock() throws Exception {
        HttpClient http = new LoopbackHttp().http();
        HttpResponse<Void> toKeycloak = http.send(HttpRequest.newBuilder(
                URI.create(stack.app().loginUrl("main-app") + "?kc_idp_hint=" + idpAlias)).build(), HttpResponse.BodyHandlers.discarding());
        HttpRequest auth = HttpRequest.newBuilder(URI.create(toKeycloak.headers().firstValue("Location").orElseThrow())).build();
        long start = System.nanoTime();
        HttpResponse<Void> r = http.send(auth, HttpResponse.BodyHandlers.discarding());
        long took = System.nanoTime() - start;
        expectBrokerRedirect(r);
        return took;
    }

    private void expectBrokerRedirect(HttpResponse<Void> r) {
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() / 100 != 3 || !location.contains("/broker/" + idpAlias + "/login")) {
            throw new IllegalStateException("expected a redirect to the broker, got " + r.statusCode() + " " + location);
        }
    }
}
