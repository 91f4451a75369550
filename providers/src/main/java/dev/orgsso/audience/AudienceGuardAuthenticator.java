package dev.orgsso.audience;

import dev.orgsso.authenticator.PackAuthenticator;
import dev.orgsso.core.AudienceGuard;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@link AudienceGuard} as a flow step: first in the pack's first broker login flow, and in a post
 * broker login flow for IdPs that are not OIDC (OIDC IdPs are guarded by the pack's OIDC provider on
 * every sign-in, without the post broker login flow's two extra redirects).
 */
final class AudienceGuardAuthenticator extends PackAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        IdentityProviderModel idp = brokeredIdentityProvider(context);
        if (AudienceGuard.allows(idp, authSession.getClient())) {
            context.success();
            return;
        }
        context.failureChallenge(AuthenticationFlowError.ACCESS_DENIED,
                AudienceGuard.refuse(context.getSession(), authSession, idp, context.getEvent()));
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
