package dev.orgsso.federation;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.Urls;

/**
 * Keycloak's OIDC IdP, unchanged except after a failed code exchange at a customer IdP the pack
 * onboarded: when the IdP refuses our client credentials (an expired or replaced client secret), the
 * user gets "your organisation's SSO setup needs attention" instead of Keycloak's generic error, and an
 * event says which organisation's secret to renew.
 */
final class SetupCheckingOidcProvider extends OIDCIdentityProvider {

    private static final Logger LOG = Logger.getLogger(SetupCheckingOidcProvider.class);

    SetupCheckingOidcProvider(KeycloakSession session, OIDCIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new Endpoint(callback, realm, event, this);
    }

    static final class Endpoint extends OIDCEndpoint {

        private final SetupCheckingOidcProvider provider;

        Endpoint(AuthenticationCallback callback, RealmModel realm, EventBuilder event, SetupCheckingOidcProvider provider) {
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
            OrganizationModel org = config.getOrganizationId() == null ? null
                    : session.getProvider(OrganizationProvider.class).getById(config.getOrganizationId());
            String orgAlias = org == null ? "" : org.getAlias();
            LOG.warnf("orgsso idp error: realm=%s organization=%s idp=%s the IdP refused the client secret (%s); "
                    + "renew it at the IdP and update it with the onboarding API", realm.getName(), orgAlias, config.getAlias(), rejection);
            event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                    .detail("orgsso_decision", "idp_error")
                    .detail("identity_provider", config.getAlias())
                    .detail("org_alias", orgAlias)
                    .detail("idp_answer", rejection)
                    .error("idp_client_secret_invalid");
            return ErrorPage.error(session, session.getContext().getAuthenticationSession(), Response.Status.BAD_GATEWAY,
                    "orgssoSsoNeedsAttention", org != null ? org.getName() : config.getDisplayName() != null ? config.getDisplayName() : config.getAlias());
        }
    }
}
