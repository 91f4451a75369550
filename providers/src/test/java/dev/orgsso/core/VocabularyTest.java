package dev.orgsso.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pack's words are written once: no decision, reason code, API error code or detail key of the pack appears as a
 * string literal outside this package, so the audit listener and the metric (which check against
 * {@link Decision} and {@link Reason}) see every value the code can write.
 */
class VocabularyTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/orgsso");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z0-9_]*)\"");
    /**
     * Literals that spell a word of the vocabulary but mean something else there: OAuth's {@code code}
     * parameter and response type, the code page's form field and mail template value, the handoff
     * admin API's resource path segment.
     */
    private static final Map<String, Set<String>> OTHER_MEANINGS = Map.of(
            "code", Set.of("federation/ClientCredentialsCheck.java", "federation/PackOidcProvider.java",
                    "onboarding/Discovery.java", "signup/EmailCodeAuthenticator.java"),
            "handoff", Set.of("handoff/HandoffAdminResource.java"));

    @Test
    void noDecisionReasonOrDetailKeyIsALiteralOutsideTheVocabulary() throws IOException {
        Set<String> words = words();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = SOURCES.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("core/")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        String word = m.group(1);
                        if (words.contains(word) && !OTHER_MEANINGS.getOrDefault(word, Set.of()).contains(relative)) {
                            found.add(relative + ":" + (i + 1) + " \"" + word + "\"");
                        }
                    }
                }
            }
        }
        assertTrue(found.size() == 0, "write these with Decision, Reason, ApiError or Detail: " + found);
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            assertTrue(files.filter(f -> f.toString().endsWith(".java")).count() > 80, "run from the module directory");
        }
        assertTrue(words().containsAll(List.of("orgsso_decision", "org_alias", "handoff", "jti_replayed", "audience_mismatch")));
    }

    /** Codes are stable once documented: each reason is in the operator's table, each API error in the API's. */
    @Test
    void everyReasonAndApiErrorIsDocumented() throws IOException {
        String operator = Files.readString(Path.of("../docs/operator.md"));
        String api = Files.readString(Path.of("../docs/onboarding-api.yaml"));
        List<String> missing = new ArrayList<>();
        for (Reason r : Reason.values()) {
            if (!operator.contains("`" + r.code() + "`")) {
                missing.add("docs/operator.md: " + r.code());
            }
        }
        for (Decision d : Decision.values()) {
            if (!operator.contains("`" + d.code() + "`")) {
                missing.add("docs/operator.md: " + d.code());
            }
        }
        for (ApiError e : ApiError.values()) {
            if (!Pattern.compile("\\b" + e.code() + "\\b").matcher(api).find()) {
                missing.add("docs/onboarding-api.yaml: " + e.code());
            }
        }
        assertTrue(missing.isEmpty(), "undocumented codes: " + missing);
    }

    @Test
    void codesAreDistinctShortAndSnakeCase() {
        Pattern code = Pattern.compile("[a-z][a-z0-9_]{1,47}");
        List<String> all = new ArrayList<>();
        Arrays.stream(Decision.values()).map(Decision::code).forEach(all::add);
        Arrays.stream(Reason.values()).map(Reason::code).forEach(all::add);
        Arrays.stream(ApiError.values()).map(ApiError::code).forEach(all::add);
        all.forEach(c -> assertTrue(code.matcher(c).matches(), c));
        assertEquals(Decision.values().length, new HashSet<>(Arrays.stream(Decision.values()).map(Decision::code).toList()).size());
        assertEquals(Reason.SSO_REQUIRED, Reason.of("sso_required").orElseThrow());
        assertEquals(Decision.HANDOFF, Decision.of("handoff").orElseThrow());
        assertFalse(Reason.of("Some Free Text!").isPresent());
        assertFalse(Decision.of(null).isPresent());
    }

    private static Set<String> words() {
        Set<String> words = new HashSet<>();
        Arrays.stream(Decision.values()).map(Decision::code).forEach(words::add);
        Arrays.stream(Reason.values()).map(Reason::code).forEach(words::add);
        Arrays.stream(ApiError.values()).map(ApiError::code).forEach(words::add);
        for (Field f : Detail.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    words.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        // Keycloak's own detail names are Keycloak's words, used as they are elsewhere too.
        words.removeAll(Set.of(Detail.EMAIL, Detail.REDIRECT_URI));
        return words;
    }
}
