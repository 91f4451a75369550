package dev.orgsso.scim;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Someone left the company: their account is disabled and everything they hold ends now. Sessions are
 * ended the way Keycloak's admin "Sign out" ends them (backchannel logout to the apps, on every node:
 * sessions live in the cluster's cache), offline sessions are removed, and tokens issued before now are
 * refused (the user's not-before), so a refresh or offline token stops working at once.
 */
final class Deprovisioning {

    private Deprovisioning() {
    }

    /** @return how many sessions (online and offline) ended */
    static int end(KeycloakSession session, RealmModel realm, UserModel user) {
        user.setEnabled(false);
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        int ended = 0;
        for (UserSessionModel online : session.sessions().getUserSessionsStream(realm, user).toList()) {
            AuthenticationManager.backchannelLogout(session, online, true);
            ended++;
        }
        for (UserSessionModel offline : session.sessions().getOfflineUserSessionsStream(realm, user).toList()) {
            session.sessions().removeOfflineUserSession(realm, offline);
            ended++;
        }
        return ended;
    }
}
