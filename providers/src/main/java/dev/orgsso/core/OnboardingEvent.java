package dev.orgsso.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * An admin event (admin console → Events → Admin events) for each change the onboarding API makes, so
 * onboarding is audited like any admin change. Never with a representation: answers can hold secrets.
 */
public final class OnboardingEvent {

    private OnboardingEvent() {
    }

    /** @param path the resource path below {@code organizations/<id>/} */
    public static void record(KeycloakSession session, AdminAuth caller, OperationType operation, String decision,
                              OrganizationModel org, String... path) {
        record(session, caller, operation, decision, org, Map.of(), path);
    }

    /** @param details more of the pack's details ({@link Detail}), never a secret */
    public static void record(KeycloakSession session, AdminAuth caller, OperationType operation, String decision,
                              OrganizationModel org, Map<String, String> details, String... path) {
        RealmModel realm = session.getContext().getRealm();
        AdminEventBuilder event = new AdminEventBuilder(realm, caller, session, session.getContext().getConnection())
                .operation(operation)
                .resource(ResourceType.ORGANIZATION)
                .resourcePath(organizationPath(org, path))
                .detail(Detail.DECISION, decision)
                .detail(Detail.ORGANISATION, org.getAlias());
        details.forEach(event::detail);
        event.success();
    }

    /**
     * An admin event for an action no admin token stands behind (an IT admin through a setup link, the
     * expiry timer), sent as Keycloak's AdminEventBuilder sends one: to the event store when admin events
     * are on, and to every event listener of the realm (orgsso-audit writes the audit line).
     *
     * @param actor    who acted, as the event's client (e.g. {@code orgsso-setup-link})
     * @param actorId  which one, as the event's user (e.g. the setup link's id); may be null
     * @param representation stored with the event when the realm keeps details; never a secret
     */
    public static void recordWithoutAdmin(KeycloakSession session, String actor, String actorId, OperationType operation,
                                          ResourceType resource, String resourcePath, Map<String, String> details,
                                          String representation) {
        RealmModel realm = session.getContext().getRealm();
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setClientId(actor);
        auth.setUserId(actorId);
        auth.setIpAddress(remoteAddress(session));
        event.setAuthDetails(auth);
        event.setOperationType(operation);
        event.setResourceType(resource);
        event.setResourcePath(resourcePath);
        event.setDetails(new LinkedHashMap<>(details));
        event.setRepresentation(representation);
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, representation != null && realm.isAdminEventsDetailsEnabled());
        }
        realm.getEventsListenersStream().forEach(id -> {
            EventListenerProvider listener = session.getProvider(EventListenerProvider.class, id);
            if (listener != null) {
                listener.onEvent(event, realm.isAdminEventsDetailsEnabled());
            }
        });
    }

    /** The caller's address; a timer's session has no request (Quarkus may refuse to give one): the node itself. */
    private static String remoteAddress(KeycloakSession session) {
        try {
            var connection = session.getContext().getConnection();
            return connection == null ? "127.0.0.1" : connection.getRemoteAddr();
        } catch (RuntimeException e) {
            return "127.0.0.1";
        }
    }

    public static String organizationPath(OrganizationModel org, String... path) {
        StringBuilder full = new StringBuilder("organizations/").append(org.getId());
        for (String p : path) {
            full.append('/').append(p);
        }
        return full.toString();
    }
}
