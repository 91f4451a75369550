package dev.orgsso.core;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A browser sign-in that completed (past every check, the code is being issued), published on this node
 * within the request, so that features can act on completion without depending on the protocol: the
 * organisation login remembers the organisation only now, not when the user was merely sent to its IdP.
 */
public record SignedIn(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user) implements ProviderEvent {
}
