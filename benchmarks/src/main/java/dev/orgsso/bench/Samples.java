package dev.orgsso.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds with the percentiles the reports print. */
final class Samples {

    private final long[] nanos;
    private int n;

    Samples(int capacity) {
        nanos = new long[capacity];
    }

    void add(long ns) {
        nanos[n++] = ns;
    }

    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, i))] / 1e6;
    }

    double meanMillis() {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += nanos[i];
        }
        return n == 0 ? 0 : sum / 1e6 / n;
    }

    int count() {
        return n;
    }
}
