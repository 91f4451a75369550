package dev.orgsso.handoff;

import dev.orgsso.core.Audience;
import dev.orgsso.core.Reason;
import java.net.URI;
import java.util.Locale;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.RedirectUtils;

/**
 * Where a handoff may send the user: only to a redirect URI of one of the realm's end-user clients,
 * checked by Keycloak's own redirect-URI matching. A {@code return_to} that is given but not allowed
 * is refused, never silently replaced; with none, the main app.
 */
final class ReturnTarget {

    static final String MAIN_APP = "main-app";

    private ReturnTarget() {
    }

    static URI resolve(KeycloakSession session, RealmModel realm, String returnTo) throws HandoffRefused {
        if (returnTo == null || returnTo.isEmpty()) {
            return mainApp(realm);
        }
        URI uri;
        try {
            uri = URI.create(returnTo);
        } catch (IllegalArgumentException e) {
            throw new HandoffRefused(Reason.RETURN_TO_NOT_ALLOWED);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        // Absolute http(s) only: no scheme-relative //host, no javascript:, no credentials in the URL.
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new HandoffRefused(Reason.RETURN_TO_NOT_ALLOWED);
        }
        if (RemoteLogin.isResumeUrl(session, uri)) {
            return uri;
        }
        // Client attributes are not searchable in Keycloak 26 (only configured ones are); a realm has few clients.
        boolean allowed = realm.getClientsStream()
                .filter(c -> c.isEnabled() && Audience.USERS.value().equals(c.getAttribute(Audience.ATTRIBUTE)))
                .anyMatch(c -> RedirectUtils.verifyRedirectUri(session, returnTo, c) != null);
        if (!allowed) {
            throw new HandoffRefused(Reason.RETURN_TO_NOT_ALLOWED);
        }
        return uri;
    }

    private static URI mainApp(RealmModel realm) throws HandoffRefused {
        ClientModel main = realm.getClientByClientId(MAIN_APP);
        if (main == null || main.getRootUrl() == null) {
            throw new HandoffRefused(Reason.RETURN_TO_NOT_ALLOWED);
        }
        String base = main.getBaseUrl() == null ? "" : main.getBaseUrl();
        return URI.create(base.startsWith("http") ? base : main.getRootUrl() + base);
    }
}
