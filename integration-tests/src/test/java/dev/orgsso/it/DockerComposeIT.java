package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.testkit.OrgSsoStack;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Docker cannot run here, so the Dockerfile, docker-compose.yml and .dockerignore are checked against
 * the build and against each other instead: what compose runs is the image the Dockerfile builds, that
 * image is Keycloak's own at the pom's version with the built JAR and the realm exports in it, and the
 * options the containers start with match the ones the image was built with.
 */
class DockerComposeIT {

    private static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:";

    private final Path root = TestStack.repoRoot();
    private final String version = System.getProperty("orgsso.keycloak.version");

    @Test
    void theDockerfileBuildsAnOptimizedKeycloakWithThePackAndTheRealms() throws Exception {
        List<Stage> stages = Stage.parse(Files.readString(root.resolve("Dockerfile")));
        assertEquals(2, stages.size(), "a builder stage and the image: " + stages);
        for (Stage stage : stages) {
            assertEquals(KEYCLOAK_IMAGE + version, stage.image(), "every stage on Keycloak's image at the pom's keycloak.version");
        }
        Stage builder = stages.get(0);
        Stage image = stages.get(1);
        assertEquals("builder", builder.name());

        int copyJar = builder.indexOf("COPY providers/target/orgsso-providers-*.jar /opt/keycloak/providers/");
        int build = builder.indexOf("RUN /opt/keycloak/bin/kc.sh build");
        assertTrue(copyJar >= 0 && build > copyJar, "the JAR is copied into providers/ before kc.sh build:\n" + builder);
        assertEquals(Set.of(OrgSsoStack.packJar(root)), matches(root, "providers/target/orgsso-providers-*.jar"),
                "the COPY glob picks exactly the built JAR");
        assertEquals("postgres", builder.env("KC_DB"));
        assertEquals("true", builder.env("KC_HEALTH_ENABLED"), "compose's health checks ask /health/ready");
        assertEquals("true", builder.env("KC_METRICS_ENABLED"));

        assertTrue(image.indexOf("COPY --from=builder /opt/keycloak/ /opt/keycloak/") >= 0, "the built Keycloak:\n" + image);
        assertTrue(image.indexOf("COPY realm-exports/*.json /opt/keycloak/data/import/") >= 0, "the realm exports for --import-realm:\n" + image);
        assertEquals(Set.of(root.resolve("realm-exports/helpdesk-realm.json"), root.resolve("realm-exports/acme-idp-realm.json")),
                matches(root, "realm-exports/*.json"), "the realms the ITs import");
        assertTrue(image.indexOf("ENTRYPOINT [\"/opt/keycloak/bin/kc.sh\"]") >= 0, image.toString());
        assertEquals("ispn", image.env("KC_CACHE"));
        assertEquals("jdbc-ping", image.env("KC_CACHE_STACK"));
    }

    /** The build context holds what the Dockerfile copies and nothing else (no target/dist zip, no .git, no .demo). */
    @Test
    void theBuildContextIsOnlyTheJarAndTheRealmExports() throws Exception {
        DockerIgnore ignore = DockerIgnore.parse(Files.readString(root.resolve(".dockerignore")));
        Set<String> context = ignore.context(root);
        Set<String> expected = new TreeSet<>(List.of(root.relativize(OrgSsoStack.packJar(root)).toString(),
                "realm-exports/acme-idp-realm.json", "realm-exports/helpdesk-realm.json"));
        assertEquals(expected, context);
        assertFalse(ignore.sends("integration-tests/target/dist/keycloak-quarkus-dist-" + version + ".zip"));
        assertFalse(ignore.sends(".git/HEAD"));
    }

    @Test
    void composeRunsTheImageTheDockerfileBuilds() throws Exception {
        String compose = Files.readString(root.resolve("docker-compose.yml"));
        Stage builder = Stage.parse(Files.readString(root.resolve("Dockerfile"))).get(0);
        List<String> keycloaks = keycloakServices(compose);
        assertTrue(keycloaks.size() >= 1, "a Keycloak service");
        Set<String> images = new HashSet<>();
        for (String kc : keycloaks) {
            assertTrue(kc.contains("    build: .\n"), "built from the Dockerfile:\n" + kc);
            Matcher image = Pattern.compile("    image: (\\S+)\n").matcher(kc);
            assertTrue(image.find(), kc);
            images.add(image.group(1));
            assertTrue(kc.contains("command: [\"start\", \"--optimized\""), "the optimized image starts without a build:\n" + kc);
            assertFalse(kc.contains("/opt/keycloak/providers"), "the JAR is in the image, not mounted:\n" + kc);
            assertFalse(kc.contains("/opt/keycloak/data/import"), "the realms are in the image, not mounted:\n" + kc);
            // `start --optimized` refuses build options that differ from the ones the image was built with.
            for (String option : List.of("KC_DB", "KC_HEALTH_ENABLED", "KC_METRICS_ENABLED")) {
                Matcher value = Pattern.compile(option + ": \"?(\\w+)\"?\n").matcher(kc);
                if (value.find()) {
                    assertEquals(builder.env(option), value.group(1), option + " as built:\n" + kc);
                }
            }
        }
        assertEquals(1, images.size(), "one image for all Keycloak nodes: " + images);
        assertFalse(compose.contains(KEYCLOAK_IMAGE), "no Keycloak image without the pack");
        assertEquals(1, compose.split("--import-realm", -1).length - 1, "the realms are imported once, by one node");
        assertTrue(compose.split("healthcheck:", -1).length - 1 >= 3, "every service has a health check");
    }

