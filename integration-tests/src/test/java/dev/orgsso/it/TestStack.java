package dev.orgsso.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.FakeIdentityProviders;
import dev.orgsso.testkit.KeycloakServer;
import dev.orgsso.testkit.LoopbackDns;
import dev.orgsso.testkit.OrgSsoStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one Keycloak (dev mode, embedded database) that all single-node ITs of a run share: started on
 * first use, stopped when the test JVM exits. Tests keep out of each other's way by using their own
 * users and organizations and removing them afterwards.
 */
final class TestStack {

    static final String DEMO_JWT_SECRET = "it-demo-jwt-secret-0123456789abcdef0123456789abcdef";

    /** How often the secret-expiry task runs in tests (production default: hourly). */
    static final int SECRET_EXPIRY_INTERVAL_SECONDS = 5;

    /** The test server's timeout for answers of a customer's IdP, and its limit of calls in flight to one IdP. */
    static final int IDP_READ_TIMEOUT_MILLIS = 3000;
    static final int IDP_MAX_IN_FLIGHT = 3;

    private static OrgSsoStack stack;
    private static FakeIdentityProviders idps;
    private static LoopbackDns dns;

    private TestStack() {
    }

    static synchronized OrgSsoStack get() {
        if (stack == null) {
            try {
                // The customers' IdPs (Entra-, Okta-, JumpCloud-shaped) run beside Keycloak; the Entra
                // authority and JumpCloud's fixed issuer are server options so they can point here.
                idps = new FakeIdentityProviders(KeycloakServer.freePort());
                Runtime.getRuntime().addShutdownHook(new Thread(idps::close));
                // The DNS that domain proofs ask: the test says which TXT records exist.
                dns = LoopbackDns.start();
                Runtime.getRuntime().addShutdownHook(new Thread(dns::close));
                stack = OrgSsoStack.start(repoRoot(), workDir(), Path.of(System.getProperty("orgsso.dist.zip")),
                        OrgSsoStack.Ports.free(), true, List.of("start-dev",
                                "--spi-realm-restapi-extension--orgsso--entra-authority=" + idps.entraAuthority(),
                                "--spi-realm-restapi-extension--orgsso--jumpcloud-issuer=" + idps.baseUrl() + "/jumpcloud/",
                                "--spi-realm-restapi-extension--orgsso--secret-expiry-interval-seconds=" + SECRET_EXPIRY_INTERVAL_SECONDS,
                                // ResilienceIT: a hung IdP times out sooner than the 5 s default, and the bulkhead
                                // holds fewer calls than the default 16, so both are reached quickly.
                                "--spi-realm-restapi-extension--orgsso--idp-read-timeout-millis=" + IDP_READ_TIMEOUT_MILLIS,
                                "--spi-realm-restapi-extension--orgsso--idp-max-in-flight=" + IDP_MAX_IN_FLIGHT,
                                // The customers' IdPs of the tests live on loopback; setup pages refuse it by default.
                                "--spi-realm-restapi-extension--orgsso--allow-loopback-urls=true",
                                "--spi-realm-restapi-extension--orgsso--dns-server=" + dns.address()),
                        Map.of("ORGSSO_DEMO_JWT_SECRET", DEMO_JWT_SECRET), Duration.ofMinutes(6));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the test stack", e);
            }
            OrgSsoStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            relaxCodeLimits(new AdminClient(stack.keycloak().baseUrl()));
        }
        return stack;
    }

    /**
     * The suite signs alice up far more often, and sooner after each other, than anyone would: the
     * per-address budget of code mails and wrong guesses (5 an hour, 20 a day by default) is raised and
     * the cooldown between code mails to one address (60 s, across sign-ups) shortened to 1 s for the
     * run. SignupIT proves each limit with its own settings and addresses.
     */
    static void relaxCodeLimits(AdminClient admin) {
        JsonNode config = codeConfig(admin);
        ((ObjectNode) config.get("config")).put("orgsso.code.mailsPerHour", "10000").put("orgsso.code.wrongGuessesPerDay", "10000")
                .put("orgsso.code.resendCooldownSeconds", "1");
        var r = admin.send("PUT", "/admin/realms/helpdesk/authentication/config/" + config.get("id").asText(), config);
        if (r.statusCode() != 204) {
            throw new IllegalStateException("could not raise the code budget: " + r.statusCode() + " " + r.body());
        }
    }

    /** The orgsso-email-code step's config in the realm export's first broker login flow. */
    static JsonNode codeConfig(AdminClient admin) {
        for (JsonNode e : admin.get("/admin/realms/helpdesk/authentication/flows/orgsso%20first%20broker%20login/executions")) {
            if ("orgsso-email-code".equals(e.path("providerId").asText())) {
                return admin.get("/admin/realms/helpdesk/authentication/config/" + e.get("authenticationConfig").asText());
            }
        }
        throw new IllegalStateException("no orgsso-email-code in the first broker login flow");
    }

    /** The loopback customer IdPs; the stack is started first so that Keycloak knows where they are. */
    static synchronized FakeIdentityProviders idps() {
        get();
        return idps;
    }

    /** The DNS server on loopback that the test server's domain proofs ask. */
    static synchronized LoopbackDns dns() {
        get();
        return dns;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("orgsso.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path workDir() {
        return Path.of(System.getProperty("orgsso.work.dir", "target")).toAbsolutePath().normalize();
    }
}
