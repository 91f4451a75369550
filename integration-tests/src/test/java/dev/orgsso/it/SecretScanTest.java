package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scan that {@link SecretScanIT} runs must be able to fail: planted secrets are found. */
class SecretScanTest {

    private static final String LOG = String.join("\n",
            "2026-01-01 10:00:00,000 INFO  [dev.orgsso.audit] (executor-thread-1) {\"decision\":\"handoff\",\"ip\":\"127.0.0.1\"}",
            "2026-01-01 10:00:01,000 WARN  [org.keycloak.events] (executor-thread-2) type=LOGIN_ERROR, detail=it-demo-jwt-secret-0123456789abcdef0123456789abcdef",
            "2026-01-01 10:00:02,000 INFO  [x] (t) user typed code 482913 into the form",
            "2026-01-01 10:00:03,000 INFO  [x] (t) request /orgsso/jwt/acme?jwt=eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFAYi5jIn0.",
            "2026-01-01 10:00:04,000 INFO  [x] (t) id 9a482913b and port 14829130 are not the code");

    @Test
    void findsAPlantedSecretCodeAndTokenOnTheirLines() {
        List<SecretScan.Finding> found = SecretScan.scan("keycloak.log", LOG,
                List.of(TestStack.DEMO_JWT_SECRET), List.of("482913"));
        assertEquals(List.of(2, 3, 4), found.stream().map(SecretScan.Finding::line).toList(), found.toString());
        assertTrue(found.stream().noneMatch(f -> f.toString().contains("0123456789abcdef")), "findings do not repeat the secret");
    }

    @Test
    void aCleanLogHasNoFindings() {
        String clean = LOG.lines().filter(l -> l.contains("audit") || l.contains("not the code")).reduce("", (a, b) -> a + b + "\n");
        assertTrue(SecretScan.scan("keycloak.log", clean, List.of(TestStack.DEMO_JWT_SECRET), List.of("482913")).isEmpty());
        assertFalse(clean.isEmpty());
    }
}
