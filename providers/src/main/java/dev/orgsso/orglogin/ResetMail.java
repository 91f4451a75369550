package dev.orgsso.orglogin;

import com.google.auto.service.AutoService;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialEmail;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

/**
 * Keycloak's "Forgot Password?" mail step (same id {@code reset-credential-email}, higher order), which
 * mails no reset link to a member of an SSO organisation: a local password would outlive the company's
 * IdP. It covers both ways the reset flow finds the user (typed, or the browser's session).
 */
@AutoService(AuthenticatorFactory.class)
public final class ResetMail extends ResetCredentialEmail {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        OrganizationModel org = context.getUser() == null ? null : SsoRequired.organisation(context, context.getUser(), null);
        if (org != null) {
            SsoRequired.redirect(context, org, EventType.RESET_PASSWORD_ERROR);
            return;
        }
        super.authenticate(context);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return this;
    }

    @Override
    public int order() {
        return 10;
    }
}
