package dev.orgsso.handoff;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Gives a handoff's jti back when the request's transaction does not commit: a sign-in that failed after
 * the jti was taken (the database refused, the node was stopping) signed nobody in, so the site's retry,
 * or the load balancer's on another node, is the token's first use and is accepted. Keycloak's single-use
 * store writes at once, outside the request's transaction, hence this after-completion step.
 */
final class UnusedOnRollback extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(UnusedOnRollback.class);

    private final KeycloakSession session;
    private final String key;

    UnusedOnRollback(KeycloakSession session, String key) {
        this.session = session;
        this.key = key;
    }

    @Override
    protected void commitImpl() {
    }

    @Override
    protected void rollbackImpl() {
        try {
            session.singleUseObjects().remove(key);
        } catch (RuntimeException e) {
            LOG.warnf("orgsso handoff: could not give back the jti of a sign-in that did not complete (%s)", e.toString());
        }
    }
}
