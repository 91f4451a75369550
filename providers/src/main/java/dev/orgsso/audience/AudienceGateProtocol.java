package dev.orgsso.audience;

import dev.orgsso.core.Audience;
import dev.orgsso.core.AudienceRule;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.Reason;
import dev.orgsso.core.SignedIn;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCProviderConfig;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's OpenID Connect protocol with the audience rule where the code is issued
 * ({@link OIDCLoginProtocol#authenticated}): the second line behind {@link AudienceCheck}, for a realm
 * whose admin disabled that required action. Password form, SSO cookie, IdP, reset credentials and a
 * handoff session reused by another client all pass here, whatever flow the admin bound to the client.
 * (Keycloak's {@code prompt=none} path issues its code through a protocol object of its own, which is
 * why the required action comes first.) A refusal issues no code: the themed page, one LOGIN_ERROR
 * event {@code audience_mismatch}, and no session that was opened for this refused sign-in.
 */
final class AudienceGateProtocol extends OIDCLoginProtocol {

    AudienceGateProtocol(OIDCProviderConfig config) {
        super(config);
    }

    @Override
    public Response authenticated(AuthenticationSessionModel authSession, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        ClientModel client = authSession.getClient();
        if (AudienceRule.admits(realm, client, userSession.getUser())) {
            session.getKeycloakSessionFactory().publish(new SignedIn(session, authSession, userSession.getUser()));
            return super.authenticated(authSession, userSession, clientSessionCtx);
        }
        // The caller sends this builder as the sign-in's one event right after we return (it would be a
        // LOGIN success): make it the refusal instead of adding a second event.
        if (event != null) {
            event.event(EventType.LOGIN_ERROR)
                    .detail(Detail.DECISION, Decision.AUDIENCE_GUARD.code())
                    .detail(Detail.AUDIENCE, Audience.of(client).value())
                    .user(userSession.getUser());
            event.getEvent().setError(Reason.AUDIENCE_MISMATCH.code());
        }
        if (AuthenticatorUtil.isSSOAuthentication(authSession)) {
            // The user's own session stays (it is valid for their apps); only this client leaves it.
            clientSessionCtx.getClientSession().detachFromUserSession();
        } else {
            // Opened by this very sign-in at a client that does not admit the user: nothing stays.
            session.sessions().removeUserSession(realm, userSession);
            AuthenticationManager.expireIdentityCookie(session);
        }
        return ErrorPage.error(session, authSession, Response.Status.FORBIDDEN, "orgssoAudienceMismatch");
    }
}
