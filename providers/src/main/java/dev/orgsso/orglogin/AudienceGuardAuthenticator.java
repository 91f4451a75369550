package dev.orgsso.orglogin;

import dev.orgsso.flow.PackAuthenticator;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keeps the audiences apart after the IdP answered: an end users' IdP cannot sign anyone in to an
 * agents' client, and the other way round. The login pages already offer only the audience's IdPs;
 * this step holds also when someone calls the broker endpoint or {@code kc_idp_hint} by hand. It runs
 * first in the first-broker-login flow (before any account exists) and in the post-broker-login flow.
 */
final class AudienceGuardAuthenticator extends PackAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        IdentityProviderModel idp = brokeredIdentityProvider(context);
        if (idp != null && Audience.of(idp) == Audience.of(client)) {
            context.success();
            return;
        }
        context.getEvent().clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                .detail(OrganisationLoginEvents.DECISION, "audience_guard")
                .detail("identity_provider", idp == null ? "unknown" : idp.getAlias())
                .detail(OrganisationLoginEvents.AUDIENCE, Audience.of(client).value())
                .error("audience_mismatch");
        Response page = context.form().setError("orgssoAudienceMismatch").createErrorPage(Response.Status.FORBIDDEN);
        context.failureChallenge(AuthenticationFlowError.ACCESS_DENIED, page);
    }

    private static IdentityProviderModel brokeredIdentityProvider(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SerializedBrokeredIdentityContext brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                authSession, AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE);
        if (brokered == null) {
            brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                    authSession, PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        }
        return brokered == null ? null : context.getSession().identityProviders().getByAlias(brokered.getIdentityProviderId());
    }
}
