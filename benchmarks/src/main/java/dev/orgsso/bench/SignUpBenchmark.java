package dev.orgsso.bench;

import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A first sign-up, from the app's authorization request to the code at its redirect URI (report only):
 * <ul>
 *   <li>ours: a new user of the demo organisation's IdP through the pack's first broker login (the IdP's
 *   password form, just-in-time account, the 6-digit code emailed through GreenMail and typed);</li>
 *   <li>stock: Keycloak's own registration form ({@code /protocol/openid-connect/registrations}) with
 *   its stock theme, for a client the benchmark creates, with registration switched on in the
 *   benchmark's database only.</li>
 * </ul>
 * Each side hashes one password (ours at the IdP's login, stock when the account is created); reading
 * the mail is the user's time, not the server's, so it is not counted. Each side starts from a fresh
 * cookie jar on a client that has sent one untimed request to Keycloak (which sets no cookie), so
 * neither side's first timed request opens the connection.
 */
final class SignUpBenchmark {

    private static final String STOCK_CLIENT = "bench-stock-registration";

    private final OrgSsoStack stack;
    private final AdminClient admin;
    private final String mode;
    private final String password = UUID.randomUUID().toString();
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    SignUpBenchmark(OrgSsoStack stack, AdminClient admin, String mode) {
        this.stack = stack;
        this.admin = admin;
        this.mode = mode;
    }

    Comparison run(int iterations, int warmup) throws Exception {
        setUpStockRegistration();
        int total = warmup + iterations;
        for (int i = 0; i < total; i++) {
            admin.createUser("acme-idp", ourUser(i), "Signup", "Bench" + i, password);
        }
        FederatedSignIn signIn = new FederatedSignIn(stack.mail());
        Samples ours = new Samples(iterations);
        Samples stock = new Samples(iterations);
        for (int i = 0; i < total; i++) {
            long o = ours(signIn, i);
            long s = stock(i);
            if (i >= warmup) {
                ours.add(o);
                stock.add(s);
            }
        }
        // The rows after this one see the realm as exported again.
        admin.update("/admin/realms/" + OrgSsoStack.REALM, Map.of("registrationAllowed", false));
        return new Comparison(mode, "first sign-up with email code (GreenMail)", "IdP login, JIT account, emailed code",
                "stock registration form", ours, stock, Comparison.Target.reportOnly(), 0);
    }

    private long ours(FederatedSignIn signIn, int i) throws Exception {
        LoopbackHttp browser = WarmBrowser.open(stack.keycloak().baseUrl(), stack.app().url());
        String url = AuthorizationRequest.url(stack.keycloak().baseUrl(), OrgSsoStack.REALM, "auth", "main-app",
                stack.app().url() + "/main-app/callback", Map.of("kc_org", "acme"));
        signIn.complete(browser, browser.get(url), ourUser(i), password);
        return browser.takeWaitedNanos();
    }

    private long stock(int i) throws Exception {
        LoopbackHttp browser = WarmBrowser.open(stack.keycloak().baseUrl(), stack.app().url());
        String url = AuthorizationRequest.url(stack.keycloak().baseUrl(), OrgSsoStack.REALM, "registrations", STOCK_CLIENT,
                stack.app().url() + "/" + STOCK_CLIENT + "/callback", Map.of());
        LoopbackHttp.Stop form = browser.get(url);
        String email = "stock-signup-" + run + "-" + i + "@stock.test";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("firstName", "Signup");
        fields.put("lastName", "Stock" + i);
        fields.put("email", email);
        fields.put("username", email);
        fields.put("password", password);
        fields.put("password-confirm", password);
        browser.post(form.form("kc-register-form"), fields).expectCode();
        return browser.takeWaitedNanos();
    }

    private String ourUser(int i) {
        return "signup-" + run + "-" + i + "@acme.test";
    }

    /** Registration on for the realm and a plain client on Keycloak's stock theme: only in this benchmark's database. */
    private void setUpStockRegistration() throws Exception {
        admin.update("/admin/realms/" + OrgSsoStack.REALM, Map.of("registrationAllowed", true));
        admin.create("/admin/realms/" + OrgSsoStack.REALM + "/clients", Map.of("clientId", STOCK_CLIENT, "enabled", true,
                "publicClient", true, "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", List.of(stack.app().url() + "/" + STOCK_CLIENT + "/*"),
                "attributes", Map.of("login_theme", "keycloak.v2", "pkce.code.challenge.method", "S256")));
    }
}
