package dev.orgsso.orglogin;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The last organisation used in this browser, as a cookie scoped to the realm's path. It holds only
 * the alias the user typed (no user data), so it can be long-lived; the lookup validates it again.
 */
final class RememberedOrganisation {

    static final String COOKIE = "ORGSSO_ORGANISATION";

    private final KeycloakSession session;
    private final RealmModel realm;

    RememberedOrganisation(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The remembered alias, normalised and validated again; null when there is none. */
    String alias() {
        Cookie c = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        if (c == null) {
            return null;
        }
        OrganisationName name = OrganisationName.parse(c.getValue());
        return name.valid() ? name.alias() : null;
    }

    void remember(String alias, int days) {
        if (days <= 0) {
            return;
        }
        boolean https = "https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme());
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(COOKIE)
                .value(alias)
                .path("/realms/" + realm.getName() + "/")
                .maxAge(days * 86400)
                .httpOnly(true)
                .secure(https)
                .sameSite(NewCookie.SameSite.LAX)
                .build());
    }
}
