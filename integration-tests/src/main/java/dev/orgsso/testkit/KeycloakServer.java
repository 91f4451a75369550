package dev.orgsso.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Keycloak server from the official distribution zip, run through {@code kc.sh} as ops run it:
 * the pack JAR in {@code providers/}, the realm exports in {@code data/import/}. Used by the ITs
 * (one server per test run) and by the demo.
 */
public final class KeycloakServer implements AutoCloseable {

    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private Process process;

    private KeycloakServer(Path home, int httpPort, int managementPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = home.resolve("keycloak.log");
    }

    /** Unpacks the distribution zip into {@code parent} unless a previous run already did. */
    public static KeycloakServer unpack(Path distZip, Path parent, int httpPort, int managementPort) throws IOException {
        String version = distZip.getFileName().toString().replace("keycloak-quarkus-dist-", "").replace(".zip", "");
        Path home = parent.resolve("keycloak-" + version);
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            unzip(distZip, parent);
        }
        makeScriptsExecutable(home); // also an install that an earlier version of this harness unpacked
        return new KeycloakServer(home, httpPort, managementPort);
    }

    /** An install that is already in place (e.g. a copy of a built one). */
    public static KeycloakServer at(Path home, int httpPort, int managementPort) {
        return new KeycloakServer(home, httpPort, managementPort);
    }

    /**
     * A fresh install of its own in {@code home} (a cluster node must not share {@code data/} or the
     * build with another node): whatever an earlier run left there is removed first.
     */
    public static KeycloakServer freshInstall(Path distZip, Path home, int httpPort, int managementPort) throws IOException {
        deleteTree(home);
        Path unpacked = Files.createDirectories(home.getParent()).resolve(home.getFileName() + ".unzip");
        deleteTree(unpacked);
        unzip(distZip, unpacked);
        try (Stream<Path> top = Files.list(unpacked)) {
            Files.move(top.filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh"))).findFirst().orElseThrow(), home);
        }
        deleteTree(unpacked);
        makeScriptsExecutable(home);
        return new KeycloakServer(home, httpPort, managementPort);
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return log;
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** Replaces any pack JAR from an earlier run with this one: ops' "drop one JAR into providers/". */
    public KeycloakServer installPack(Path packJar) throws IOException {
        Path providers = Files.createDirectories(home.resolve("providers"));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(providers, "orgsso-providers-*.jar")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        Files.copy(packJar, providers.resolve(packJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return this;
    }

    public KeycloakServer importRealms(Path realmExports) throws IOException {
        Path importDir = Files.createDirectories(home.resolve("data/import"));
        try (DirectoryStream<Path> realms = Files.newDirectoryStream(realmExports, "*.json")) {
            for (Path realm : realms) {
                Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return this;
    }

    /** Forgets everything the embedded dev database holds, so the next start imports the realms afresh. */
    public KeycloakServer resetDevDatabase() throws IOException {
        deleteTree(home.resolve("data/h2"));
        return this;
    }

    /** Runs {@code kc.sh} with the arguments and waits for it to exit (e.g. {@code build}). */
    public int run(Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
        Process p = processBuilder(env, List.of(args)).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            destroyTree(p);
            throw new IllegalStateException("kc.sh " + String.join(" ", args) + " did not finish in " + timeout);
        }
        return p.exitValue();
    }

    public KeycloakServer start(Map<String, String> env, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(args);
        all.add("--http-port=" + httpPort);
        all.add("--http-management-port=" + managementPort);
        all.add("--health-enabled=true");
        all.add("--metrics-enabled=true");
        process = processBuilder(env, all).start();
        return this;
    }

    public KeycloakServer awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log tail:\n" + logTail(60));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak not ready after " + timeout + "; log tail:\n" + logTail(60));
    }

    /** Like a crashed machine: SIGKILL to kc.sh and its JVM, no shutdown hooks, no goodbye to the cluster. */
    public void kill() {
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            children.forEach(c -> c.onExit().join());
            process.onExit().join();
            process = null;
        }
    }

    /** The resident memory of the server's JVM in KiB (Linux /proc), or -1 where it cannot be read. */
    public long residentKiB() {
        if (process == null) {
            return -1;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .map(h -> {
                    try {
                        return Files.readAllLines(Path.of("/proc/" + h.pid() + "/status")).stream()
                                .filter(l -> l.startsWith("VmRSS:"))
                                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                                .findFirst().orElse(-1L);
                    } catch (IOException | RuntimeException e) {
                        return -1L;
                    }
                }).orElse(-1L);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            destroyTree(process);
            process = null;
        }
    }

    private ProcessBuilder processBuilder(Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> e = new LinkedHashMap<>();
        e.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        e.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        e.putAll(env);
        pb.environment().putAll(e);
        return pb;
    }

    private static void destroyTree(Process p) {
        // kc.sh forwards TERM to its java child; descendants are ended too in case it cannot.
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * ZipInputStream drops the file modes the zip records, among them the executable bit of the scripts
     * in bin/: set again, so that people can run kc.sh and kcadm.sh of an unpacked install themselves. The harness itself starts kc.sh through bash. Nothing to do where the file system has
     * no POSIX permissions.
     */
    private static void makeScriptsExecutable(Path home) throws IOException {
        Path bin = home.resolve("bin");
        if (!Files.isDirectory(bin) || !Files.getFileStore(bin).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        try (DirectoryStream<Path> scripts = Files.newDirectoryStream(bin, "*.sh")) {
            for (Path script : scripts) {
                Set<PosixFilePermission> modes = new HashSet<>(Files.getPosixFilePermissions(script));
                if (modes.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE))) {
                    Files.setPosixFilePermissions(script, modes);
                }
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
