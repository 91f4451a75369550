package dev.orgsso.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Keycloak server log of this run, read as ops read it: the audit lines are those of category
 * {@code dev.orgsso.audit}, each a JSON object after the usual prefix. A test marks the log's length
 * before it acts and then waits for the line its action caused (lines are written after commit, so
 * they can trail the HTTP answer by a moment).
 */
final class ServerLog {

    static final String AUDIT_CATEGORY = "[dev.orgsso.audit]";

    private final Path file;

    ServerLog(Path file) {
        this.file = file;
    }

    long mark() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String since(long mark) {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(mark);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> auditLines(String text) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            int at = line.indexOf(AUDIT_CATEGORY);
            int json = at < 0 ? -1 : line.indexOf('{', at);
            if (json >= 0) {
                try {
                    lines.add(AdminClient.JSON.readTree(line.substring(json)));
                } catch (IOException e) {
                    throw new AssertionError("an audit line that is not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    /** All audit lines written since the mark that match, waiting up to 20 s for at least {@code n}. */
    List<JsonNode> await(long mark, int n, Predicate<JsonNode> match, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<JsonNode> found;
        do {
            found = auditLines(since(mark)).stream().filter(match).toList();
            if (found.size() >= n) {
                return found;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(n + " audit line(s) " + what + " expected, found " + found + " among:\n" + auditLines(since(mark)));
    }

    JsonNode awaitOne(long mark, Predicate<JsonNode> match, String what) throws InterruptedException {
        List<JsonNode> found = await(mark, 1, match, what);
        if (found.size() != 1) {
            throw new AssertionError("exactly one audit line " + what + " expected, found " + found);
        }
        return found.get(0);
    }

    /** The decision and reason of an audit line, as a predicate. */
    static Predicate<JsonNode> decision(String decision, String reason) {
        return l -> decision.equals(l.path("decision").asText()) && (reason == null
                ? !l.has("reason") : reason.equals(l.path("reason").asText()));
    }
}
