package dev.orgsso.bench;

import java.util.Locale;

/**
 * One row of the results: the pack doing something against stock Keycloak doing the nearest
 * equivalent, measured interleaved on the same server, and the target the row is held to.
 */
record Comparison(String mode, String what, String ours, String baseline, Samples oursSamples, Samples baselineSamples,
                  Target target, int errors) {

    enum Kind { LATENCY_AT_MOST, RATE_AT_LEAST, NO_ERRORS, REPORT_ONLY }

    /** {@code unit}: what a rate row counts per second (logins, users). */
    record Target(Kind kind, double bound, String unit) {
        static Target latencyAtMost(double ratio) {
            return new Target(Kind.LATENCY_AT_MOST, ratio, "");
        }

        static Target rateAtLeast(double ratio) {
            return rateAtLeast(ratio, "logins/s");
        }

        static Target rateAtLeast(double ratio, String unit) {
            return new Target(Kind.RATE_AT_LEAST, ratio, unit);
        }

        static Target noErrors() {
            return new Target(Kind.NO_ERRORS, 0, "");
        }

        static Target reportOnly() {
            return new Target(Kind.REPORT_ONLY, 0, "");
        }

        String describe() {
            return switch (kind) {
                case LATENCY_AT_MOST -> String.format(Locale.ROOT, "p50,p99 <= %.2fx", bound);
                case RATE_AT_LEAST -> String.format(Locale.ROOT, ">= %sx %s", bound == Math.rint(bound)
                        ? String.format(Locale.ROOT, "%.0f", bound) : String.format(Locale.ROOT, "%.2f", bound), unit);
                case NO_ERRORS -> "0 errors";
                case REPORT_ONLY -> "report only";
            };
        }
    }

    boolean hasBaseline() {
        return baselineSamples != null && baselineSamples.count() > 0;
    }

    double p50Ratio() {
        return hasBaseline() ? oursSamples.percentileMillis(50) / baselineSamples.percentileMillis(50) : Double.NaN;
    }

    double p99Ratio() {
        return hasBaseline() ? oursSamples.percentileMillis(99) / baselineSamples.percentileMillis(99) : Double.NaN;
    }

    double rateRatio() {
        return hasBaseline() ? oursSamples.perSecond() / baselineSamples.perSecond() : Double.NaN;
    }

    String result() {
        return switch (target.kind()) {
            case LATENCY_AT_MOST -> errors == 0 && p50Ratio() <= target.bound() && p99Ratio() <= target.bound() ? "met" : "MISSED";
            case RATE_AT_LEAST -> errors == 0 && rateRatio() >= target.bound() ? "met" : "MISSED";
            case NO_ERRORS -> errors == 0 ? "met" : "MISSED";
            case REPORT_ONLY -> errors == 0 ? "reported" : "ERRORS";
        };
    }
}
