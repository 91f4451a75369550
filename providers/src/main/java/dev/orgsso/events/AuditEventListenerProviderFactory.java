package dev.orgsso.events;

import com.google.auto.service.AutoService;
import io.micrometer.core.instrument.Metrics;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener {@code orgsso-audit}: add it to a realm's event listeners (Realm settings → Events;
 * the helpdesk realm export does) to get the pack's audit lines (log category {@code dev.orgsso.audit})
 * and the {@code orgsso_decisions_total} counters of that realm.
 */
@AutoService(EventListenerProviderFactory.class)
public final class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    static final String ID = "orgsso-audit";

    private DecisionMetrics metrics;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session, metrics, AuditEventListenerProvider.AUDIT::info);
    }

    @Override
    public void init(Config.Scope config) {
        // Keycloak's own event metrics (micrometer-user-event-metrics, 26.x) count into the same global registry.
        metrics = new DecisionMetrics(Metrics.globalRegistry);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
