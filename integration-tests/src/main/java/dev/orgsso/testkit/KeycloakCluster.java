package dev.orgsso.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two Keycloak nodes the way production runs them: {@code start} (production mode) from the
 * distribution, one {@code kc.sh build} for PostgreSQL, embedded Infinispan ({@code --cache=ispn}) with
 * the default {@code jdbc-ping} discovery through the shared database, each node its own install
 * (own {@code data/}), HTTP, management and cluster ports. The realm exports are imported once, by
 * node A. Both nodes announce the same public URL ({@code --hostname}, node A's address standing in for
 * the load balancer), so that tokens, issuers and broker redirect URIs do not depend on the node that
 * answered; a test picks the node for each request, as a load balancer would.
 */
public final class KeycloakCluster implements AutoCloseable {

    public static final int SECRET_EXPIRY_INTERVAL_SECONDS = 4;

    /** Infinispan's "Received new cluster view" line, e.g. {@code ISPN000094: ... [a-1|1] (2) [a-1, b-2]}. */
    private static final Pattern VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^\\]]*\\] \\((\\d+)\\)");

    private final PostgresDatabase database;
    private final MailCatcher mail;
    private final String appUrl;
    private final List<KeycloakServer> nodes = new ArrayList<>();
    private final Map<KeycloakServer, List<String>> args = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean closed;

    private KeycloakCluster(PostgresDatabase database, MailCatcher mail, String appUrl) {
        this.database = database;
        this.mail = mail;
        this.appUrl = appUrl;
    }

    /**
     * @param extraEnv e.g. {@code ORGSSO_DEMO_JWT_SECRET}, read by the realm import
     */
    public static KeycloakCluster start(Path repoRoot, Path workDir, Path distZip, Map<String, String> extraEnv, Duration timeout)
            throws IOException, InterruptedException {
        PostgresDatabase db = PostgresDatabase.create("orgsso_cluster");
        MailCatcher mail;
        try {
            mail = MailCatcher.start(KeycloakServer.freePort());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        KeycloakCluster cluster = new KeycloakCluster(db, mail, "http://localhost:" + KeycloakServer.freePort());
        // A test JVM ended by a signal (Ctrl-C, a CI timeout) skips @AfterAll: the nodes still stop and the database goes.
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        try {
            cluster.install(repoRoot, workDir.resolve("cluster"), distZip, extraEnv, timeout);
            cluster.startNodes(timeout);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void install(Path repoRoot, Path dir, Path distZip, Map<String, String> extraEnv, Duration timeout)
            throws IOException, InterruptedException {
        Path homeA = dir.resolve("node-a");
        Path homeB = dir.resolve("node-b");
        killLeftovers(homeA);
        killLeftovers(homeB);
        KeycloakServer a = KeycloakServer.freshInstall(distZip, homeA, KeycloakServer.freePort(), KeycloakServer.freePort())
                .installPack(OrgSsoStack.packJar(repoRoot))
                .importRealms(repoRoot.resolve("realm-exports"));
        // Build-time options once; node B is a copy of the built install, as ops ship one built image.
        int built = a.run(Map.of(), timeout, "build", "--db=postgres", "--health-enabled=true", "--metrics-enabled=true");
        if (built != 0) {
            throw new IllegalStateException("kc.sh build failed (" + built + "):\n" + a.logTail(40));
        }
        copyInstall(homeA, homeB);
        KeycloakServer b = KeycloakServer.at(homeB, KeycloakServer.freePort(), KeycloakServer.freePort());

        env.put("ORGSSO_KC_URL", a.baseUrl());
        env.put("ORGSSO_APP_URL", appUrl);
        env.put("ORGSSO_SMTP_HOST", "127.0.0.1");
        env.put("ORGSSO_SMTP_PORT", String.valueOf(mail.smtpPort()));
        env.putAll(extraEnv);
        // Two JVMs on a shared 2-core machine: a fixed, modest heap instead of a share of all RAM.
        env.put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");

        nodes.add(a);
        nodes.add(b);
        for (KeycloakServer node : nodes) {
            List<String> nodeArgs = new ArrayList<>(List.of("start", "--optimized",
                    "--db-url=" + database.jdbcUrl(), "--db-username=" + database.user(),
                    "--hostname=" + a.baseUrl(), "--http-enabled=true",
                    "--cache=ispn",
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + freeClusterPort(),
                    // A stopping node first reports not-ready and finishes the requests in flight (rolling upgrades).
                    "--shutdown-delay=2s", "--shutdown-timeout=20s",
                    // The secret-expiry check every few seconds, so that "once per cluster" is seen within a test.
                    "--spi-realm-restapi-extension--orgsso--secret-expiry-interval-seconds=" + SECRET_EXPIRY_INTERVAL_SECONDS));
            if (node == a) {
                nodeArgs.add("--import-realm");
            }
            args.put(node, nodeArgs);
        }
    }

    private void startNodes(Duration timeout) throws IOException, InterruptedException {
        // Node A first: it creates the schema and imports the realms; B then joins a ready cluster.
        for (KeycloakServer node : nodes) {
            node.start(env, args.get(node)).awaitReady(timeout);
        }
        awaitClusterView(2, nodes, timeout);
    }

    /** Stops a node the way an upgrade does: SIGTERM, Keycloak drains its requests and leaves the cluster. */
    public void stop(KeycloakServer node) {
        node.close();
    }

    /** Starts a node that was stopped or killed again, with its own arguments (a restart after a crash or an upgrade). */
    public void restart(KeycloakServer node, Duration timeout) throws IOException, InterruptedException {
        node.start(env, args.get(node)).awaitReady(timeout);
    }

    public KeycloakServer nodeA() {
        return nodes.get(0);
    }

    public KeycloakServer nodeB() {
        return nodes.get(1);
    }

    /** The URL both nodes put into tokens and pages ({@code --hostname}). */
    public String publicUrl() {
        return nodeA().baseUrl();
    }

    /** Where the realm export puts the help desk apps; nothing listens there, tests stop at the redirect. */
    public String appUrl() {
        return appUrl;
    }

    public MailCatcher mail() {
        return mail;
    }

    public PostgresDatabase database() {
        return database;
    }

    /** Waits until the newest cluster view each of these nodes logged has {@code members} members. */
    public void awaitClusterView(int members, List<KeycloakServer> of, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<String> views = new ArrayList<>();
            boolean all = true;
            for (KeycloakServer node : of) {
                int size = lastViewSize(node);
                views.add(node.home().getFileName() + "=" + size);
                all &= size == members;
            }
            if (all) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no cluster view of " + members + " after " + timeout + " (" + views + "); log tails:\n"
                        + of.stream().map(n -> n.home() + ":\n" + n.logTail(30)).reduce("", String::concat));
            }
            Thread.sleep(500);
        }
    }

    private static int lastViewSize(KeycloakServer node) {
        try {
            Matcher m = VIEW.matcher(Files.readString(node.log()));
            int size = 0;
            while (m.find()) {
                size = Integer.parseInt(m.group(1));
            }
            return size;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            nodes.forEach(KeycloakServer::close);
            mail.close();
        } finally {
            database.close();
        }
    }

    /** A Maven or test JVM killed earlier leaves its nodes running; they hold ports and a database. */
    private static void killLeftovers(Path home) {
        String marker = home.toAbsolutePath().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker + "/")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static void copyInstall(Path from, Path to) throws IOException {
        KeycloakServer.deleteTree(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path rel = from.relativize(p);
                if (rel.startsWith("data") || rel.toString().equals("keycloak.log")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * Keycloak's JGroups stack also listens on the bind port + 50000 (failure detection, FD_SOCK2), so the
     * bind port comes from below 15535 and both ports must be free, not from the OS's ephemeral range.
     */
    private static int freeClusterPort() {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(7800, 15000);
            if (free(port) && free(port + 50000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free cluster port pair below 15000");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
