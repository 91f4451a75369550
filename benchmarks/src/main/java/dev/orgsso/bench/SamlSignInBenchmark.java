package dev.orgsso.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import dev.orgsso.testkit.SamlCustomerIdp;
import java.util.List;
import java.util.Map;

/**
 * A returning user's SAML sign-in, from the app's authorization request to the code at its redirect
 * URI, through the customer's SAML IdP on the same Keycloak ({@link SamlCustomerIdp}, realm
 * {@code acme-saml-idp}, Entra-shaped attributes), the way {@link ReturningUserBenchmark} times OIDC:
 * <ul>
 *   <li>ours: organisation {@value #ORG}, onboarded by the onboarding API ({@code PUT .../sso} with
 *   {@code "protocol": "saml", "type": "entra"} and the IdP's metadata URL), signed in to through its
 *   direct link ({@code kc_org}) and the pack's browser flow;</li>
 *   <li>stock: {@code kc_idp_hint} to {@value #STOCK_IDP}, a SAML IdP made by hand through the admin API
 *   with the same settings (the same IdP endpoints, pinned certificate, signature and NameID settings,
 *   principal attribute, and the same three attribute importers), its own SP entity id and client at
 *   the IdP, Keycloak's stock "first broker login" flow, no post broker login flow, not linked to any
 *   organisation.</li>
 * </ul>
 * Keycloak keeps one IdP factory per provider id and the pack's replaces {@code saml}'s, so the stock
 * IdP too runs through the pack's SAML provider: on it the pack's work is the audience check, a second
 * run of its attribute importers and a look-up that finds no organisation. What the row compares is an
 * organisation's IdP with the organisation's rules against a plain SAML IdP of the same server.
 * <p>
 * Both users signed in once before (untimed; ours with the emailed code), so both are returning users
 * with a linked account. Each timed sign-in starts without help desk cookies but with the user's
 * session at the SAML IdP still open, as in the OIDC row: the authorization request, the broker's
 * AuthnRequest posted to the IdP, the IdP's signed response posted back to the broker's endpoint, its
 * redirects until the code. Each side keeps its own client for the whole row; ours and stock alternate.
 */
final class SamlSignInBenchmark {

    static final String ORG = "bench-saml";
    static final String STOCK_IDP = "bench-stock-saml";
    private static final String DOMAIN = ORG + ".bench.test";

    private final OrgSsoStack stack;
    private final AdminClient admin;
    private final String mode;
    private final SamlCustomerIdp customer;
    private final String oursUser = "saml.returning@" + DOMAIN;
    private final String stockUser = "saml.stock@" + DOMAIN;
    private String ourIdp;
    private LoopbackHttp ours;
    private LoopbackHttp stock;

    SamlSignInBenchmark(OrgSsoStack stack, AdminClient admin, String mode) {
        this.stack = stack;
        this.admin = admin;
        this.mode = mode;
        this.customer = new SamlCustomerIdp(stack.keycloak().baseUrl());
    }

    /**
     * The organisation onboarded as a customer's admin does it (its SAML IdP registered at the customer's
     * IdP as the answer says), the stock IdP beside it and a user at the IdP for each. Called before the
     * other rows, so that the organisation is one of the realm's 10.
     */
    void onboard() throws Exception {
        String kc = stack.keycloak().baseUrl();
        JsonNode answer = AdminClient.JSON.readTree(new OnboardingApi(kc).call("PUT", ORG + "/sso", Map.of("protocol", "saml",
                "type", "entra", "metadataUrl", customer.descriptorUrl(),
                "organization", Map.of("name", "Bench SAML", "domains", List.of(DOMAIN))), 201));
        ourIdp = answer.get("alias").asText();
        customer.register(answer, SamlCustomerIdp.entraAttributes(true));

        String acs = kc + "/realms/" + OrgSsoStack.REALM + "/broker/" + STOCK_IDP + "/endpoint";
        ReturningUserBenchmark.createStockCopy(admin, ourIdp, STOCK_IDP, "Bench SAML (stock baseline)",
                Map.of("entityId", acs + "/descriptor"));
        String mappers = "/admin/realms/" + OrgSsoStack.REALM + "/identity-provider/instances/";
        for (JsonNode mapper : admin.get(mappers + ourIdp + "/mappers")) {
            admin.create(mappers + STOCK_IDP + "/mappers", Map.of("name", mapper.get("name").asText(), "identityProviderAlias", STOCK_IDP,
                    "identityProviderMapper", mapper.get("identityProviderMapper").asText(),
                    "config", AdminClient.JSON.convertValue(mapper.get("config"), Map.class)));
        }
        customer.register(AdminClient.JSON.valueToTree(Map.of("customerSetup", Map.of("spEntityId", acs + "/descriptor", "acsUrl", acs))),
                SamlCustomerIdp.entraAttributes(true));
        customer.user(oursUser, "Returning", "Saml");
        customer.user(stockUser, "Stock", "Saml");
    }

    /** @param setting what differs between runs of this row, e.g. the number of organizations */
    Comparison run(String setting, int iterations, int warmup) throws Exception {
        if (ours == null) {
            FederatedSignIn signIn = new FederatedSignIn(stack.mail());
            ours = new LoopbackHttp(stack.app().url());
            stock = new LoopbackHttp(stack.app().url());
            // First sign-ins (untimed): ours with the emailed code, stock with its first broker login.
            signIn.complete(ours, ours.get(oursUrl()), oursUser, SamlCustomerIdp.PASSWORD);
            signIn.complete(stock, stock.get(stockUrl()), stockUser, SamlCustomerIdp.PASSWORD);
        }
        return ReturningUserBenchmark.alternate(new Comparison(mode,
                        "returning user's SAML sign-in, SAML IdP session open (" + setting + ")",
                        "kc_org link, pack-onboarded Entra SAML IdP, organisation rules",
                        "kc_idp_hint, hand-made SAML IdP, same settings and mappers, stock first broker login",
                        null, null, Comparison.Target.latencyAtMost(1.15), 0),
                () -> ReturningUserBenchmark.returning(ours, oursUrl()), () -> ReturningUserBenchmark.returning(stock, stockUrl()),
                iterations, warmup);
    }

    private String oursUrl() {
        return ReturningUserBenchmark.authorizationUrl(stack, Map.of("kc_org", ORG));
    }

    private String stockUrl() {
        return ReturningUserBenchmark.authorizationUrl(stack, Map.of("kc_idp_hint", STOCK_IDP));
    }
}
