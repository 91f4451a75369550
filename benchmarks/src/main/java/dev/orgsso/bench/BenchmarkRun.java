package dev.orgsso.bench;

import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.OrgSsoStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pack against stock Keycloak doing the nearest equivalent work, on the same server in the same
 * run, ours and stock interleaved so that a busy machine slows both alike; once per mode (production
 * mode on PostgreSQL, then dev mode). Loopback only, fixed iteration counts (system properties, see
 * README "Performance"). Results: the console table and benchmarks/target/bench/results.{csv,json,md}
 * and latency-*.png. Run: {@code ./bench.sh}.
 */
public final class BenchmarkRun {

    private BenchmarkRun() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("benchmarks/target/bench"));
        Path dist = Path.of(System.getProperty("orgsso.dist.zip"));
        Map<String, String> settings = new LinkedHashMap<>();
        int hops = setting(settings, "orgsso.bench.iterations", 300);
        int warmup = setting(settings, "orgsso.bench.warmup", 300);
        int organizations = setting(settings, "orgsso.bench.orgs", 10_000);
        // Dev mode, the second opinion, gets fewer organizations so that the whole run stays short.
        int devOrganizations = setting(settings, "orgsso.bench.dev.orgs", 1_000);
        // Each organization with a verified domain, as customers have them: the typed-email row looks
        // domains up among all of them. false is quicker to set up (Keycloak checks each new domain with a scan).
        boolean domains = !"false".equals(System.getProperty("orgsso.bench.orgs.domains"));
        settings.put("orgsso.bench.orgs.domains", String.valueOf(domains));
        int signIns = setting(settings, "orgsso.bench.signin.iterations", 600);
        int handoffs = setting(settings, "orgsso.bench.handoff.iterations", 100);
        int parallel = setting(settings, "orgsso.bench.parallel", 32);
        int perClient = setting(settings, "orgsso.bench.parallel.each", 10);
        int signUps = setting(settings, "orgsso.bench.signup.iterations", 20);
        // SCIM: users provisioned a side (SCIM against the admin API), clients at once a side, untimed users a side first.
        // The published numbers are from -Dorgsso.bench.scimUsers=10000; on 2 cores that takes 5-12 minutes a mode
        // (the admin API side made 15-44 users/s here, SCIM 111/s), so the default run provisions fewer.
        int scimUsers = setting(settings, "orgsso.bench.scimUsers", 2_000);
        int devScimUsers = setting(settings, "orgsso.bench.dev.scimUsers", 1_000);
        int scimClients = setting(settings, "orgsso.bench.scimClients", 4);
        int scimWarmup = setting(settings, "orgsso.bench.scimWarmup", 200);
        // SCIM lookup scale (production mode only): the organisation's users at the two sizes, lookups timed at each.
        int scimSmall = setting(settings, "orgsso.bench.scimLookupSmall", 1_000);
        int scimLarge = setting(settings, "orgsso.bench.scimLookupLarge", 100_000);
        int scimLookups = setting(settings, "orgsso.bench.scimLookups", 500);
        int scimLookupWarmup = setting(settings, "orgsso.bench.scimLookupWarmup", 200);
        ScimSettings scimSettings = new ScimSettings(scimUsers, devScimUsers, scimClients, scimWarmup, scimSmall, scimLarge,
                scimLookups, scimLookupWarmup);
        // -Dorgsso.bench.only=scim: only the SCIM rows (after 9 extra organizations, as in a full run);
        // -Dorgsso.bench.only=saml: only the returning user's SAML sign-in with the realm's 10 organizations.
        String only = System.getProperty("orgsso.bench.only", "");
        if (!List.of("", "scim", "saml").contains(only)) {
            throw new IllegalArgumentException("-Dorgsso.bench.only=" + only + ": scim, saml or nothing");
        }
        boolean scimOnly = "scim".equals(only);
        boolean samlOnly = "saml".equals(only);
        settings.put("orgsso.bench.only", only);
        int samlSignIns = setting(settings, "orgsso.bench.saml.iterations", signIns);
        // A diagnostic: false switches the realm's event store off, to see what storing events costs.
        boolean storeEvents = !"false".equals(System.getProperty("orgsso.bench.store.events"));
        settings.put("orgsso.bench.store.events", String.valueOf(storeEvents));
        // A diagnostic: false measures right after the bulk insert, before PostgreSQL's statistics caught up.
        boolean analyze = !"false".equals(System.getProperty("orgsso.bench.analyze"));
        settings.put("orgsso.bench.analyze", String.valueOf(analyze));
        String modes = System.getProperty("orgsso.bench.modes", "production-postgres,dev");
        settings.put("orgsso.bench.modes", modes);

        Instant started = Instant.now();
        List<Comparison> all = new ArrayList<>();
        for (String m : modes.split(",")) {
            BenchServer.Mode mode = BenchServer.Mode.parse(m);
            Instant modeStart = Instant.now();
            List<Comparison> rows = new ArrayList<>();
            int orgs = mode == BenchServer.Mode.DEV ? devOrganizations : organizations;
            try (BenchServer server = BenchServer.start(mode, root, work, dist)) {
                OrgSsoStack stack = server.stack();
                AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
                BenchData data = new BenchData(admin);
                String ourIdp = "oidc-" + admin.organizationId(OrgSsoStack.REALM, "acme");
                // The realm's 10 organizations: the demo's, the SAML row's (onboarded first) and bench-small-*.
                SamlSignInBenchmark saml = null;
                if (!scimOnly) {
                    step("SAML organisation onboarded, its stock twin");
                    saml = new SamlSignInBenchmark(stack, admin, mode.label);
                    saml.onboard();
                }
                data.createOrganizations(saml == null ? 9 : 8, "bench-small-", true);
                if (!storeEvents) {
                    admin.update("/admin/realms/" + OrgSsoStack.REALM, Map.of("eventsEnabled", false));
                }

                if (scimOnly) {
                    rows.addAll(scimRows(server, admin, mode, scimSettings));
                } else if (samlOnly) {
                    step("returning user's SAML sign-in");
                    rows.add(saml.run("10 orgs", samlSignIns, samlSignIns / 3));
                } else {
                    step("org login hop and direct link, 10 organizations");
                    OrgLoginBenchmark hop = new OrgLoginBenchmark(stack, ourIdp, mode.label);
                    rows.addAll(hop.withFewOrganizations(hops, warmup));

                    // With the realm's own 10 organizations: the pack against stock, nothing else in the way.
                    step("returning user's federated sign-in");
                    ReturningUserBenchmark returning = new ReturningUserBenchmark(stack, admin, mode.label,
                            System.getenv().getOrDefault("ORGSSO_DEMO_USER_PASSWORD", "alice-demo-password"));
                    rows.add(returning.run("10 orgs", ourIdp, signIns, signIns / 3));
                    step("returning user's SAML sign-in");
                    rows.add(saml.run("10 orgs", samlSignIns, samlSignIns / 3));

                    step("JWT handoff vs password login");
                    HandoffBenchmark handoff = new HandoffBenchmark(stack,
                            System.getenv().getOrDefault("ORGSSO_DEMO_JWT_SECRET", OrgSsoStack.DEFAULT_DEMO_JWT_SECRET), mode.label);
                    rows.add(handoff.handoffVsPassword(handoffs, handoffs / 3));
                    step("parallel handoffs");
                    rows.add(handoff.parallel(parallel, perClient));

                    step("first sign-up");
                    rows.add(new SignUpBenchmark(stack, admin, mode.label).run(signUps, Math.max(2, signUps / 5)));

                    // SCIM before the many organizations: with 10,000 organizations with a domain, each admin
                    // API create of a non-member pays stock's scan of every organization's domains (see
                    // docs/performance.md), which would weigh on the baseline rather than measure provisioning.
                    rows.addAll(scimRows(server, admin, mode, scimSettings));

                    // The scale row's baseline: the same realm under another name, keeping 10 organizations.
                    step("copy of the help desk realm with 10 organizations");
                    data.createRealmCopy(root.resolve("realm-exports/helpdesk-realm.json"), SMALL_REALM);
                    data.createOrganizations(SMALL_REALM, 9, "bench-small-", true);
                    step(String.format("creating %,d organizations", orgs - 10));
                    Instant t = Instant.now();
                    data.createOrganizations(orgs - 10, "bench-many-", domains);
                    System.out.printf("  took %d s%n", Duration.between(t, Instant.now()).toSeconds());
                    if (analyze) {
                        server.refreshStatistics();
                    }
                    String many = String.format("%,d orgs", orgs);
                    step("org login hop and direct link, " + many);
                    rows.addAll(hop.withManyOrganizations(SMALL_REALM, orgs, hops, warmup / 2));
                    // Again with many organizations: stock Keycloak's own per-login organization work shows here.
                    step("returning user's federated sign-in, " + many);
                    rows.add(returning.run(many, ourIdp, signIns, signIns / 3));
                    step("returning user's SAML sign-in, " + many);
                    rows.add(saml.run(many, samlSignIns, samlSignIns / 3));
                }
            } finally {
                if (!rows.isEmpty()) {
                    LatencyChart.write("OrgSSO vs stock Keycloak 26.7.3, " + mode.label + ", "
                            + Runtime.getRuntime().availableProcessors() + " cores", rows, work.resolve("latency-" + mode.name().toLowerCase() + ".png"));
                }
            }
            System.out.printf("%s done in %d s%n", mode.label, Duration.between(modeStart, Instant.now()).toSeconds());
            all.addAll(rows);
        }
        settings.put("total seconds", String.valueOf(Duration.between(started, Instant.now()).toSeconds()));
        Report report = new Report(all, settings);
        report.print();
        report.writeCsv(work.resolve("results.csv"));
        report.writeJson(work.resolve("results.json"));
        report.writeMarkdown(work.resolve("results.md"));
        System.out.println("written " + Arrays.asList("results.csv", "results.json", "results.md", "latency-*.png") + " in " + work);
    }

    static final String SMALL_REALM = "helpdesk-10-orgs";

    record ScimSettings(int users, int devUsers, int clients, int warmup, int small, int large, int lookups, int lookupWarmup) {
    }

    /** The SCIM rows: lookup scale (production mode only), then provisioning against the admin API. */
    private static List<Comparison> scimRows(BenchServer server, AdminClient admin, BenchServer.Mode mode, ScimSettings s) throws Exception {
        List<Comparison> rows = new ArrayList<>();
        ScimBenchmark scim = new ScimBenchmark(server.stack(), admin, mode.label);
        if (mode == BenchServer.Mode.PRODUCTION_POSTGRES) {
            step(String.format("SCIM lookup scale, %,d users vs %,d", s.large(), s.small()));
            rows.add(scim.lookupScale(server, scim.organisation(ScimBenchmark.LOOKUP_ORG), s.small(), s.large(), s.lookups(), s.lookupWarmup()));
        } else {
            System.out.println("  SCIM lookup scale: not run in " + mode.label + " (its file database is Keycloak's, locked"
                    + " while it runs, so it cannot be seeded from outside); production-postgres only");
        }
        int provisioned = mode == BenchServer.Mode.DEV ? s.devUsers() : s.users();
        step(String.format("SCIM provisioning vs admin API, %,d users a side", provisioned));
        Instant started = Instant.now();
        rows.add(scim.provisioning(scim.organisation(ScimBenchmark.PROVISION_ORG), provisioned, s.clients(), s.warmup()));
        System.out.printf("  took %d s%n", Duration.between(started, Instant.now()).toSeconds());
        return rows;
    }

    private static int setting(Map<String, String> settings, String name, int fallback) {
        int value = Integer.getInteger(name, fallback);
        settings.put(name, String.valueOf(value));
        return value;
    }

    private static void step(String what) {
        System.out.printf("%tT %s ...%n", System.currentTimeMillis(), what);
    }
}
