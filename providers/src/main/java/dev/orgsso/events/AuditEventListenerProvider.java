package dev.orgsso.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Turns every event of the pack (any event whose details carry {@code orgsso_decision}) into an audit
 * log line and a counter. {@code onEvent} only remembers the decision; the log I/O happens once the
 * session's transaction has completed, as Keycloak's own jboss-logging listener does.
 *
 * <p>Keycloak sends error events right away in a short transaction of their own and success events
 * with the request's transaction (EventBuilder.send in 26.7), so a refusal is written as soon as it is
 * decided and a success only when what it created was committed. A rolled-back transaction still gets
 * its lines, marked {@code "committed":false}: the user did see that decision.
 */
final class AuditEventListenerProvider implements EventListenerProvider {

    static final Logger AUDIT = Logger.getLogger("dev.orgsso.audit");

    private final DecisionMetrics metrics;
    private final Consumer<String> log;
    private final List<RecordedDecision> pending = new ArrayList<>();

    /** @param log where lines go: the {@code dev.orgsso.audit} category at INFO in Keycloak */
    AuditEventListenerProvider(KeycloakSession session, DecisionMetrics metrics, Consumer<String> log) {
        this.metrics = metrics;
        this.log = log;
        session.getTransactionManager().enlistAfterCompletion(new AfterCompletion());
    }

    @Override
    public void onEvent(Event event) {
        RecordedDecision.of(event).ifPresent(pending::add);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // The representation is never read: it may hold a client secret.
        RecordedDecision.of(event).ifPresent(pending::add);
    }

    void write(boolean committed) {
        for (RecordedDecision d : pending) {
            try {
                log.accept(AuditLine.of(d, committed));
                metrics.count(d, committed);
            } catch (RuntimeException e) {
                // Auditing must never turn a decision into a server error.
                AUDIT.warn("could not write the audit line of decision " + d.decision(), e);
            }
        }
        pending.clear();
    }

    @Override
    public void close() {
    }

    private final class AfterCompletion extends AbstractKeycloakTransaction {
        @Override
        protected void commitImpl() {
            write(true);
        }

        @Override
        protected void rollbackImpl() {
            write(false);
        }
    }
}
