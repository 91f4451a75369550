package dev.orgsso.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG a person can read: per benchmark row one panel with the latency distributions of ours and
 * stock as percentile curves (y: milliseconds), p50 and p99 in the legend. The x axis is spaced as in
 * HdrHistogram's plots (p50, p90, p99, p99.9 equally far apart), because the p99 targets are about the
 * tail, which a linear axis squeezes into its last pixels. JDK only (Java2D), drawn headless.
 */
final class LatencyChart {

    private static final int PANEL_W = 620;
    private static final int PANEL_H = 330;
    private static final int COLUMNS = 2;
    private static final int HEADER = 60;
    /** The chart ends at p99.9; with fewer samples that is the slowest one. */
    private static final double MAX_PERCENTILE = 99.9;
    private static final Color OURS = new Color(0x1f77b4);
    private static final Color STOCK = new Color(0xff7f0e);

    private LatencyChart() {
    }

    static void write(String title, List<Comparison> rows, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int panelRows = (rows.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage img = new BufferedImage(PANEL_W * COLUMNS, HEADER + PANEL_H * panelRows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 16, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("Latency by percentile (x: percentile of requests, tail-stretched; y: ms); blue: the pack, "
                + "orange: stock Keycloak, the same server, interleaved", 16, 46);
        for (int i = 0; i < rows.size(); i++) {
            panel(g, rows.get(i), (i % COLUMNS) * PANEL_W, HEADER + (i / COLUMNS) * PANEL_H);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, Comparison c, int x0, int y0) {
        int left = x0 + 64;
        int right = x0 + PANEL_W - 20;
        int top = y0 + 44;
        int bottom = y0 + PANEL_H - 60;
        long[] ours = c.oursSamples().sorted();
        long[] stock = c.hasBaseline() ? c.baselineSamples().sorted() : new long[0];
        double max = Math.max(at(ours, MAX_PERCENTILE), at(stock, MAX_PERCENTILE)) / 1e6 * 1.05;
        max = niceCeiling(max);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(shorten(c.what(), 80), x0 + 12, y0 + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        String ratios = !c.hasBaseline() ? (c.errors() + " errors")
                : c.target().kind() == Comparison.Kind.RATE_AT_LEAST ? String.format(Locale.ROOT, "%s ratio %.2f", c.target().unit(), c.rateRatio())
                : String.format(Locale.ROOT, "ratio p50 %.2f, p99 %.2f", c.p50Ratio(), c.p99Ratio());
        g.drawString(c.target().describe() + ": " + c.result() + "   " + ratios, x0 + 12, y0 + 34);

        // grid and axes
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int t = 0; t <= 5; t++) {
            int y = bottom - (bottom - top) * t / 5;
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, max >= 10 ? "%.0f ms" : "%.1f ms", max * t / 5);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        for (double p : new double[] {0, 50, 90, 99, 99.9}) {
            int x = left + (int) Math.round((right - left) * stretch(p) / stretch(MAX_PERCENTILE));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = "p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, bottom + 14);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);

        curve(g, ours, OURS, max, left, right, top, bottom);
        curve(g, stock, STOCK, max, left, right, top, bottom);

        int ly = bottom + 32;
        legend(g, OURS, "ours: " + shorten(c.ours(), 44) + stats(c.oursSamples()), x0 + 12, ly);
        if (c.hasBaseline()) {
            legend(g, STOCK, "stock: " + shorten(c.baseline(), 44) + stats(c.baselineSamples()), x0 + 12, ly + 15);
        }
    }

    private static void curve(Graphics2D g, long[] sorted, Color color, double maxMs, int left, int right, int top, int bottom) {
        if (sorted.length == 0) {
            return;
        }
        Path2D path = new Path2D.Double();
        for (int px = 0; px <= right - left; px++) {
            double p = unstretch(stretch(MAX_PERCENTILE) * px / (right - left));
            double ms = Math.min(at(sorted, p) / 1e6, maxMs);
            double y = bottom - (bottom - top) * ms / maxMs;
            if (px == 0) {
                path.moveTo(left + px, y);
            } else {
                path.lineTo(left + px, y);
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    /** Distance of a percentile from p0 on the x axis: log10 of 1/(1-p), so each "nine" gets the same width. */
    private static double stretch(double percentile) {
        return Math.log10(1 / (1 - percentile / 100));
    }

    private static double unstretch(double x) {
        return 100 * (1 - Math.pow(10, -x));
    }

    private static void legend(Graphics2D g, Color color, String text, int x, int y) {
        g.setColor(color);
        g.fillRect(x, y - 9, 18, 4);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 24, y - 4);
    }

    private static String stats(Samples s) {
        return String.format(Locale.ROOT, "  (n=%d, p50 %.2f ms, p99 %.2f ms)", s.count(), s.percentileMillis(50), s.percentileMillis(99));
    }

    private static long at(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
