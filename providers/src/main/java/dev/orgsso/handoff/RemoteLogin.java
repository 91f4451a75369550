package dev.orgsso.handoff;

import dev.orgsso.core.LoginRestart;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Handoff started at the product: an organisation without an IdP but with handoff and a remote login
 * URL sends the user to its own site, with a {@code return_to} that resumes this very login. The
 * handoff endpoint accepts that one Keycloak URL as a return target besides the apps' redirect URIs.
 */
public final class RemoteLogin {

    private RemoteLogin() {
    }

    /** Where to send the user, or null when the organisation does not sign in by handoff. */
    public static URI forOrganisation(KeycloakSession session, OrganizationModel org, AuthenticationSessionModel authSession,
                                      String clientData) {
        HandoffSettings settings = new HandoffSettings(org);
        String remote = settings.remoteLoginUrl();
        if (!settings.enabled() || remote == null || remote.isBlank()) {
            return null;
        }
        URI resume = LoginRestart.of(session, authSession.getClient().getClientId(), authSession.getTabId(), clientData);
        return UriBuilder.fromUri(remote).queryParam("return_to", resume.toString()).build();
    }

    /** True for this realm's own "resume the login" URL, the one return target outside the apps. */
    static boolean isResumeUrl(KeycloakSession session, URI target) {
        return LoginRestart.isRestart(session, target);
    }
}
