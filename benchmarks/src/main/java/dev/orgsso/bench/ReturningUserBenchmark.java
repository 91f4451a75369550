package dev.orgsso.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.SamlPostForm;
import dev.orgsso.testkit.OrgSsoStack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A full federated sign-in of a returning user, from the app's authorization request to the code at
 * its redirect URI, through the loopback OIDC IdP (realm acme-idp on the same Keycloak):
 * <ul>
 *   <li>ours: the demo organisation's direct link ({@code kc_org=acme}) through the pack's browser flow and
 *   IdP (the pack's OIDC provider guards the audience; no post broker login flow), as alice@acme.test;</li>
 *   <li>stock: {@code kc_idp_hint} to a second OIDC IdP to the same realm that the benchmark creates
 *   with Keycloak's stock "first broker login" flow and no post broker login flow, as a second user.</li>
 * </ul>
 * Both users signed in once before (untimed), so both are returning users with a linked account. Each
 * timed sign-in starts without help desk cookies but with the IdP's session still open, as for a
 * user who is signed in at their company: no password is checked, so the broker's own work is what
 * is measured. Ours and stock alternate. Each side keeps its own client for the whole row, so every
 * timed sign-in goes out on a connection that has answered before (the untimed first sign-in and the
 * warm-up), with the same kind of cookie jar (its user's IdP session, no help desk cookies).
 */
final class ReturningUserBenchmark {

    static final String STOCK_IDP = "bench-stock-oidc";
    private static final String STOCK_IDP_CLIENT = "helpdesk-broker-bench-stock";
    private static final String REDIRECT_PATH = "/main-app/callback";

    private final OrgSsoStack stack;
    private final AdminClient admin;
    private final String mode;
    private final String password = UUID.randomUUID().toString();
    private final String stockUser = "returning.stock@acme.test";
    private final String alicePassword;
    private LoopbackHttp alice;
    private LoopbackHttp stock;

    ReturningUserBenchmark(OrgSsoStack stack, AdminClient admin, String mode, String alicePassword) {
        this.stack = stack;
        this.admin = admin;
        this.mode = mode;
        this.alicePassword = alicePassword;
    }

    /** @param setting what differs between runs of this row, e.g. the number of organizations */
    Comparison run(String setting, String ourIdpAlias, int iterations, int warmup) throws Exception {
        if (alice == null) {
            createStockIdentityProvider(ourIdpAlias);
            admin.createUser("acme-idp", stockUser, "Stock", "Returning", password);
            FederatedSignIn signIn = new FederatedSignIn(stack.mail());
            alice = new LoopbackHttp(stack.app().url());
            stock = new LoopbackHttp(stack.app().url());
            // First sign-ins (untimed): ours with the emailed code, stock with its first broker login.
            signIn.complete(alice, alice.get(oursUrl()), "alice@acme.test", alicePassword);
            signIn.complete(stock, stock.get(stockUrl()), stockUser, password);
        }

        return alternate(new Comparison(mode, "full federated sign-in of a returning user, IdP session open (" + setting + ")",
                "kc_org link, pack's browser flow", "kc_idp_hint, stock first broker login, no post broker flow",
                null, null, Comparison.Target.latencyAtMost(1.15), 0),
                () -> returning(alice, oursUrl()), () -> returning(stock, stockUrl()), iterations, warmup);
    }

    /** One side's timed sign-in: nanoseconds spent waiting for Keycloak. */
    interface SignIn {
        long nanos() throws Exception;
    }

    /**
     * The warm-up, then the timed sign-ins, ours and stock alternating.
     *
     * @param row the row's labels and target; its samples are what this measures
     */
    static Comparison alternate(Comparison row, SignIn ours, SignIn stock, int iterations, int warmup) throws Exception {
        for (int i = 0; i < warmup; i++) {
            ours.nanos();
            stock.nanos();
        }
        Samples oursSamples = new Samples(iterations);
        Samples baseline = new Samples(iterations);
        for (int i = 0; i < iterations; i++) {
            oursSamples.add(ours.nanos());
            baseline.add(stock.nanos());
        }
        return new Comparison(row.mode(), row.what(), row.ours(), row.baseline(), oursSamples, baseline, row.target(), row.errors());
    }

    /**
     * One sign-in without help desk cookies; nanoseconds spent waiting for Keycloak. SAML's POST binding
     * pages are submitted as their script would (OIDC has none).
     */
    static long returning(LoopbackHttp browser, String authorizationUrl) throws Exception {
        browser.forgetCookiesUnder("/realms/" + OrgSsoStack.REALM);
        browser.takeWaitedNanos();
        SamlPostForm.submitAll(browser, browser.get(authorizationUrl)).expectCode();
        return browser.takeWaitedNanos();
    }

    private String oursUrl() {
        return authorizationUrl(stack, Map.of("kc_org", "acme"));
    }

    private String stockUrl() {
        return authorizationUrl(stack, Map.of("kc_idp_hint", STOCK_IDP));
    }

    /** main-app's authorization request to the help desk realm, with these parameters added. */
    static String authorizationUrl(OrgSsoStack stack, Map<String, String> extra) {
        return AuthorizationRequest.url(stack.keycloak().baseUrl(), OrgSsoStack.REALM, "auth", "main-app",
                stack.app().url() + REDIRECT_PATH, extra);
    }

    /**
     * The stock baseline's IdP: the same endpoints and settings as the demo organisation's IdP, its own
     * client at the IdP, stock flows, not linked to any organisation.
     */
    private void createStockIdentityProvider(String ourIdpAlias) throws Exception {
        String kc = stack.keycloak().baseUrl();
        String secret = UUID.randomUUID().toString();
        admin.create("/admin/realms/acme-idp/clients", Map.of("clientId", STOCK_IDP_CLIENT, "enabled", true, "publicClient", false,
                "secret", secret, "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", List.of(kc + "/realms/" + OrgSsoStack.REALM + "/broker/" + STOCK_IDP + "/endpoint")));
        createStockCopy(admin, ourIdpAlias, STOCK_IDP, "Acme (stock baseline)", Map.of("clientId", STOCK_IDP_CLIENT, "clientSecret", secret));
    }

    /**
     * A stock baseline's IdP in the help desk realm: a copy of one of ours (its provider, settings and
     * trust switch) without the organisation's and the pack's keys, under another alias, with Keycloak's
     * stock "first broker login" flow and no post broker login flow, not linked to any organisation.
     *
     * @param overrides config values that must differ (the IdP's client of its own)
     */
    static void createStockCopy(AdminClient admin, String ourAlias, String stockAlias, String displayName, Map<String, String> overrides) {
        JsonNode ours = admin.get("/admin/realms/" + OrgSsoStack.REALM + "/identity-provider/instances/" + ourAlias);
        Map<String, String> config = new LinkedHashMap<>();
        ours.get("config").fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("kc.org.") && !e.getKey().startsWith("orgsso.")) {
                config.put(e.getKey(), e.getValue().asText());
            }
        });
        config.putAll(overrides);
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", stockAlias);
        idp.put("displayName", displayName);
        idp.put("providerId", ours.get("providerId").asText());
        idp.put("enabled", true);
        idp.put("trustEmail", ours.path("trustEmail").asBoolean());
        idp.put("hideOnLogin", true);
        idp.put("firstBrokerLoginFlowAlias", "first broker login");
        idp.put("config", config);
        admin.create("/admin/realms/" + OrgSsoStack.REALM + "/identity-provider/instances", idp);
    }
}
