package dev.orgsso.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A database of its own for one run, on the PostgreSQL the machine already runs (127.0.0.1:5432, trust
 * auth, as CI starts it): created empty, so the cluster proves the schema migration and the realm import
 * too, and dropped afterwards even while Keycloak still holds connections.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final String HOST = System.getProperty("orgsso.pg.host", "127.0.0.1");
    private static final int PORT = Integer.getInteger("orgsso.pg.port", 5432);
    private static final String USER = System.getProperty("orgsso.pg.user", "postgres");

    private final String name;
    private boolean dropped;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    public static PostgresDatabase create(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        // The name is ours (prefix + hex), so it can be spliced into DDL, which takes no bind parameters.
        execute("CREATE DATABASE " + name);
        return new PostgresDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public String user() {
        return USER;
    }

    /** The first column of the first row (e.g. a count), for tests that check what Keycloak stored. */
    public String queryOne(String sql, String... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The local PostgreSQL server's control script (Debian's pg_ctlcluster), when this machine has one and
     * may use it: the outage test stops and starts the whole server with it.
     */
    public static Optional<List<String>> serverControl() {
        Path versions = Path.of("/etc/postgresql");
        if (!Files.isDirectory(versions) || !Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster"))) {
            return Optional.empty();
        }
        try (var listing = Files.list(versions)) {
            return listing.map(v -> v.getFileName().toString()).sorted().findFirst()
                    .map(version -> List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stops the whole local PostgreSQL server (every database on it), as an outage would. */
    public static void stopServer() throws IOException, InterruptedException {
        control("stop");
    }

    public static void startServer() throws IOException, InterruptedException {
        control("start");
    }

    private static void control(String action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(serverControl().orElseThrow(() -> new IllegalStateException("no pg_ctlcluster")));
        command.add(action);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public synchronized void close() {
        if (!dropped) {
            // WITH (FORCE), PostgreSQL 13+: a node killed with -9 may leave connections the server has not reaped yet.
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            dropped = true;
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + HOST + ":" + PORT + " failed (is PostgreSQL running? .ci/run starts it)", e);
        }
    }
}
