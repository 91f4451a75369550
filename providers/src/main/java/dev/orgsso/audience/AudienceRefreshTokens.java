package dev.orgsso.audience;

import dev.orgsso.core.Audience;
import dev.orgsso.core.AudienceRule;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.representations.RefreshToken;

/**
 * Keycloak's refresh of a token (and of an offline token) with the audience rule: a user who lost the
 * realm role {@code agent} gets no new agents' client token from an old refresh token. Keycloak's own
 * refresh answers {@code invalid_grant}; the event's reason starts with {@code audience_mismatch}.
 */
final class AudienceRefreshTokens extends DefaultRefreshTokenProvider {

    AudienceRefreshTokens(KeycloakSession session) {
        super(session);
    }

    @Override
    protected TokenManager.TokenValidation validateToken(KeycloakSession session, UriInfo uriInfo, ClientConnection connection,
                                                         RealmModel realm, RefreshToken oldToken, HttpHeaders headers, String scope,
                                                         ClientModel client, TokenManager tokenManager, EventBuilder event)
            throws OAuthErrorException {
        TokenManager.TokenValidation validation = super.validateToken(session, uriInfo, connection, realm, oldToken, headers, scope,
                client, tokenManager, event);
        if (!AudienceRule.admits(realm, client, validation.user)) {
            event.detail(Detail.DECISION, Decision.AUDIENCE_GUARD.code()).detail(Detail.AUDIENCE, Audience.of(client).value());
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT,
                    Reason.AUDIENCE_MISMATCH.code() + ": this application is for another audience than the user now has");
        }
        return validation;
    }
}
