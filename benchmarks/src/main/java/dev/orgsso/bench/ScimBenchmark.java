package dev.orgsso.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SCIM per organisation against Keycloak's admin REST API on the same server, in the same run:
 * <ul>
 *   <li>provisioning: N users through the pack's SCIM API ({@code POST /Users} with the organisation's
 *   token: the account, a managed member, email verified) against the same number through the admin
 *   API ({@code POST /admin/realms/helpdesk/users}, then {@code POST .../organizations/{id}/members}
 *   with its id: what SCIM does in one call), a few clients at once on each side, into the same
 *   organisation, in blocks that alternate between the sides (ABBA), so a busy machine slows both
 *   alike. Users per second = users over the blocks' wall-clock time; p50/p99 per user (SCIM: its one
 *   request; admin: both requests);</li>
 *   <li>lookup scale: {@code GET /Users?filter=userName eq "x"} (what Entra ID and Okta send before
 *   each create) with 1,000 users in the realm against the same lookups after the benchmark seeded
 *   the realm to 100,000 users straight into its PostgreSQL database (as members of the same
 *   organisation, rows cloned from a user SCIM made). The two sizes are measured one after the other
 *   (one realm cannot have both); each after a warm-up and with Keycloak's user cache cleared, every
 *   timed lookup a different user, so each reads the database at both sizes. Production mode only:
 *   dev mode's file database is Keycloak's, locked while it runs.</li>
 * </ul>
 * Plain java.net.http clients on both sides (no SCIM SDK), one per client thread, each warmed by an
 * untimed request before anything is timed; both sides' JSON is written before the clock starts.
 */
final class ScimBenchmark {

    static final String PROVISION_ORG = "bench-scim-provision";
    static final String LOOKUP_ORG = "bench-scim-lookup";
    private static final String REALM = OrgSsoStack.REALM;
    private static final String ADMIN = "/admin/realms/" + REALM;
    private static final String SCIM_JSON = "application/scim+json";
    /** Users of one side in one block; the sides alternate block by block. */
    private static final int BLOCK = 250;

    private final OrgSsoStack stack;
    private final AdminClient admin;
    private final String mode;
    private final String baseUrl;

    ScimBenchmark(OrgSsoStack stack, AdminClient admin, String mode) {
        this.stack = stack;
        this.admin = admin;
        this.mode = mode;
        this.baseUrl = stack.keycloak().baseUrl();
    }

    /** An organisation made for the benchmark: its verified domain and a SCIM token of its own. */
    record Org(String alias, String id, String domain, String token, String scimUrl) {
    }

    /** Creates an organisation with one verified domain and issues a SCIM token through the onboarding API. */
    Org organisation(String alias) throws Exception {
        String domain = alias + ".bench.test";
        admin.create(ADMIN + "/organizations", Map.of("name", alias, "alias", alias, "enabled", true,
                "domains", List.of(Map.of("name", domain, "verified", true))));
        String id = admin.organizationId(REALM, alias);
        String token = AdminClient.JSON.readTree(new OnboardingApi(baseUrl).call("POST", alias + "/scim/tokens", null, 201))
                .get("token").asText();
        return new Org(alias, id, domain, token, baseUrl + "/realms/" + REALM + "/orgsso/scim/" + alias + "/v2");
    }

    // ---------------------------------------------------------------- provisioning