    /** Every Keycloak service runs as the cluster ITs run it (KeycloakCluster): production mode, PostgreSQL, ispn, one public URL. */
    @Test
    void everyKeycloakServiceHasTheTestedProductionSettings() throws Exception {
        String compose = Files.readString(root.resolve("docker-compose.yml"));
        Set<String> hostnames = new HashSet<>();
        for (String kc : keycloakServices(compose)) {
            assertTrue(kc.contains("command: [\"start\""), "production mode (start):\n" + kc);
            assertTrue(kc.contains("KC_DB: postgres"), kc);
            assertTrue(kc.contains("KC_CACHE: ispn") && kc.contains("KC_CACHE_STACK: jdbc-ping"), "clustered cache:\n" + kc);
            Matcher hostname = Pattern.compile("KC_HOSTNAME: (\\S+)").matcher(kc);
            assertTrue(hostname.find(), kc);
            hostnames.add(hostname.group(1));
        }
        assertEquals(1, hostnames.size(), "one public URL for all nodes: " + hostnames);
    }

    /** The bodies of the compose services that run Keycloak (configured with KC_ variables, built, or on Keycloak's image). */
    private static List<String> keycloakServices(String compose) {
        Matcher service = Pattern.compile("(?m)^  ([\\w-]+):\\n((?:(?:    .*)?\\n)*)").matcher(compose);
        return service.results().map(m -> m.group(2))
                .filter(body -> body.contains(" KC_") || body.contains("build:") || body.contains(KEYCLOAK_IMAGE)).toList();
    }

    /** The files under the root that a Dockerfile COPY source (a glob relative to the context) picks. */
    private static Set<Path> matches(Path root, String glob) throws IOException {
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Path dir = root.resolve(glob.substring(0, glob.lastIndexOf('/')));
        try (Stream<Path> files = Files.list(dir)) {
            return new HashSet<>(files.filter(p -> matcher.matches(root.relativize(p))).toList());
        }
    }

    /** One FROM … section of a Dockerfile: its image, its name and its instructions (continuations joined). */
    private record Stage(String image, String name, List<String> instructions) {

        static List<Stage> parse(String dockerfile) {
            List<Stage> stages = new ArrayList<>();
            String joined = dockerfile.replaceAll("\\\\\\n", " ");
            for (String raw : joined.split("\n")) {
                String line = raw.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher from = Pattern.compile("(?i)FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?").matcher(line);
                if (from.matches()) {
                    stages.add(new Stage(from.group(1), from.group(2), new ArrayList<>()));
                } else {
                    assertFalse(stages.isEmpty(), "an instruction before FROM: " + line);
                    stages.get(stages.size() - 1).instructions().add(line.replaceAll("\\s+", " "));
                }
            }
            return stages;
        }

        int indexOf(String instruction) {
            return instructions.indexOf(instruction);
        }

        /** The value an ENV instruction of this stage gives the variable (ENV K=V or ENV K V), or null. */
        String env(String name) {
            String value = null;
            for (String i : instructions) {
                Matcher m = Pattern.compile("ENV (?:.*\\s)?" + name + "=(\\S+)").matcher(i);
                Matcher legacy = Pattern.compile("ENV " + name + " (.+)").matcher(i);
                if (m.find()) {
                    value = m.group(1);
                } else if (legacy.matches()) {
                    value = legacy.group(1);
                }
            }
            return value == null ? null : value.replaceAll("^\"|\"$", "");
        }
    }

    /**
     * Docker's reading of .dockerignore: patterns in order, the last one that matches a path or one of its
     * parent folders decides, {@code !} makes an exception.
     */
    private record DockerIgnore(List<String> patterns) {

        static DockerIgnore parse(String text) {
            return new DockerIgnore(text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        }

        /** The files Docker would send from this folder (folders nothing can be sent from are not walked). */
        Set<String> context(Path root) throws IOException {
            Set<String> sent = new TreeSet<>();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String path = relative(root, dir);
                    return path.isEmpty() || sends(path) || mayExcept(path) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String path = relative(root, file);
                    if (attrs.isRegularFile() && sends(path)) {
                        sent.add(path);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // e.g. a running Keycloak's temporary files, gone meanwhile
                }
            });
            return sent;
        }

        private static String relative(Path root, Path p) {
            return root.relativize(p).toString().replace('\\', '/');
        }

        /** Whether an exception could pick something inside this excluded folder. */
        private boolean mayExcept(String dir) {
            return patterns.stream().filter(p -> p.startsWith("!")).map(p -> p.substring(1))
                    .anyMatch(p -> p.startsWith(dir + "/") || p.split("/")[0].matches(".*[*?\\[].*"));
        }

        boolean sends(String path) {
            boolean excluded = false;
            for (String pattern : patterns) {
                boolean exception = pattern.startsWith("!");
                var matcher = FileSystems.getDefault().getPathMatcher("glob:" + (exception ? pattern.substring(1) : pattern));
                for (Path p = Path.of(path); p != null; p = p.getParent()) {
                    if (matcher.matches(p)) {
                        excluded = !exception;
                        break;
                    }
                }
            }
            return !excluded;
        }
    }
}
