package dev.orgsso.events;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * {@code orgsso_decisions_total} in Keycloak's {@code /metrics}: one counter per realm, decision,
 * outcome and reason. The organisation is deliberately not a tag: a realm may hold thousands of
 * organisations, and every distinct tag value is a time series kept in memory for the server's life.
 * Every tag value comes from the pack's closed sets ({@link Decision}, {@link Reason}), never from users:
 * any other reason (Keycloak's own error on an event the pack marked, or input somebody put there) is
 * counted as {@code other}.
 */
final class DecisionMetrics {

    static final String NAME = "orgsso.decisions";

    private final Meter.MeterProvider<Counter> counters;

    /** Keycloak registers its Prometheus registry in the global one when metrics are enabled; without it, counts go nowhere. */
    DecisionMetrics(MeterRegistry registry) {
        // A MeterProvider looks counters up in the registry (creating each once), so nothing here is a mutable cache.
        this.counters = Counter.builder(NAME)
                .description("SSO decisions of the OrgSSO pack (organisation lookup, sign-up, email code, handoff, IdP secrets)")
                .baseUnit("decisions")
                .withRegistry(registry);
    }

    void count(RecordedDecision d, boolean committed) {
        counters.withTags(Tags.of(
                "realm", d.realm() == null ? "none" : d.realm(),
                "decision", d.decision(),
                // A success whose transaction rolled back did not happen; a refusal did, whatever the transaction.
                "outcome", !committed && "success".equals(d.outcome()) ? "rolled_back" : d.outcome(),
                "reason", d.reason() == null ? "none" : Reason.of(d.reason()).map(Reason::code).orElse("other"))).increment();
    }
}
