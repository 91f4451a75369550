package dev.orgsso.federation;

import dev.orgsso.core.AppLogin;
import dev.orgsso.core.AudienceGuard;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * An IdP-initiated sign-in (the user clicked the help desk's tile in their company's portal): the IdP posts
 * a response nobody asked for. When the organisation turned it on ({@link FederatedIdp#SAML_IDP_INITIATED}),
 * an authentication session for the chosen app is started here, and Keycloak's SAML endpoint checks the
 * assertion with its own code (signature, issuer, destination, conditions) and runs the broker as for any
 * sign-in; the pack's rules apply in {@link PackSamlProvider#preprocessFederatedIdentity}. The session's
 * protocol is {@link PortalLandingProtocol}: the user lands on the app's login link, signed in.
 * <p>
 * It is the broker's callback for one request (one per SAML endpoint): Keycloak's endpoint asks the
 * callback for the session named by the RelayState, and for a portal sign-in that is the one started here.
 */
final class PortalSignIn implements UserAuthenticationIdentityProvider.AuthenticationCallback {

    /** The RelayState under which Keycloak's endpoint finds the started session; only ever passed on here. */
    static final String STATE = "orgsso-portal-sign-in";

    private final UserAuthenticationIdentityProvider.AuthenticationCallback broker;
    private AuthenticationSessionModel started;

    PortalSignIn(UserAuthenticationIdentityProvider.AuthenticationCallback broker) {
        this.broker = broker;
    }

    /**
     * Starts the sign-in into the app the organisation chose; the refusal page (and its event) when the
     * organisation has not turned it on, or its app cannot be landed in.
     */
    Response start(KeycloakSession session, IdentityProviderModel idp, EventBuilder event) {
        RealmModel realm = session.getContext().getRealm();
        OrganizationModel org = OrganisationLookup.of(session, idp);
        String app = new FederatedIdp(idp).idpInitiatedApp();
        if (org == null || app == null || !FederatedIdp.offered(idp)) {
            refusalEvent(event, idp, org).error(Reason.IDP_INITIATED_OFF.code());
            return ErrorPage.error(session, null, Response.Status.FORBIDDEN, "orgssoIdpInitiatedOff",
                    org == null ? idp.getDisplayName() : org.getName());
        }
        ClientModel client = realm.getClientByClientId(app);
        String landing = client == null || !client.isEnabled() || !AudienceGuard.allows(idp, client)
                ? null : AppLogin.link(client, org.getAlias());
        if (landing == null) {
            refusalEvent(event, idp, org).detail(Detail.IDP_PROBLEM, "idp_initiated_app").error(Reason.IDP_MISCONFIGURED.code());
            return ErrorPage.error(session, null, Response.Status.FORBIDDEN, "orgssoIdpInitiatedOff", org.getName());
        }
        AuthenticationSessionManager manager = new AuthenticationSessionManager(session);
        RootAuthenticationSessionModel root = manager.getCurrentRootAuthenticationSession(realm);
        if (root == null) {
            root = manager.createAuthenticationSession(realm, true);
        }
        started = root.createAuthenticationSession(client);
        started.setProtocol(PortalLandingProtocolFactory.ID);
        started.setAction(AuthenticationSessionModel.Action.AUTHENTICATE.name());
        started.setRedirectUri(landing);
        return null;
    }

    private static EventBuilder refusalEvent(EventBuilder event, IdentityProviderModel idp, OrganizationModel org) {
        return event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                .detail(Detail.DECISION, Decision.IDP_INITIATED.code())
                .detail(Details.IDENTITY_PROVIDER, idp.getAlias())
                .detail(Detail.ORGANISATION, org == null ? null : org.getAlias());
    }

    @Override
    public AuthenticationSessionModel getAndVerifyAuthenticationSession(String encodedCode) {
        return started != null && STATE.equals(encodedCode) ? started : broker.getAndVerifyAuthenticationSession(encodedCode);
    }

    @Override
    public Response authenticated(BrokeredIdentityContext context) {
        return broker.authenticated(context);
    }

    @Override
    public Response cancelled(IdentityProviderModel idpConfig) {
        return broker.cancelled(idpConfig);
    }

    @Override
    public Response retryLogin(UserAuthenticationIdentityProvider<?> identityProvider, AuthenticationSessionModel authSession) {
        return broker.retryLogin(identityProvider, authSession);
    }

    @Override
    public Response error(IdentityProviderModel idpConfig, String message) {
        return broker.error(idpConfig, message);
    }
}
