package dev.orgsso.orglogin;

import dev.orgsso.core.FederatedIdp;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.ClientSessionCode;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Sends the browser to an IdP through Keycloak's broker endpoint, exactly as the stock
 * identity-provider-redirector does, so everything after it (first broker login, mappers, linking)
 * is Keycloak's own flow.
 */
final class IdentityProviderRedirect {

    /** Keycloak forwards an auth request's extra parameters from client notes with this prefix
     *  (the IdP's "forwardParameters" config names which ones). */
    private static final String FORWARDED_PARAM_PREFIX = "client_request_param_";

    private IdentityProviderRedirect() {
    }

    static Response to(AuthenticationFlowContext context, IdentityProviderModel idp, String loginHint) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String domainHint = idp.getConfig() == null ? null : idp.getConfig().get(FederatedIdp.DOMAIN_HINT);
        if (domainHint != null && !domainHint.isBlank()) {
            authSession.setClientNote(FORWARDED_PARAM_PREFIX + "domain_hint", domainHint);
        }
        String accessCode = new ClientSessionCode<>(context.getSession(), context.getRealm(), authSession).getOrGenerateCode();
        URI location = Urls.identityProviderAuthnRequest(context.getUriInfo().getBaseUri(), idp.getAlias(),
                context.getRealm().getName(), accessCode, authSession.getClient().getClientId(), authSession.getTabId(),
                AuthenticationProcessor.getClientData(context.getSession(), authSession), loginHint);
        return Response.seeOther(location).build();
    }
}
