package dev.orgsso.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.OrgSsoStack;
import java.io.IOException;
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
 * The benchmarks' bulk data, made through the admin API: many organizations and a copy of the help desk
 * realm. Everything set up here lives only in the benchmark's own database, never in the realm exports.
 */
final class BenchData {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z0-9_]+:([^}]*)\\}");

    private final AdminClient admin;

    BenchData(AdminClient admin) {
        this.admin = admin;
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
                        admin.create("/admin/realms/" + realm + "/organizations", withDomains
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
    void createRealmCopy(Path export, String name) throws IOException {
        Matcher m = PLACEHOLDER.matcher(Files.readString(export));
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(text, Matcher.quoteReplacement(m.group(1)));
        }
        m.appendTail(text);
        JsonNode realm = AdminClient.JSON.readTree(text.toString());
        dropIds(realm);
        // Flow overrides name flows by id (agent-app's); the copy serves only the end users' hop.
        realm.path("clients").forEach(c -> ((ObjectNode) c).remove("authenticationFlowBindingOverrides"));
        ((ObjectNode) realm).put("realm", name);
        HttpResponse<String> r = admin.send("POST", "/admin/realms", AdminClient.JSON.writeValueAsString(realm));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /admin/realms (" + name + "): " + r.statusCode() + " " + r.body());
        }
    }

    private static void dropIds(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("id");
            o.elements().forEachRemaining(BenchData::dropIds);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(BenchData::dropIds);
        }
    }
}
