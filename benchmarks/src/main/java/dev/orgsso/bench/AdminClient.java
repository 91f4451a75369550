package dev.orgsso.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.OrgSsoStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin REST calls the benchmarks make to set up their stock baselines and their data. Everything
 * set up here lives only in the benchmark's own database, never in the realm exports.
 */
final class AdminClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile String token;

    AdminClient(String base) {
        this.base = base;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path, null);
        expect(r, 200, "GET " + path);
        return JSON.readTree(r.body());
    }

    /** POSTs a representation; a 409 (already there from an earlier step of the same run) is not an error. */
    void create(String path, Object representation) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", path, JSON.writeValueAsString(representation));
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    void update(String path, Object representation) throws IOException, InterruptedException {
        HttpResponse<String> r = send("PUT", path, JSON.writeValueAsString(representation));
        expect(r, 204, "PUT " + path);
    }

    String organizationId(String alias) throws IOException, InterruptedException {
        for (JsonNode org : get("/admin/realms/helpdesk/organizations?max=1000&search=" + alias)) {
            if (alias.equals(org.path("alias").asText())) {
                return org.get("id").asText();
            }
        }
        throw new IllegalStateException("no organization " + alias);
    }

    String flowId(String realm, String alias) throws IOException, InterruptedException {
        for (JsonNode flow : get("/admin/realms/" + realm + "/authentication/flows")) {
            if (alias.equals(flow.path("alias").asText())) {
                return flow.get("id").asText();
            }
        }
        throw new IllegalStateException("no flow " + alias + " in " + realm);
    }

    void createUser(String realm, String email, String firstName, String lastName, String password) throws IOException, InterruptedException {
        create("/admin/realms/" + realm + "/users", Map.of("username", email, "email", email, "firstName", firstName,
                "lastName", lastName, "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
    }

    /**
     * Creates organizations through the admin API, four requests at a time (loopback, bounded). With a
     * domain each, creation slows down as organizations accumulate: stock Keycloak 26.7 checks a new
     * domain with OrganizationProvider#getByDomainName, a join over all of the realm's organizations
     * (ORG_DOMAIN has no index on NAME), so 10,000 took 10 minutes here; without, two and a half.
     */
    void createOrganizations(int count, String prefix, boolean withDomains) throws Exception {
        createOrganizations(OrgSsoStack.REALM, count, prefix, withDomains);
    }

    void createOrganizations(String realm, int count, String prefix, boolean withDomains) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int slice = t;
                jobs.add(pool.submit(() -> {
                    for (int i = slice; i < count; i += 4) {
                        String alias = prefix + i;
                        create("/admin/realms/" + realm + "/organizations", withDomains
                                ? Map.of("name", alias, "alias", alias, "enabled", true, "domains", List.of(Map.of("name", alias + ".bench.test", "verified", true)))
                                : Map.of("name", alias, "alias", alias, "enabled", true));
                        if (done.incrementAndGet() % 1000 == 0) {
                            System.out.printf("  %,d organizations%n", done.get());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Creates a second realm from the help desk realm export, under another name: the same flows,
     * clients, IdP and organisation, so that the pack's hop can be timed in two realms side by side.
     * Placeholders take their defaults (as Keycloak's import does without the variables) and the
     * export's fixed ids are dropped, so that Keycloak gives the copy its own (and with them the one
     * client flow override, agent-app's, which names its flow by id).
     */
    void createRealmCopy(Path export, String name) throws IOException, InterruptedException {
        Matcher m = PLACEHOLDER.matcher(Files.readString(export));
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(text, Matcher.quoteReplacement(m.group(1)));
        }
        m.appendTail(text);
        JsonNode realm = JSON.readTree(text.toString());
        dropIds(realm);
        // Flow overrides name flows by id (agent-app's); the copy serves only the end users' hop.
        realm.path("clients").forEach(c -> ((ObjectNode) c).remove("authenticationFlowBindingOverrides"));
        ((ObjectNode) realm).put("realm", name);
        HttpResponse<String> r = send("POST", "/admin/realms", JSON.writeValueAsString(realm));
        expect(r, 201, "POST /admin/realms (" + name + ")");
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z0-9_]+:([^}]*)\\}");

    private static void dropIds(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("id");
            o.elements().forEachRemaining(AdminClient::dropIds);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(AdminClient::dropIds);
        }
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (token == null) {
                token = freshToken();
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
            b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // master realm admin tokens live 60 s; the 10,000-organization set-up outlives several
            if (r.statusCode() != 401 || attempt > 0) {
                return r;
            }
            token = null;
        }
    }

    private String freshToken() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", "admin", "password", "admin")))).build(), HttpResponse.BodyHandlers.ofString());
        expect(r, 200, "admin token");
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
        }
    }
}
