package dev.orgsso.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code orgsso_decisions_total} as Prometheus scrapes it from the management port's {@code /metrics}. */
final class ServerMetrics {

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    ServerMetrics(String managementUrl) {
        this.url = managementUrl + "/metrics";
    }

    String scrape() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + url + " -> " + r.statusCode());
            }
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The helpdesk realm's count of one decision, outcome and reason ({@code none} when it has none); 0 before the first. */
    double decisions(String decision, String outcome, String reason) {
        Map<String, String> want = Map.of("realm", "helpdesk", "decision", decision, "outcome", outcome, "reason", reason);
        for (String line : scrape().split("\n")) {
            if (!line.startsWith("orgsso_decisions_total{")) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher m = LABEL.matcher(line.substring(0, line.indexOf('}')));
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            if (labels.entrySet().containsAll(want.entrySet())) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Waits (counters move after commit) until the count reaches {@code expected}, and returns what it is then. */
    double await(String decision, String outcome, String reason, double expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        double now = decisions(decision, outcome, reason);
        while (now < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            now = decisions(decision, outcome, reason);
        }
        return now;
    }
}
