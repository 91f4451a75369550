package dev.orgsso.signup;

import dev.orgsso.authenticator.PackAuthenticator;
import dev.orgsso.core.ConfirmedEmail;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * The verified-email mark as a post broker login step, for IdPs that are not OIDC (SAML): OIDC IdPs get
 * it from the pack's OIDC provider without a post broker login flow (see {@link ConfirmedEmail}).
 */
final class VerifiedEmailAuthenticator extends PackAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        ConfirmedEmail.apply(context.getAuthenticationSession(), context.getUser());
        context.success();
    }
}
