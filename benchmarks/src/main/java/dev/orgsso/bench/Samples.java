package dev.orgsso.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds with the percentiles the reports print and the chart draws. */
final class Samples {

    private long[] nanos;
    private int n;

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

    /** Sign-ins per second of one client doing them back to back. */
    double perSecond() {
        return 1000.0 / meanMillis();
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
