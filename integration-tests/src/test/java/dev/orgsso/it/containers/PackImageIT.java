package dev.orgsso.it.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.LoopbackHttp;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The pack as ops run it with Docker: the image the top-level Dockerfile builds (Keycloak's own image
 * with the JAR and the realm exports in it, {@code kc.sh build} done once) on PostgreSQL, started as
 * docker-compose.yml starts it, {@code start --optimized --import-realm}. Needs Docker: without it the
 * class is skipped, unless {@code -Ptestcontainers} asked for it ({@code orgsso.docker.required}), which
 * makes a missing Docker a failure instead.
 */
@EnabledIf(value = "dockerOrRequired", disabledReason = "needs Docker (run it with -Ptestcontainers where Docker is)")
@DisplayName("The pack's container image (Dockerfile) on PostgreSQL")
class PackImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The demo organisation's handoff secret for this run: not the export's documented default. */
    private static final String JWT_SECRET = "container-it-" + UUID.randomUUID();

    private static Network network;
    private static GenericContainer<?> postgres;
    private static KeycloakContainer keycloak;

    private final HttpClient http = LoopbackHttp.client(HttpClient.Redirect.NEVER);

    static boolean dockerOrRequired() {
        return Boolean.getBoolean("orgsso.docker.required") || DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("orgsso.repo.root", "..")).toAbsolutePath().normalize();
        Path jar = OrgSsoStack.packJar(root);
        network = Network.newNetwork();
        // The database as docker-compose.yml runs it.
        postgres = new GenericContainer<>("postgres:16").withNetwork(network).withNetworkAliases("postgres")
                .withEnv(Map.of("POSTGRES_DB", "keycloak", "POSTGRES_USER", "keycloak", "POSTGRES_PASSWORD", "keycloak"))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));
        // Built first (docker build with only what the Dockerfile copies, as .dockerignore has it; removed when
        // the JVM exits): the container's constructor already looks its image up.
        String image = new ImageFromDockerfile("localhost/orgsso-keycloak-it:" + UUID.randomUUID(), true)
                .withFileFromPath("Dockerfile", root.resolve("Dockerfile"))
                .withFileFromPath(root.relativize(jar).toString().replace('\\', '/'), jar)
                .withFileFromPath("realm-exports", root.resolve("realm-exports"))
                .get();
        keycloak = new KeycloakContainer(image)
                .withImagePullPolicy(PullPolicy.defaultPolicy()) // built here, never pulled
                .withOptimizedFlag() // start --optimized --import-realm
                .withNetwork(network).dependsOn(postgres)
                .withEnv("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                .withEnv("KC_DB_USERNAME", "keycloak")
                .withEnv("KC_DB_PASSWORD", "keycloak")
                .withEnv("KC_HTTP_ENABLED", "true")
                // The test reaches the container at a mapped port: Keycloak answers with the URL it is asked on.
                .withEnv("KC_HOSTNAME_STRICT", "false")
                .withEnv("ORGSSO_DEMO_JWT_SECRET", JWT_SECRET)
                .withStartupTimeout(Duration.ofMinutes(6));
        keycloak.start();
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    @DisplayName("Given the image, the realm exports baked into it are imported at the first start")
    void theRealmExportsAreImported() throws Exception {
        for (String realm : new String[] {"helpdesk", "acme-idp"}) {
            HttpResponse<String> r = get(keycloak.getAuthServerUrl() + "/realms/" + realm);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(realm, JSON.readTree(r.body()).path("realm").asText());
        }
    }

    @Test
    @DisplayName("Given main-app's login page, its Log in with SSO link leads to the organisation page, which answers an unknown name in place")
    void theOrganisationPageAnswers() throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", "main-app");
        q.put("redirect_uri", "http://localhost:8090/main-app/callback"); // the export's default ORGSSO_APP_URL
        q.put("response_type", "code");
        q.put("scope", "openid");
        q.put("state", UUID.randomUUID().toString());
        q.put("code_challenge", DemoApp.challenge(UUID.randomUUID() + "-" + UUID.randomUUID())); // main-app requires PKCE
        q.put("code_challenge_method", "S256");
        HttpResponse<String> login = follow(keycloak.getAuthServerUrl() + "/realms/helpdesk/protocol/openid-connect/auth?" + DemoApp.form(q));
        assertEquals(200, login.statusCode(), login.body());
        HttpResponse<String> page = follow(attr(login.body(), "id=\"orgsso-login-with-sso\"[^>]*href=\"([^\"]+)\""));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("name=\"organization\""), "the organisation input:\n" + page.body());

        HttpResponse<String> unknown = post(attr(page.body(), "id=\"orgsso-organisation-form\"[^>]*action=\"([^\"]+)\""),
                Map.of("organization", "no-such-org"));
        assertEquals(200, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("no-such-org") && unknown.body().contains("name=\"organization\""),
                "the same page with a message naming what was typed:\n" + unknown.body());
    }

    @Test
    @DisplayName("Given acme's handoff endpoint, a JWT with a bad signature gets the reason code page and a token signed with the secret given at import signs in")
    void theHandoffRefusesABadJwt() throws Exception {
        String endpoint = keycloak.getAuthServerUrl() + "/realms/helpdesk/orgsso/jwt/acme";
        // The export's documented default secret is not the one this container was given.
        HttpResponse<String> refused = post(endpoint, Map.of("jwt", token(OrgSsoStack.DEFAULT_DEMO_JWT_SECRET)));
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("invalid_signature"), "the reason code on the page:\n" + refused.body());

        HttpResponse<String> malformed = post(endpoint, Map.of("jwt", "not-a-jwt"));
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(malformed.body().contains("malformed"), malformed.body());

        HttpResponse<String> accepted = post(endpoint, Map.of("jwt", token(JWT_SECRET)));
        assertEquals(303, accepted.statusCode(), "the secret from ORGSSO_DEMO_JWT_SECRET was imported:\n" + accepted.body());

        // The image was built with metrics on: the refusal is counted on the management port.
        String metrics = keycloak.getMgmtServerUrl() + "/metrics";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String body = get(metrics).body();
        while (!counted(body) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            body = get(metrics).body();
        }
        assertTrue(counted(body), "orgsso_decisions_total counts the refusal:\n" + body);
    }

    private static boolean counted(String metrics) {
        return metrics.lines().anyMatch(l -> l.startsWith("orgsso_decisions_total{") && l.contains("decision=\"handoff\"")
                && l.contains("reason=\"invalid_signature\""));
    }

    /** A handoff token for a new acme.test person, as the customer's site signs it. */
    private static String token(String secret) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", "c-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test");
        claims.put("name", "Casey Container");
        claims.put("iat", System.currentTimeMillis() / 1000);
        claims.put("jti", UUID.randomUUID().toString());
        return DemoApp.signHs256(claims, secret);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET, following Keycloak's redirects (and no others). */
    private HttpResponse<String> follow(String url) throws Exception {
        URI at = URI.create(url);
        HttpResponse<String> r = get(url);
        for (int hops = 0; hops < 10 && r.statusCode() / 100 == 3; hops++) {
            at = at.resolve(r.headers().firstValue("Location").orElseThrow());
            r = get(at.toString());
        }
        return r;
    }

    private static String attr(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertTrue(m.find(), regex + " not in page:\n" + html);
        return m.group(1).replace("&amp;", "&");
    }
}
