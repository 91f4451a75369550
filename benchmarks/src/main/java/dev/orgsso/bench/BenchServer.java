package dev.orgsso.bench;

import dev.orgsso.testkit.OrgSsoStack;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Keycloak 26.7.3 with the pack and the realm exports, in one of the modes the benchmark compares:
 * production mode ({@code start}, theme caching on) on a fresh PostgreSQL database that is dropped
 * afterwards, or dev mode ({@code start-dev}, its embedded file database, caches off).
 */
final class BenchServer implements AutoCloseable {

    enum Mode {
        PRODUCTION_POSTGRES("production/PostgreSQL"), DEV("dev mode/dev-file");

        final String label;

        Mode(String label) {
            this.label = label;
        }

        static Mode parse(String s) {
            return switch (s.trim().toLowerCase()) {
                case "production", "postgres", "production-postgres" -> PRODUCTION_POSTGRES;
                case "dev", "start-dev" -> DEV;
                default -> throw new IllegalArgumentException("unknown mode " + s + " (production-postgres, dev)");
            };
        }
    }

    private final OrgSsoStack stack;
    private final String database;
    private final String pgHost;

    private BenchServer(OrgSsoStack stack, String database, String pgHost) {
        this.stack = stack;
        this.database = database;
        this.pgHost = pgHost;
    }

    static BenchServer start(Mode mode, Path root, Path work, Path distZip) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        String database = null;
        String pgHost = System.getProperty("orgsso.bench.pg.host", "127.0.0.1");
        if (mode == Mode.PRODUCTION_POSTGRES) {
            database = "orgsso_bench_" + ProcessHandle.current().pid();
            psql(pgHost, null, "create database " + database);
            args.addAll(List.of("start", "--db=postgres", "--db-url=jdbc:postgresql://" + pgHost + ":"
                            + System.getProperty("orgsso.bench.pg.port", "5432") + "/" + database,
                    "--db-username=" + System.getProperty("orgsso.bench.pg.user", "postgres"),
                    "--http-enabled=true", "--hostname-strict=false", "--cache=local"));
        } else {
            args.add("start-dev");
        }
        System.out.printf("%nstarting Keycloak (%s) ...%n", mode.label);
        try {
            OrgSsoStack stack = OrgSsoStack.start(root, work, distZip, OrgSsoStack.Ports.free(), true, args, Map.of(),
                    Duration.ofMinutes(Long.getLong("orgsso.bench.start.minutes", 6)));
            return new BenchServer(stack, database, pgHost);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (database != null) {
                dropQuietly(pgHost, database);
            }
            throw e;
        }
    }

    OrgSsoStack stack() {
        return stack;
    }

    /**
     * The benchmark's own PostgreSQL database, for data too big to make through HTTP (the SCIM lookup
     * row's 100,000 users); null in dev mode, whose file database Keycloak holds locked.
     */
    Connection database() throws SQLException {
        if (database == null) {
            return null;
        }
        return DriverManager.getConnection("jdbc:postgresql://" + pgHost + ":" + System.getProperty("orgsso.bench.pg.port", "5432")
                + "/" + database, System.getProperty("orgsso.bench.pg.user", "postgres"), "");
    }

    @Override
    public void close() {
        stack.close();
        if (database != null) {
            dropQuietly(pgHost, database);
        }
    }

    /**
     * Refreshes PostgreSQL's planner statistics, as its autovacuum does within about a minute of a bulk
     * insert (autovacuum_naptime). Until then, right after thousands of organizations are created, the
     * organization lookup by alias is planned for the old, tiny table; measured here: 3.5 ms a query
     * instead of 0.07 ms. The benchmark measures the steady state, not that minute. Dev mode: nothing.
     */
    void refreshStatistics() throws IOException, InterruptedException {
        if (database != null) {
            psql(pgHost, database, "analyze");
        }
    }

    private static void dropQuietly(String host, String database) {
        try {
            psql(host, null, "drop database if exists " + database + " with (force)");
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("could not drop database " + database + ": " + e.getMessage());
        }
    }

    /** psql rather than a JDBC driver: the benchmark needs three statements, and ops have psql at hand. */
    private static void psql(String host, String database, String sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-h", host, "-p", System.getProperty("orgsso.bench.pg.port", "5432"),
                "-U", System.getProperty("orgsso.bench.pg.user", "postgres"), "-v", "ON_ERROR_STOP=1", "-c", sql));
        if (database != null) {
            command.addAll(List.of("-d", database));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("psql " + sql + " failed: " + out);
        }
    }
}
