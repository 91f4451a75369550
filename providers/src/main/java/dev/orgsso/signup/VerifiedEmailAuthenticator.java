package dev.orgsso.signup;

import dev.orgsso.flow.PackAuthenticator;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

/**
 * Marks the account's email verified once the emailed code was typed (or the IdP vouched for it). It
 * runs in the post broker login flow because Keycloak (26.x, AbstractIdentityProvider#importNewUser) sets emailVerified from
 * the IdP's trust setting after the first-broker-login flow, which would undo it there.
 */
final class VerifiedEmailAuthenticator extends PackAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user != null && "true".equals(context.getAuthenticationSession().getAuthNote(SignupCode.VERIFIED))) {
            user.setEmailVerified(true);
            context.getAuthenticationSession().removeAuthNote(SignupCode.VERIFIED);
        }
        context.success();
    }
}
