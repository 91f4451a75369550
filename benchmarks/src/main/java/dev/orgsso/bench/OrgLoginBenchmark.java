package dev.orgsso.bench;

import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The organisation login against stock Keycloak on the same server, two ways:
 * <ul>
 *   <li>the hop: ours is the POST of "Enter your organisation" until Keycloak's redirect to the broker;
 *   stock is an authorization request with {@code kc_idp_hint} until the same redirect. Both sides first
 *   make the same untimed requests on the same fresh client (the authorization request's login page,
 *   then "Log in with SSO"'s organisation page), so both timed requests go out on a connection that has
 *   answered twice, with the same cookies (the browser's authentication session; stock's request adds a
 *   tab to it);</li>
 *   <li>the direct link, the whole path to the IdP: ours is the app's per-organisation link
 *   ({@code kc_org=acme}), stock the same authorization request with {@code kc_idp_hint}, each from a
 *   fresh cookie jar on a connection opened by one untimed request that sets no cookie, timed until the
 *   redirect to the broker;</li>
 *   <li>scale: our hop in a realm with 10,000 organizations against the same hop in a copy of the realm
 *   with 10, interleaved; and the same for a typed email, found by its verified domain.</li>
 * </ul>
 */
final class OrgLoginBenchmark {

    /** The realm copy's main-app accepts the export's default app URL; the hop never reaches it. */
    static final String SMALL_REALM_REDIRECT = "http://localhost:8090/main-app/callback";

    /** Home realm discovery: what a user who does not know the alias types (acme's domain is verified). */
    static final String TYPED_EMAIL = "alice@acme.test";

    private final OrgSsoStack stack;
    private final String idpAlias;
    private final String mode;
    private boolean directRequestsShown;

    OrgLoginBenchmark(OrgSsoStack stack, String idpAlias, String mode) {
        this.stack = stack;
        this.idpAlias = idpAlias;
        this.mode = mode;
    }

    /** The hop and the direct link against stock with the realm's 10 organizations. */
    List<Comparison> withFewOrganizations(int iterations, int warmup) throws Exception {
        // Warm both paths up the same way they are measured (interleaved), so that JIT and caches settle.
        for (int i = 0; i < warmup; i++) {
            oursHop(largeRealm(), "acme");
            stockHop();
            oursDirect();
            stockDirect();
        }
        showDirectRequests();
        Samples ours = new Samples(iterations);
        Samples stock = new Samples(iterations);
        Samples oursDirect = new Samples(iterations);
        Samples stockDirect = new Samples(iterations);
        // Interleave ours and stock so that both see the same machine state.
        for (int i = 0; i < iterations; i++) {
            ours.add(oursHop(largeRealm(), "acme"));
            stock.add(stockHop());
            oursDirect.add(oursDirect());
            stockDirect.add(stockDirect());
        }
        return List.of(hopRow("10 orgs", ours, stock), directRow("10 orgs", oursDirect, stockDirect));
    }

    /**
     * The hop again after the caller created the many organizations in the help desk realm, interleaved
     * with the same hop in {@code smallRealm} (a copy of the help desk realm that kept its 10
     * organizations) and with stock's: the scale row, the hop row and the direct link, each side by side.
     */
    List<Comparison> withManyOrganizations(String smallRealm, int organizations, int iterations, int warmup) throws Exception {
        Realm small = new Realm(smallRealm, SMALL_REALM_REDIRECT);
        for (int i = 0; i < warmup; i++) {
            oursHop(largeRealm(), "acme");
            oursHop(small, "acme");
            stockHop();
            oursDirect();
            stockDirect();
        }
        Samples large = new Samples(iterations);
        Samples smallSamples = new Samples(iterations);
        Samples stockAgain = new Samples(iterations);
        Samples largeByEmail = new Samples(iterations);
        Samples smallByEmail = new Samples(iterations);
        Samples oursDirect = new Samples(iterations);
        Samples stockDirect = new Samples(iterations);
        for (int i = 0; i < warmup; i++) {
            oursHop(largeRealm(), TYPED_EMAIL);
            oursHop(small, TYPED_EMAIL);
        }
        for (int i = 0; i < iterations; i++) {
            large.add(oursHop(largeRealm(), "acme"));
            smallSamples.add(oursHop(small, "acme"));
            stockAgain.add(stockHop());
            largeByEmail.add(oursHop(largeRealm(), TYPED_EMAIL));
            smallByEmail.add(oursHop(small, TYPED_EMAIL));
            oursDirect.add(oursDirect());
            stockDirect.add(stockDirect());
        }
        String many = String.format(Locale.ROOT, "%,d", organizations);
        return List.of(
                new Comparison(mode, "org page by typed email (verified domain lookup): " + many + " orgs vs 10 (two realms, side by side)",
                        "orgsso email hop, " + many + " orgs", "orgsso email hop, 10 orgs (realm copy)", largeByEmail, smallByEmail,
                        Comparison.Target.latencyAtMost(1.20), 0),
                new Comparison(mode, "org lookup scale: our hop with " + many + " orgs vs with 10 (two realms, side by side)",
                        "orgsso hop, " + many + " orgs", "orgsso hop, 10 orgs (realm copy)", large, smallSamples,
                        Comparison.Target.latencyAtMost(1.20), 0),
                hopRow(many + " orgs", large, stockAgain),
                directRow(many + " orgs", oursDirect, stockDirect));
    }

    private Comparison hopRow(String setting, Samples ours, Samples stock) {
        return new Comparison(mode, "org login hop: POST organisation -> 302 to IdP (" + setting
                + "; both after the same untimed login and organisation pages, warm connection)",
                "orgsso org lookup", "kc_idp_hint authorization request", ours, stock, Comparison.Target.latencyAtMost(1.10), 0);
    }

    private Comparison directRow(String setting, Samples ours, Samples stock) {
        return new Comparison(mode, "direct link, the whole path to the IdP: authorization request -> 302 to IdP (" + setting
                + "; fresh cookie jar, warm connection)",
                "kc_org link", "kc_idp_hint", ours, stock, Comparison.Target.latencyAtMost(1.10), 0);
    }

    private record Realm(String name, String redirectUri) {
    }

    private Realm largeRealm() {
        return new Realm(OrgSsoStack.REALM, stack.app().url() + "/main-app/callback");
    }

    private String authorizationUrl(Realm realm, Map<String, String> extra) {
        return AuthorizationRequest.url(stack.keycloak().baseUrl(), realm.name(), "auth", "main-app", realm.redirectUri(), extra);
    }

    /**
     * The untimed preparation of both sides of a hop row, on a fresh client: the authorization request
     * (the connection's first request; the login page) and "Log in with SSO" (the organisation page).
     * Returns the browser and the organisation form's action.
     */
    private Prepared prepareHop(Realm realm) throws Exception {
        LoopbackHttp browser = new LoopbackHttp();
        LoopbackHttp.Stop login = browser.get(authorizationUrl(realm, Map.of()));
        LoopbackHttp.Stop orgPage = browser.get(login.link("orgsso-login-with-sso"));
        return new Prepared(browser, orgPage.form("orgsso-organisation-form"));
    }

    private record Prepared(LoopbackHttp browser, String organisationForm) {
    }

    /** Our hop: the POST of what the user typed, timed until Keycloak's answer; nanoseconds. */
    private long oursHop(Realm realm, String typed) throws Exception {
        Prepared p = prepareHop(realm);
        HttpRequest post = HttpRequest.newBuilder(URI.create(p.organisationForm()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("organization=" + URLEncoder.encode(typed, StandardCharsets.UTF_8))).build();
        return timedUntilBroker(p.browser(), post, 1);
    }

    /** Stock's hop: after the same preparation, the authorization request with kc_idp_hint; nanoseconds. */
    private long stockHop() throws Exception {
        Prepared p = prepareHop(largeRealm());
        HttpRequest auth = HttpRequest.newBuilder(URI.create(authorizationUrl(largeRealm(), Map.of("kc_idp_hint", idpAlias)))).build();
        return timedUntilBroker(p.browser(), auth, 1);
    }

    private long oursDirect() throws Exception {
        return direct(Map.of("kc_org", "acme"));
    }

    private long stockDirect() throws Exception {
        return direct(Map.of("kc_idp_hint", idpAlias));
    }

    private int lastRequests;

    /** The app's authorization request from a fresh jar on a warm connection, until the broker redirect; nanoseconds. */
    private long direct(Map<String, String> extra) throws Exception {
        LoopbackHttp browser = WarmBrowser.open(stack.keycloak().baseUrl(), null);
        HttpRequest auth = HttpRequest.newBuilder(URI.create(authorizationUrl(largeRealm(), extra))).build();
        return timedUntilBroker(browser, auth, 5);
    }

    /** Prints once how many requests each side of the direct link takes to the broker redirect. */
    private void showDirectRequests() throws Exception {
        if (!directRequestsShown) {
            directRequestsShown = true;
            oursDirect();
            int ours = lastRequests;
            stockDirect();
            System.out.printf("  direct link to the broker: kc_org %d request(s), kc_idp_hint %d request(s)%n", ours, lastRequests);
        }
    }

    /**
     * Sends the request (and follows Keycloak's redirects, at most {@code maxRequests} requests) until a
     * redirect to the broker; the time spent waiting for Keycloak, in nanoseconds.
     */
    private long timedUntilBroker(LoopbackHttp browser, HttpRequest request, int maxRequests) throws Exception {
        long waited = 0;
        for (int n = 1; n <= maxRequests; n++) {
            long start = System.nanoTime();
            HttpResponse<Void> r = browser.http().send(request, HttpResponse.BodyHandlers.discarding());
            waited += System.nanoTime() - start;
            String location = r.headers().firstValue("Location").orElse("");
            if (r.statusCode() / 100 == 3 && location.contains("/broker/" + idpAlias + "/login")) {
                lastRequests = n;
                return waited;
            }
            if (r.statusCode() / 100 != 3 || n == maxRequests) {
                throw new IllegalStateException("expected a redirect to the broker, got " + r.statusCode() + " " + location
                        + " from " + request.uri().getPath());
            }
            request = HttpRequest.newBuilder(request.uri().resolve(location)).build();
        }
        throw new IllegalStateException("unreachable");
    }
}
