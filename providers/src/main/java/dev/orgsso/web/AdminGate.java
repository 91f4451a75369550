package dev.orgsso.web;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.ForbiddenException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The onboarding API's door: a bearer token of this realm whose subject holds realm-management's
 * {@code manage-realm} (for example the service account of the {@code orgsso-onboarding} client).
 */
public final class AdminGate {

    private AdminGate() {
    }

    public static AuthResult requireManageRealm(KeycloakSession session) {
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw new NotAuthorizedException("Bearer");
        }
        RealmModel realm = session.getContext().getRealm();
        ClientModel realmManagement = realm.getClientByClientId("realm-management");
        RoleModel manageRealm = realmManagement == null ? null : realmManagement.getRole("manage-realm");
        if (manageRealm == null || !auth.user().hasRole(manageRealm)) {
            throw new ForbiddenException("manage-realm required");
        }
        return auth;
    }
}
