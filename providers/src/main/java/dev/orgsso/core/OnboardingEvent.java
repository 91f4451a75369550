package dev.orgsso.core;

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
        RealmModel realm = session.getContext().getRealm();
        String[] full = new String[path.length + 2];
        full[0] = "organizations";
        full[1] = org.getId();
        System.arraycopy(path, 0, full, 2, path.length);
        new AdminEventBuilder(realm, caller, session, session.getContext().getConnection())
                .operation(operation)
                .resource(ResourceType.ORGANIZATION)
                .resourcePath(full)
                .detail(Detail.DECISION, decision)
                .detail(Detail.ORGANISATION, org.getAlias())
                .success();
    }
}
