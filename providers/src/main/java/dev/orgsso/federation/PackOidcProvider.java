package dev.orgsso.federation;

import dev.orgsso.core.AudienceGuard;
import dev.orgsso.core.ConfirmedEmail;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's OIDC IdP with the pack's additions, on every OIDC IdP of the realm:
 * <ul>
 *   <li>the audience guard ({@link AudienceGuard}) and, for an IdP linked to an organisation, the
 *   organisation's rules ({@link OrganisationIdpRules}: domain ownership, the pack's sign-up flow) on every
 *   sign-in, before Keycloak looks up or creates an account, however the IdP was made;</li>
 *   <li>a sign-up's confirmed email (emailed code, or an IdP that vouched for it) stays verified after
 *   Keycloak applied the IdP's "Trust email" switch ({@link ConfirmedEmail});</li>
 *   <li>after a failed code exchange at a customer IdP the pack onboarded: when the IdP refuses our
 *   client credentials (an expired or replaced client secret), the user gets "your organisation's SSO
 *   setup needs attention" instead of Keycloak's generic error, and an event says which organisation's
 *   secret to renew.</li>
 * </ul>
 * The first two are not a post broker login flow because such a flow adds two redirects to every
 * sign-in; here they cost nothing beyond the check itself.
 */
final class PackOidcProvider extends OIDCIdentityProvider {

    private static final Logger LOG = Logger.getLogger(PackOidcProvider.class);

    PackOidcProvider(KeycloakSession session, OIDCIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context) {
        super.preprocessFederatedIdentity(session, realm, context);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // Linking an IdP to an account that is already signed in (account console) signs nobody in.
        if (authSession == null || authSession.getAuthNote(IdentityBrokerService.LINKING_IDENTITY_PROVIDER) != null) {
            return;
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .client(authSession.getClient())
                .detail(Details.AUTH_METHOD, authSession.getProtocol());
        // Keycloak's broker endpoint answers a WebApplicationException with its response.
        if (!AudienceGuard.allows(getConfig(), authSession.getClient())) {
            throw new WebApplicationException(AudienceGuard.refuse(session, authSession, getConfig(), event));
        }
        Response refusal = new OrganisationIdpRules(session, realm, getConfig(), authSession, event).refusal(context);
        if (refusal != null) {
            throw new WebApplicationException(refusal);
        }
    }

    @Override
    protected void setEmailVerified(UserModel user, BrokeredIdentityContext context) {
        super.setEmailVerified(user, context);
        ConfirmedEmail.apply(context.getAuthenticationSession(), user);
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new Endpoint(callback, realm, event, this);
    }

    static final class Endpoint extends OIDCEndpoint {

        private final PackOidcProvider provider;

        Endpoint(AuthenticationCallback callback, RealmModel realm, EventBuilder event, PackOidcProvider provider) {
            super(callback, realm, event, provider);
            this.provider = provider;
        }

        @GET
        @Override
        public Response authResponse(@QueryParam("state") String state, @QueryParam("code") String authorizationCode,
                                     @QueryParam("error") String error, @QueryParam("error_description") String errorDescription) {
            Response response = super.authResponse(state, authorizationCode, error, errorDescription);
            OIDCIdentityProviderConfig config = provider.getConfig();
            // Keycloak answers a refused code exchange with 502; only then is there something to diagnose.
            if (response.getStatus() != Response.Status.BAD_GATEWAY.getStatusCode() || authorizationCode == null
                    || IdpType.ofConfig(config.getConfig().get(FederatedIdp.TYPE)) == null) {
                return response;
            }
            String redirectUri = Urls.identityProviderAuthnResponse(session.getContext().getUri().getBaseUri(),
                    config.getAlias(), realm.getName()).toString();
            String rejection = ClientCredentialsCheck.rejection(session, config.getConfig(), redirectUri);
            if (rejection == null) {
                return response;
            }
            OrganizationModel org = OrganisationLookup.of(session, config);
            String orgAlias = org == null ? "" : org.getAlias();
            LOG.warnf("orgsso idp error: realm=%s organization=%s idp=%s the IdP refused the client secret (%s); "
                    + "renew it at the IdP and update it with the onboarding API", realm.getName(), orgAlias, config.getAlias(), rejection);
            event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                    .detail(Detail.DECISION, Decision.IDP_ERROR.code())
                    .detail(Detail.IDENTITY_PROVIDER, config.getAlias())
                    .detail(Detail.ORGANISATION, orgAlias)
                    .detail(Detail.IDP_ANSWER, rejection)
                    .error(Reason.IDP_CLIENT_SECRET_INVALID.code());
            return ErrorPage.error(session, session.getContext().getAuthenticationSession(), Response.Status.BAD_GATEWAY,
                    "orgssoSsoNeedsAttention", org != null ? org.getName() : config.getDisplayName() != null ? config.getDisplayName() : config.getAlias());
        }
    }
}
