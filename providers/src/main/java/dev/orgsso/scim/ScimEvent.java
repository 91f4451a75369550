package dev.orgsso.scim;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.OnboardingEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

/**
 * A change the organisation's SCIM client made: an admin event on the organisation (its actor is the
 * token, by id) and, through orgsso-audit, an audit line and a counter. Never a token or a body.
 */
final class ScimEvent {

    static final String ACTOR = "orgsso-scim";

    private ScimEvent() {
    }

    static void record(KeycloakSession session, OperationType operation, Decision decision, OrganizationModel org, String tokenId,
                       String kind, String resourceId) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Detail.DECISION, decision.code());
        details.put(Detail.ORGANISATION, org.getAlias());
        details.put(Detail.SCIM_TOKEN, tokenId);
        details.put(Detail.SCIM_RESOURCE, resourceId);
        OnboardingEvent.recordWithoutAdmin(session, ACTOR, tokenId, operation,
                "Users".equals(kind) ? ResourceType.USER : ResourceType.GROUP,
                OnboardingEvent.organizationPath(org, "scim", kind, resourceId), details, null);
    }
}
