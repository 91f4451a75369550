package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orgsso.testkit.KeycloakServer;
import dev.orgsso.testkit.OrgSsoStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The ops promise: one JAR, only our classes and themes, and Keycloak builds with it alone in providers/. */
class PackJarIT {

    @Test
    void theJarHoldsOnlyOurClassesThemesAndRegistrations() throws Exception {
        Path jar = OrgSsoStack.packJar(TestStack.repoRoot());
        List<String> foreign;
        try (JarFile f = new JarFile(jar.toFile())) {
            assertTrue(f.getEntry("META-INF/keycloak-themes.json") != null, "theme registration present");
            assertTrue(f.getEntry("theme/orgsso/login/theme.properties") != null, "login theme packaged");
            assertTrue(f.getEntry("theme/orgsso/email/theme.properties") != null, "email theme packaged");
            foreign = f.stream().map(JarEntry::getName)
                    .filter(n -> !n.endsWith("/"))
                    .filter(n -> !(n.startsWith("dev/orgsso/") || n.startsWith("META-INF/") || n.startsWith("theme/orgsso/")))
                    .toList();
            List<String> foreignClasses = f.stream().map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("dev/orgsso/")).toList();
            assertEquals(List.of(), foreignClasses, "no third-party classes in the pack JAR");
        }
        assertEquals(List.of(), foreign, "nothing but our classes, themes and META-INF");
    }

    @Test
    void keycloakBuildsWithOnlyThePackInProviders() throws Exception {
        // A separate copy of the distribution: the shared test server keeps running meanwhile.
        Path dir = TestStack.workDir().resolve("build-check");
        KeycloakServer kc = KeycloakServer.unpack(Path.of(System.getProperty("orgsso.dist.zip")), dir, 0, 0)
                .installPack(OrgSsoStack.packJar(TestStack.repoRoot()));
        try (var providers = Files.list(kc.home().resolve("providers"))) {
            assertEquals(List.of(OrgSsoStack.packJar(TestStack.repoRoot()).getFileName().toString()),
                    providers.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList());
        }
        int exit = kc.run(Map.of(), Duration.ofMinutes(8), "build");
        assertEquals(0, exit, "kc.sh build failed:\n" + kc.logTail(40));
        assertTrue(Files.readString(kc.log()).contains("Server configuration updated and persisted"), kc.logTail(40));
    }
}
