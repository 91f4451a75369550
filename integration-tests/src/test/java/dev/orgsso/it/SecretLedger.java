package dev.orgsso.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the ITs of this run know or make (shared secrets, handoff tokens, emailed codes), so
 * that {@link SecretScanIT} can look for each of them in the server log and in the stored events.
 * Static on purpose: the ITs share one JVM and one Keycloak, and the scan runs after all of them.
 */
final class SecretLedger {

    /** The realm exports' demo defaults and the passwords the tests type: known before any test runs. */
    static final List<String> KNOWN = List.of(TestStack.DEMO_JWT_SECRET, "demo-app-secret", "demo-onboarding-secret",
            "demo-idp-secret", "demo-globex-secret", "alice-demo-password", "bob-demo-password", "peter-demo-password", "agent-demo-password");

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Set<String> CODES = ConcurrentHashMap.newKeySet();

    private SecretLedger() {
    }

    /** Shorter values (a test's deliberately wrong "key") are no secret and could not be told from ordinary text. */
    static void secret(String value) {
        if (value != null && value.length() >= 8) {
            SECRETS.add(value);
        }
    }

    static void code(String value) {
        CODES.add(value);
    }

    static List<String> secrets() {
        List<String> all = new ArrayList<>(KNOWN);
        all.addAll(SECRETS);
        return all;
    }

    static Set<String> codes() {
        return Set.copyOf(CODES);
    }
}
