package dev.orgsso.core;

import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's {@code login-actions/restart} URL of the current realm: where a login is resumed (the
 * handoff's return to a login in progress) or started over (the SSO link of a login form). Built here only.
 */
public final class LoginRestart {

    private LoginRestart() {
    }

    /** Resumes the login of this client and tab; values are encoded by hand (UriBuilder reads "{...}" as a template). */
    public static URI of(KeycloakSession session, String clientId, String tabId, String clientData) {
        return URI.create(base(session) + "?client_id=" + encode(clientId) + "&tab_id=" + encode(tabId)
                + "&client_data=" + encode(clientData));
    }

    /** True for this realm's restart URL with any query (but no fragment). */
    public static boolean isRestart(KeycloakSession session, URI target) {
        URI restart = base(session);
        return restart.getScheme().equalsIgnoreCase(target.getScheme())
                && restart.getHost().equalsIgnoreCase(target.getHost())
                && restart.getPort() == target.getPort()
                && restart.getRawPath().equals(target.getRawPath())
                && target.getRawFragment() == null;
    }

    private static URI base(KeycloakSession session) {
        return UriBuilder.fromUri(session.getContext().getUri().getBaseUri())
                .path("realms").path(session.getContext().getRealm().getName()).path("login-actions/restart").build();
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
