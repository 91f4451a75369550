package dev.orgsso.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds with the percentiles the reports print and the chart draws. */
final class Samples {

    private long[] nanos;
    private int n;
    private long wallNanos;

    Samples(int capacity) {
        nanos = new long[Math.max(1, capacity)];
    }

    synchronized void add(long ns) {
        if (n == nanos.length) {
            nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = ns;
    }

    /** Nearest-rank percentile. */
    double percentileMillis(double p) {
        long[] sorted = sorted();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    double meanMillis() {
        long[] all = sorted();
        return all.length == 0 ? Double.NaN : Arrays.stream(all).sum() / 1e6 / all.length;
    }

    /**
     * Operations per second: of one client doing them back to back, or, when the samples were taken by
     * several clients at once and their wall-clock time was recorded ({@link #addWall}), the samples over
     * that time.
     */
    synchronized double perSecond() {
        return wallNanos > 0 ? n / (wallNanos / 1e9) : 1000.0 / meanMillis();
    }

    /** Wall-clock time during which several clients took these samples at once (added up over blocks). */
    synchronized void addWall(long ns) {
        wallNanos += ns;
    }

    synchronized long[] sorted() {
        long[] s = Arrays.copyOf(nanos, n);
        Arrays.sort(s);
        return s;
    }

    synchronized int count() {
        return n;
    }
}
