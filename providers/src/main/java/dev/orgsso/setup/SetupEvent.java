package dev.orgsso.setup;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.OnboardingEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

/**
 * What an IT admin did through a setup link: an admin event on the organisation (its actor is the link,
 * by id) and, through the orgsso-audit listener, an audit line. Never a secret or a token.
 */
final class SetupEvent {

    /** The event's client: who acts when a setup link acts. */
    static final String ACTOR = "orgsso-setup-link";

    private static final Logger LOG = Logger.getLogger(SetupEvent.class);

    private SetupEvent() {
    }

    static void record(KeycloakSession session, OperationType operation, Decision decision, OrganizationModel org, SetupLink link,
                       Map<String, String> more) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Detail.DECISION, decision.code());
        details.put(Detail.ORGANISATION, org.getAlias());
        details.put(Detail.SETUP_LINK, link.id());
        details.putAll(more);
        OnboardingEvent.recordWithoutAdmin(session, ACTOR, link.id(), operation, ResourceType.ORGANIZATION,
                OnboardingEvent.organizationPath(org, "setup-links", link.id()), details, null);
        LOG.infof("orgsso setup link: realm=%s organization=%s link=%s %s%s", session.getContext().getRealm().getName(),
                org.getAlias(), link.id(), decision.code(), more.isEmpty() ? "" : " " + more);
    }

    static void record(KeycloakSession session, OperationType operation, Decision decision, OrganizationModel org, SetupLink link) {
        record(session, operation, decision, org, link, Map.of());
    }
}
