package dev.orgsso.federation;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ClientData;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.utils.LogoutUtil;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The protocol of an IdP-initiated sign-in's authentication session ({@link PortalSignIn}) and of nothing
 * else: when the sign-in is done (Keycloak's session exists, the first sign-up ran), the browser goes to
 * the app's own login link, where the app starts its ordinary OIDC login and Keycloak's SSO session signs
 * the user in without a prompt. No code, token or assertion is handed to the app from here: an app never
 * receives an answer it did not ask for.
 * <p>
 * The app's client session keeps this protocol until the app's own login replaces it (26.7
 * TokenManager#attachAuthenticationSession sets the protocol of the login that just ran), so logout
 * through it has nothing to tell the app.
 */
final class PortalLandingProtocol implements LoginProtocol {

    private KeycloakSession session;
    private RealmModel realm;

    @Override
    public Response authenticated(AuthenticationSessionModel authSession, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        String landing = authSession.getRedirectUri();
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(realm, authSession);
        return Response.status(Response.Status.FOUND).location(URI.create(landing)).build();
    }

    @Override
    public Response sendError(AuthenticationSessionModel authSession, Error error, String errorMessage) {
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(realm, authSession);
        return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, errorMessage != null ? errorMessage : Messages.UNEXPECTED_ERROR_HANDLING_REQUEST);
    }

    @Override
    public ClientData getClientData(AuthenticationSessionModel authSession) {
        return new ClientData(authSession.getRedirectUri(), null, null, null);
    }

    @Override
    public Response sendError(ClientModel client, ClientData clientData, Error error) {
        return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.UNEXPECTED_ERROR_HANDLING_REQUEST);
    }

    @Override
    public Response backchannelLogout(UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        return Response.ok().build();
    }

    @Override
    public Response frontchannelLogout(UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
        return null;
    }

    @Override
    public Response finishBrowserLogout(UserSessionModel userSession, AuthenticationSessionModel logoutSession) {
        return LogoutUtil.sendResponseAfterLogoutFinished(session, logoutSession);
    }

    @Override
    public boolean requireReauthentication(UserSessionModel userSession, AuthenticationSessionModel authSession) {
        return false;
    }

    @Override
    public LoginProtocol setSession(KeycloakSession session) {
        this.session = session;
        return this;
    }

    @Override
    public LoginProtocol setRealm(RealmModel realm) {
        this.realm = realm;
        return this;
    }

    @Override
    public LoginProtocol setUriInfo(UriInfo uriInfo) {
        return this;
    }

    @Override
    public LoginProtocol setHttpHeaders(HttpHeaders headers) {
        return this;
    }

    @Override
    public LoginProtocol setEventBuilder(EventBuilder event) {
        return this;
    }

    @Override
    public void close() {
    }
}
