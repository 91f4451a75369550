package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.testkit.OrgSsoStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Docker cannot run here, so docker-compose.yml is checked against the build instead. */
class DockerComposeIT {

    private final Path root = TestStack.repoRoot();

    @Test
    void composeMatchesTheBuild() throws Exception {
        String compose = Files.readString(root.resolve("docker-compose.yml"));

        Matcher image = Pattern.compile("image:\\s*quay\\.io/keycloak/keycloak:(\\S+)").matcher(compose);
        assertTrue(image.find(), "a quay.io/keycloak/keycloak image");
        assertEquals(System.getProperty("orgsso.keycloak.version"), image.group(1), "image tag = the pom's keycloak.version");

        Matcher jarMount = Pattern.compile("-\\s*\\./(providers/target/[^:]+\\.jar):/opt/keycloak/providers/").matcher(compose);
        assertTrue(jarMount.find(), "the pack JAR is mounted into /opt/keycloak/providers");
        assertEquals(root.relativize(OrgSsoStack.packJar(root)).toString(), jarMount.group(1), "mounted JAR = the built JAR");

        Matcher realms = Pattern.compile("-\\s*\\./(realm-exports/[^:]+\\.json):/opt/keycloak/data/import/").matcher(compose);
        List<String> mounted = realms.results().map(m -> m.group(1)).toList();
        assertEquals(List.of("realm-exports/helpdesk-realm.json", "realm-exports/acme-idp-realm.json"), mounted);
        for (String realm : mounted) {
            assertTrue(Files.isRegularFile(root.resolve(realm)), realm + " exists");
        }
        assertTrue(compose.contains("--import-realm"), "realms imported at start");
        assertTrue(compose.contains("KC_DB: postgres"), "Keycloak on PostgreSQL");
        assertTrue(compose.split("healthcheck:", -1).length - 1 >= 3, "every service has a health check");
    }

    /** Every Keycloak service runs as the cluster ITs run it (KeycloakCluster): production mode, PostgreSQL, ispn, one public URL. */
    @Test
    void everyKeycloakServiceHasTheTestedProductionSettings() throws Exception {
        String compose = Files.readString(root.resolve("docker-compose.yml"));
        Matcher service = Pattern.compile("(?m)^  ([\\w-]+):\\n((?:(?:    .*)?\\n)*)").matcher(compose);
        List<String> keycloaks = service.results().map(m -> m.group(2)).filter(body -> body.contains("quay.io/keycloak/keycloak:")).toList();
        assertTrue(keycloaks.size() >= 1, "a Keycloak service");
        String jar = root.relativize(OrgSsoStack.packJar(root)).toString();
        java.util.Set<String> hostnames = new java.util.HashSet<>();
        for (String kc : keycloaks) {
            assertTrue(kc.contains("image: quay.io/keycloak/keycloak:" + System.getProperty("orgsso.keycloak.version") + "\n"), kc);
            assertTrue(kc.contains("command: [\"start\""), "production mode (start):\n" + kc);
            assertTrue(kc.contains("KC_DB: postgres"), kc);
            assertTrue(kc.contains("KC_CACHE: ispn") && kc.contains("KC_CACHE_STACK: jdbc-ping"), "clustered cache:\n" + kc);
            assertTrue(kc.contains("- ./" + jar + ":/opt/keycloak/providers/"), "the built JAR:\n" + kc);
            Matcher hostname = Pattern.compile("KC_HOSTNAME: (\\S+)").matcher(kc);
            assertTrue(hostname.find(), kc);
            hostnames.add(hostname.group(1));
        }
        assertEquals(1, hostnames.size(), "one public URL for all nodes: " + hostnames);
        assertEquals(1, compose.split("--import-realm", -1).length - 1, "the realms are imported once, by one node");
    }
}
