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
}
