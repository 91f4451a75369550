package dev.orgsso.secretexpiry;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OrganisationLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * An expiry warning as admins see it: a WARN log line and an admin event on the IdP (Events > Admin
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
        LOG.warnf("orgsso secret expiry: realm=%s organization=%s idp=%s expires=%s days_left=%d%s", realm.getName(), orgAlias,
                alias, idp.secretExpiresAt(), daysLeft, daysLeft <= 0 ? " (expired: users of this organisation cannot sign in)" : "");

        Map<String, String> details = new LinkedHashMap<>();
        details.put(Detail.DECISION, Decision.SECRET_EXPIRY.code());
        details.put(Detail.ORGANISATION, orgAlias);
        details.put(Detail.IDENTITY_PROVIDER, alias);
        details.put(Detail.EXPIRES, String.valueOf(idp.secretExpiresAt()));
        details.put(Detail.DAYS_LEFT, Long.toString(daysLeft));

        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setClientId("orgsso");
        auth.setIpAddress("127.0.0.1");
        event.setAuthDetails(auth);
        event.setOperationType(OperationType.ACTION);
        event.setResourceType(ResourceType.IDENTITY_PROVIDER);
        event.setResourcePath("identity-provider/instances/" + alias);
        event.setDetails(details);
        try {
            event.setRepresentation(JsonSerialization.writeValueAsString(details));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, true);
        }
        realm.getEventsListenersStream().forEach(id -> {
            EventListenerProvider listener = session.getProvider(EventListenerProvider.class, id);
            if (listener != null) {
                listener.onEvent(event, realm.isAdminEventsDetailsEnabled());
            }
        });
    }
}
