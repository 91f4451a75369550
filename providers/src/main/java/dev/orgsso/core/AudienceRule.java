package dev.orgsso.core;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Which users a client admits: an agents' client ({@code orgsso.audience=agents}) only agents; an end
 * users' client everyone but, when the realm says so ({@link Agents#MAY_USE_USER_APPS}), agents.
 */
public final class AudienceRule {

    private AudienceRule() {
    }

    public static boolean admits(RealmModel realm, ClientModel client, UserModel user) {
        if (client == null || user == null) {
            return false;
        }
        boolean agent = Agents.isAgent(realm, user);
        return Audience.of(client) == Audience.AGENTS ? agent : !agent || Agents.mayUseUserApps(realm);
    }
}
