package dev.orgsso.secretexpiry;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OnboardingEvent;
import dev.orgsso.core.OrganisationLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * An expiry warning (client secret or signing certificate) as admins see it: a WARN log line and an admin event on the IdP (Events > Admin
 * events in the console, and every event listener of the realm, such as orgsso-audit). The timer has no
 * admin behind it, so the event is built here the way Keycloak's AdminEventBuilder sends one.
 */
final class SecretExpiryWarning {

    private static final Logger LOG = Logger.getLogger(SecretExpiryWarning.class);

    private SecretExpiryWarning() {
    }

    static void raise(KeycloakSession session, RealmModel realm, FederatedIdp idp, long daysLeft) {
        String orgAlias = OrganisationLookup.aliasOf(session, idp.model());
        orgAlias = orgAlias == null ? "" : orgAlias;
        String alias = idp.model().getAlias();
        String credential = idp.credential().code();
        LOG.warnf("orgsso secret expiry: realm=%s organization=%s idp=%s expires=%s days_left=%d%s credential=%s", realm.getName(),
                orgAlias, alias, idp.credentialExpiresAt(), daysLeft,
                daysLeft <= 0 ? " (expired: users of this organisation cannot sign in)" : "", credential);

        Map<String, String> details = new LinkedHashMap<>();
        details.put(Detail.DECISION, Decision.SECRET_EXPIRY.code());
        details.put(Detail.ORGANISATION, orgAlias);
        details.put(Detail.IDENTITY_PROVIDER, alias);
        details.put(Detail.CREDENTIAL, credential);
        details.put(Detail.EXPIRES, String.valueOf(idp.credentialExpiresAt()));
        details.put(Detail.DAYS_LEFT, Long.toString(daysLeft));

        String representation;
        try {
            representation = JsonSerialization.writeValueAsString(details);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        // In the timer's session there is no client connection: the event names the pack as its actor.
        OnboardingEvent.recordWithoutAdmin(session, "orgsso", null, OperationType.ACTION, ResourceType.IDENTITY_PROVIDER,
                "identity-provider/instances/" + alias, details, representation);
    }
}
