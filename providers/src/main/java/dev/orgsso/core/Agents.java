package dev.orgsso.core;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Who the help desk's agents are: the users holding the realm role {@value #ROLE} (directly, through a
 * group or a composite role). Nothing else makes an agent, so the audience of every sign-in is decided
 * by the same question.
 */
public final class Agents {

    public static final String ROLE = "agent";
    /**
     * Realm attribute: may agents also use the end users' apps? Default {@code true} (an agent looks at
     * the portal the customers see); {@code false} keeps each audience to its own apps.
     */
    public static final String MAY_USE_USER_APPS = "orgsso.agentsMayUseUserApps";

    private Agents() {
    }

    public static boolean isAgent(RealmModel realm, UserModel user) {
        RoleModel role = realm.getRole(ROLE);
        return user != null && role != null && user.hasRole(role);
    }

    static boolean mayUseUserApps(RealmModel realm) {
        return !"false".equalsIgnoreCase(realm.getAttribute(MAY_USE_USER_APPS));
    }
}
