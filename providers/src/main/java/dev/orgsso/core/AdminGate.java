package dev.orgsso.core;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminRoot;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * The onboarding API's door, decided exactly as Keycloak's admin API decides it: the bearer token is
 * authenticated by Keycloak's admin root (a token of this realm or of the master realm), then the
 * token's own roles, with its client's scope applied, must grant {@code manage-realm} of this realm
 * (realm-management's role here, or a master realm admin's {@code <realm>-realm} client role). A user
 * who holds the role but whose token does not carry it (a client with {@code fullScopeAllowed=false})
 * is refused, as Keycloak refuses it.
 */
public final class AdminGate {

    private AdminGate() {
    }

    public static AdminAuth requireManageRealm(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AdminAuth auth;
        try {
            // Sets the context realm to the token's realm while it verifies the token.
            auth = AdminRoot.authenticateRealmAdminRequest(session);
        } finally {
            session.getContext().setRealm(realm);
        }
        RealmModel master = new RealmManager(session).getKeycloakAdministrationRealm();
        if (!auth.getRealm().getId().equals(realm.getId()) && (master == null || !auth.getRealm().getId().equals(master.getId()))) {
            throw new NotAuthorizedException("Bearer");
        }
        if (!AdminPermissions.evaluator(session, realm, auth).realm().canManageRealm()) {
            throw new ForbiddenException("manage-realm required");
        }
        return auth;
    }
}