    /** N users through SCIM against N through the admin API (account + membership), {@code clients} at once per side. */
    Comparison provisioning(Org org, int users, int clients, int warmup) throws Exception {
        Side scim = new Side(clients, (client, i) -> scimCreate(client, org, "scim-" + i + "@" + org.domain(), "ext-scim-" + i));
        Side stock = new Side(clients, (client, i) -> adminCreate(client, org, "admin-" + i + "@" + org.domain()));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            scim.warmConnections(this::warmScim, org);
            stock.warmConnections(this::warmAdmin, org);
            // Untimed warm-up, the same on both sides and in the same organisation.
            for (int from = 0; from < warmup; from += BLOCK) {
                int to = Math.min(warmup, from + BLOCK);
                scim.block(pool, from, to, null);
                stock.block(pool, from, to, null);
            }
            Samples ours = new Samples(users);
            Samples baseline = new Samples(users);
            int pair = 0;
            for (int from = warmup; from < warmup + users; from += BLOCK, pair++) {
                int to = Math.min(warmup + users, from + BLOCK);
                // ABBA: neither side always goes first.
                if (pair % 2 == 0) {
                    scim.block(pool, from, to, ours);
                    stock.block(pool, from, to, baseline);
                } else {
                    stock.block(pool, from, to, baseline);
                    scim.block(pool, from, to, ours);
                }
                if ((to - warmup) % 2000 == 0) {
                    System.out.printf("  %,d users a side (SCIM %.1f/s, admin API %.1f/s)%n", to - warmup, ours.perSecond(), baseline.perSecond());
                }
            }
            scim.report("SCIM");
            stock.report("admin API");
            System.out.printf("  provisioning: SCIM %.1f users/s, admin API %.1f users/s, ratio %.2f%n",
                    ours.perSecond(), baseline.perSecond(), ours.perSecond() / baseline.perSecond());
            return new Comparison(mode, String.format("SCIM provisioning: %,d users, %d clients at once a side, one organisation", users, clients),
                    "POST /Users with the organisation's token (account, managed member, email verified)",
                    "admin API POST /users, then POST /organizations/{id}/members; blocks of " + BLOCK + " alternating",
                    ours, baseline, Comparison.Target.rateAtLeast(0.8, "users/s"), scim.errors.get() + stock.errors.get());
        } finally {
            pool.shutdown();
        }
    }

    /** One side of the provisioning row: its clients (one HttpClient each), its work for user i, its errors. */
    private final class Side {
        final HttpClient[] clients;
        final UserCreation create;
        final AtomicInteger errors = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();

        Side(int clientCount, UserCreation create) {
            this.clients = new HttpClient[clientCount];
            for (int c = 0; c < clientCount; c++) {
                clients[c] = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            }
            this.create = create;
        }

        void warmConnections(Warm warm, Org org) throws Exception {
            for (HttpClient c : clients) {
                warm.warm(c, org);
            }
        }

        /** Users [from, to) with all clients at once; into {@code samples} (and its wall-clock time) unless null. */
        void block(ExecutorService pool, int from, int to, Samples samples) throws Exception {
            AtomicInteger next = new AtomicInteger(from);
            List<Future<?>> jobs = new ArrayList<>();
            long start = System.nanoTime();
            for (HttpClient client : clients) {
                jobs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        try {
                            long took = create.create(client, i);
                            if (samples != null) {
                                samples.add(took);
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, String.valueOf(e));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
            if (samples != null) {
                samples.addWall(System.nanoTime() - start);
            }
        }

        void report(String name) {
            if (firstError.get() != null) {
                System.out.println("  " + name + ": " + errors.get() + " errors, the first: " + firstError.get());
            }
        }
    }

    @FunctionalInterface
    private interface UserCreation {
        /** Creates user i on this client; the nanoseconds it took; throws on any unexpected answer. */
        long create(HttpClient client, int i) throws Exception;
    }

    @FunctionalInterface
    private interface Warm {
        void warm(HttpClient client, Org org) throws Exception;
    }

    /** One SCIM create as Entra ID sends it (userName = the work email, externalId, name, emails, active). */
    private long scimCreate(HttpClient http, Org org, String email, String externalId) throws Exception {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"));
        user.put("userName", email);
        user.put("externalId", externalId);
        user.put("active", true);
        user.put("name", Map.of("givenName", "Bench", "familyName", "User"));
        user.put("emails", List.of(Map.of("value", email, "type", "work", "primary", true)));
        HttpRequest post = HttpRequest.newBuilder(URI.create(org.scimUrl() + "/Users"))
                .header("Authorization", "Bearer " + org.token()).header("Content-Type", SCIM_JSON).header("Accept", SCIM_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(AdminClient.JSON.writeValueAsString(user))).build();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        expect(r, 201, "SCIM POST /Users " + email);
        return took;
    }

    /** The same person through the admin API: the account, then its organisation membership. */
    private long adminCreate(HttpClient http, Org org, String email) throws Exception {
        String bearer = adminToken();
        String user = AdminClient.JSON.writeValueAsString(Map.of("username", email, "email", email, "firstName", "Bench",
                "lastName", "User", "enabled", true, "emailVerified", true));
        HttpRequest post = HttpRequest.newBuilder(URI.create(baseUrl + ADMIN + "/users"))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(user)).build();
        long start = System.nanoTime();
        HttpResponse<String> created = http.send(post, HttpResponse.BodyHandlers.ofString());
        long first = System.nanoTime() - start;
        expect(created, 201, "admin POST /users " + email);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        HttpRequest member = HttpRequest.newBuilder(URI.create(baseUrl + ADMIN + "/organizations/" + org.id() + "/members"))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AdminClient.JSON.writeValueAsString(id))).build();
        start = System.nanoTime();
        HttpResponse<String> added = http.send(member, HttpResponse.BodyHandlers.ofString());
        long second = System.nanoTime() - start;
        expect(added, 201, "admin POST /organizations/{id}/members " + email);
        return first + second;
    }

    private volatile String adminToken;
    private volatile long adminTokenAt;

    /**
     * The master admin's token, fetched again (untimed, before a timed request) when it is 30 s old:
     * master realm admin tokens live 60 s.
     */
    private synchronized String adminToken() {
        if (adminToken == null || System.nanoTime() - adminTokenAt > 30_000_000_000L) {
            adminToken = admin.token();
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    /** An untimed SCIM request on this client: its connection has answered before anything is timed. */
    private void warmScim(HttpClient http, Org org) throws Exception {
        expect(http.send(HttpRequest.newBuilder(URI.create(org.scimUrl() + "/ServiceProviderConfig"))
                .header("Authorization", "Bearer " + org.token()).header("Accept", SCIM_JSON).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 200, "SCIM /ServiceProviderConfig");
    }

    /** An untimed admin request on this client (the organisation), for the same reason. */
    private void warmAdmin(HttpClient http, Org org) throws Exception {
        expect(http.send(HttpRequest.newBuilder(URI.create(baseUrl + ADMIN + "/organizations/" + org.id()))
                .header("Authorization", "Bearer " + adminToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 200, "admin GET organization");
    }

    // ---------------------------------------------------------------- lookups

    /**
     * The userName lookup with {@code small} members of the organisation (made through SCIM) against the
     * same lookups after seeding it to {@code large} members in the database; both at one organisation.
     */
    Comparison lookupScale(BenchServer server, Org org, int small, int large, int lookups, int warmup) throws Exception {
        int timed = Math.min(lookups, small);
        System.out.printf("  %,d users through SCIM%n", small);
        makeThroughScim(org, small);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        warmScim(http, org);
        Random random = new Random(7);
        long smallRealm;
        try (Connection db = server.database()) {
            smallRealm = realmUsers(db);
        }
        Samples few = new Samples(timed);
        AtomicInteger errors = new AtomicInteger();
        measureLookups(http, org, small, timed, warmup, random, few, errors);

        Instant seeded = Instant.now();
        long largeRealm;
        try (Connection db = server.database()) {
            seed(db, org, small, large);
            largeRealm = realmUsers(db);
        }
        System.out.printf("  seeded %,d users in %d s%n", large - small, Duration.between(seeded, Instant.now()).toSeconds());
        // As after the organisations' bulk insert: the steady state, after autovacuum's ANALYZE.
        server.refreshStatistics();
        Samples many = new Samples(timed);
        measureLookups(http, org, large, timed, warmup, random, many, errors);
        System.out.printf("  lookups: %,d users p50 %.2f / p99 %.2f ms, %,d users p50 %.2f / p99 %.2f ms%n", smallRealm,
                few.percentileMillis(50), few.percentileMillis(99), largeRealm, many.percentileMillis(50), many.percentileMillis(99));
        return new Comparison(mode, String.format("SCIM lookup scale: GET /Users?filter=userName eq, %,d users vs %,d (one organisation, "
                        + "the sizes one after the other, user cache cleared, a different user each)", largeRealm, smallRealm),
                String.format("%,d users in the realm, %,d of them the organisation's (seeded in the database)", largeRealm, large),
                String.format("%,d users in the realm, %,d of them the organisation's", smallRealm, small),
                many, few, Comparison.Target.latencyAtMost(1.2), errors.get());
    }

    /** Users u0 .. u(count-1) of the organisation through SCIM, untimed, four at a time. */
    private void makeThroughScim(Org org, int count) throws Exception {
        UserCreation create = (client, i) -> scimCreate(client, org, "u" + i + "@" + org.domain(), "ext-" + i);
        Side side = new Side(4, create);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            side.block(pool, 0, count, null);
        } finally {
            pool.shutdown();
        }
        side.report("SCIM set-up");
        if (side.errors.get() > 0) {
            throw new IllegalStateException("could not make the lookup row's users through SCIM: " + side.firstError.get());
        }
    }

    /**
     * A warm-up of random lookups, then Keycloak's user cache cleared and {@code timed} lookups of
     * distinct random users among u0 .. u(size-1), one client back to back.
     */
    private void measureLookups(HttpClient http, Org org, int size, int timed, int warmup, Random random, Samples into,
                                AtomicInteger errors) throws Exception {
        for (int i = 0; i < warmup; i++) {
            lookup(http, org, "u" + random.nextInt(size) + "@" + org.domain(), errors);
        }
        clearUserCache();
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        for (int i = 0; i < timed; i++) {
            long took = lookup(http, org, "u" + order.get(i) + "@" + org.domain(), errors);
            if (took >= 0) {
                into.add(took);
            }
        }
    }

    /** One filter lookup that must find exactly that user; nanoseconds, or -1 (and an error) otherwise. */
    private long lookup(HttpClient http, Org org, String userName, AtomicInteger errors) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(org.scimUrl() + "/Users?filter="
                        + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Authorization", "Bearer " + org.token()).header("Accept", SCIM_JSON).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        JsonNode body = r.statusCode() == 200 ? AdminClient.JSON.readTree(r.body()) : null;
        if (body == null || body.path("totalResults").asInt() != 1
                || !userName.equalsIgnoreCase(body.path("Resources").path(0).path("userName").asText())) {
            if (errors.incrementAndGet() == 1) {
                System.out.println("  first lookup error: " + userName + " -> " + r.statusCode() + " " + r.body());
            }
            return -1;
        }
        return took;
    }

    private void clearUserCache() {
        HttpResponse<String> r = admin.send("POST", ADMIN + "/clear-user-cache", null);
        if (r.statusCode() != 204) {
            throw new IllegalStateException("clear-user-cache: " + r.statusCode() + " " + r.body());
        }
    }

    private static long realmUsers(Connection db) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("select count(*) from user_entity where realm_id = (select id from realm where name = ?)")) {
            s.setString(1, REALM);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * Users u{from} .. u{to-1} of the organisation straight into the database: each a clone of u0 (made
     * through SCIM) in every table that holds u0 (the account, its attributes: provisioned, externalId,
     * last modified; its default role; its managed membership of the organisation's group), with its own
     * id, userName, email and externalId. Columns are read from the schema, so the clone follows
     * Keycloak's tables as they are; INSERT ... SELECT over generate_series, 10,000 users a statement.
     */
    private static void seed(Connection db, Org org, int from, int to) throws SQLException {
        String template;
        try (PreparedStatement s = db.prepareStatement("select id from user_entity where username = ? and realm_id = (select id from realm where name = ?)")) {
            s.setString(1, "u0@" + org.domain());
            s.setString(2, REALM);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no u0@" + org.domain() + " to clone");
                }
                template = r.getString(1);
            }
        }
        // Our own names (alias + digits), so they are spliced into the SQL as literals.
        String name = "'u' || g.i || '@" + org.domain() + "'";
        String newId = "md5('orgsso-bench-seed-' || g.i)::uuid::text";
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        tables.put("user_entity", Map.of("id", newId, "username", name, "email", name, "email_constraint", name,
                "last_name", "'User ' || g.i"));
        tables.put("user_attribute", Map.of("id", "md5('orgsso-bench-seed-' || t.name || '-' || g.i)::uuid::text", "user_id", newId,
                "value", "case when t.name = 'orgsso.scim.externalId' then 'ext-' || g.i else t.value end"));
        tables.put("user_role_mapping", Map.of("user_id", newId));
        tables.put("user_group_membership", Map.of("user_id", newId));
        db.setAutoCommit(false);
        for (int start = from; start < to; start += 10_000) {
            int end = Math.min(to, start + 10_000) - 1;
            try (Statement s = db.createStatement()) {
                for (Map.Entry<String, Map<String, String>> table : tables.entrySet()) {
                    List<String> columns = columns(db, table.getKey());
                    String key = table.getKey().equals("user_entity") ? "id" : "user_id";
                    List<String> values = columns.stream().map(c -> table.getValue().getOrDefault(c, "t." + c)).toList();
                    s.executeUpdate("insert into " + table.getKey() + " (" + String.join(", ", columns) + ") select "
                            + String.join(", ", values) + " from " + table.getKey() + " t cross join generate_series(" + start + ", " + end
                            + ") as g(i) where t." + key + " = '" + template + "'");
                }
            }
            db.commit();
            System.out.printf("  %,d users seeded%n", end + 1 - from);
        }
        db.setAutoCommit(true);
    }

    private static List<String> columns(Connection db, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("select column_name from information_schema.columns "
                + "where table_schema = current_schema() and table_name = ? order by ordinal_position")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.add(r.getString(1));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("no table " + table + " in the benchmark's database");
        }
        return columns;
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
        }
    }
}
