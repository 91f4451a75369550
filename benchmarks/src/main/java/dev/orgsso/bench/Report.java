package dev.orgsso.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.testkit.AdminClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The results of one run: a console table, results.csv, results.json and a Markdown table for the README. */
final class Report {

    private static final String[] HEAD = {"mode", "what", "ours", "ours n", "ours p50 ms", "ours p99 ms", "ours /s",
            "stock baseline", "stock n", "stock p50 ms", "stock p99 ms", "stock /s", "p50 ratio", "p99 ratio", "rate ratio",
            "errors", "target", "result"};

    private final List<Comparison> rows;
    private final Map<String, String> settings;

    Report(List<Comparison> rows, Map<String, String> settings) {
        this.rows = rows;
        this.settings = settings;
    }

    /** What the numbers were taken on; the README quotes it with the table. */
    static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memory", String.format(Locale.ROOT, "%.0f GiB", ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1024.0 / 1024 / 1024));
        m.put("load average at end", String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("finished", Instant.now().toString());
        return m;
    }

    void print() {
        System.out.println();
        machine().forEach((k, v) -> System.out.println(k + ": " + v));
        settings.forEach((k, v) -> System.out.println(k + ": " + v));
        String format = "%-22s %-58s %9s %9s %9s %9s %9s %9s %8s %-18s %s%n";
        System.out.printf(format, "mode", "what", "ours p50", "ours p99", "base p50", "base p99", "p50 x", "p99 x", "rate x", "target", "result");
        for (Comparison c : rows) {
            System.out.printf(format, c.mode(), c.what(), ms(c.oursSamples().percentileMillis(50)), ms(c.oursSamples().percentileMillis(99)),
                    c.hasBaseline() ? ms(c.baselineSamples().percentileMillis(50)) : "", c.hasBaseline() ? ms(c.baselineSamples().percentileMillis(99)) : "",
                    ratio(c.p50Ratio()), ratio(c.p99Ratio()),
                    c.target().kind() == Comparison.Kind.RATE_AT_LEAST ? ratio(c.rateRatio()) : "", c.target().describe(),
                    c.result() + (c.errors() > 0 ? " (" + c.errors() + " errors)" : ""));
        }
        System.out.println();
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder out = new StringBuilder(String.join(",", HEAD)).append('\n');
        for (Comparison c : rows) {
            out.append(Stream.of(cells(c)).map(Report::csv).collect(Collectors.joining(","))).append('\n');
        }
        Files.writeString(file, out);
    }

    void writeJson(Path file) throws IOException {
        ObjectNode root = AdminClient.JSON.createObjectNode();
        ObjectNode machine = root.putObject("machine");
        machine().forEach(machine::put);
        ObjectNode s = root.putObject("settings");
        settings.forEach(s::put);
        ArrayNode list = root.putArray("rows");
        for (Comparison c : rows) {
            ObjectNode r = list.addObject();
            r.put("mode", c.mode()).put("what", c.what()).put("result", c.result()).put("target", c.target().describe())
                    .put("errors", c.errors());
            side(r.putObject("ours"), c.ours(), c.oursSamples());
            if (c.hasBaseline()) {
                side(r.putObject("stock"), c.baseline(), c.baselineSamples());
                r.put("p50Ratio", round(c.p50Ratio()))
                        .put("p95Ratio", round(c.oursSamples().percentileMillis(95) / c.baselineSamples().percentileMillis(95)))
                        .put("p99Ratio", round(c.p99Ratio())).put("rateRatio", round(c.rateRatio()));
            }
        }
        Files.writeString(file, AdminClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    /** The table as the README shows it. */
    void writeMarkdown(Path file) throws IOException {
        StringBuilder md = new StringBuilder("| mode | what | ours p50 / p99 | stock p50 / p99 | ratio | target | result |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Comparison c : rows) {
            String oursCell = ms(c.oursSamples().percentileMillis(50)) + " / " + ms(c.oursSamples().percentileMillis(99)) + " ms"
                    + (c.target().kind() == Comparison.Kind.RATE_AT_LEAST ? " (" + perSecond(c.oursSamples().perSecond()) + ")" : "");
            String stockCell = !c.hasBaseline() ? "" : ms(c.baselineSamples().percentileMillis(50)) + " / "
                    + ms(c.baselineSamples().percentileMillis(99)) + " ms"
                    + (c.target().kind() == Comparison.Kind.RATE_AT_LEAST ? " (" + perSecond(c.baselineSamples().perSecond()) + ")" : "");
            String ratioCell = !c.hasBaseline() ? c.errors() + " errors"
                    : c.target().kind() == Comparison.Kind.RATE_AT_LEAST ? ratio(c.rateRatio()) + "× " + c.target().unit()
                    : ratio(c.p50Ratio()) + " / " + ratio(c.p99Ratio());
            md.append("| ").append(c.mode()).append(" | ").append(c.what()).append(" (ours: ").append(c.ours())
                    .append(c.hasBaseline() ? "; stock: " + c.baseline() : "").append(") | ").append(oursCell).append(" | ")
                    .append(stockCell).append(" | ").append(ratioCell).append(" | ").append(c.target().describe()).append(" | ")
                    .append(c.result()).append(" |\n");
        }
        Files.writeString(file, md);
    }

    private static String[] cells(Comparison c) {
        List<String> cells = new ArrayList<>(List.of(c.mode(), c.what(), c.ours(), String.valueOf(c.oursSamples().count()),
                ms(c.oursSamples().percentileMillis(50)), ms(c.oursSamples().percentileMillis(99)), perSecond(c.oursSamples().perSecond())));
        if (c.hasBaseline()) {
            cells.addAll(List.of(c.baseline(), String.valueOf(c.baselineSamples().count()), ms(c.baselineSamples().percentileMillis(50)),
                    ms(c.baselineSamples().percentileMillis(99)), perSecond(c.baselineSamples().perSecond()),
                    ratio(c.p50Ratio()), ratio(c.p99Ratio()), ratio(c.rateRatio())));
        } else {
            cells.addAll(List.of("", "", "", "", "", "", "", ""));
        }
        cells.addAll(List.of(String.valueOf(c.errors()), c.target().describe(), c.result()));
        return cells.toArray(String[]::new);
    }

    private static void side(ObjectNode o, String label, Samples s) {
        o.put("label", label).put("n", s.count()).put("p50Ms", round(s.percentileMillis(50))).put("p90Ms", round(s.percentileMillis(90))).put("p95Ms", round(s.percentileMillis(95)))
                .put("p99Ms", round(s.percentileMillis(99))).put("maxMs", round(s.percentileMillis(100)))
                .put("meanMs", round(s.meanMillis())).put("perSecond", round(s.perSecond()));
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0 : Math.round(v * 1000) / 1000.0;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String perSecond(double v) {
        return String.format(Locale.ROOT, "%.1f/s", v);
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
