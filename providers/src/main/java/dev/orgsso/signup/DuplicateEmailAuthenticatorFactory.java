package dev.orgsso.signup;

import com.google.auto.service.AutoService;
import dev.orgsso.authenticator.PackAuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorFactory;

/** Registers the duplicate-email refusal for first-broker-login flows. */
@AutoService(AuthenticatorFactory.class)
public final class DuplicateEmailAuthenticatorFactory extends PackAuthenticatorFactory {

    public DuplicateEmailAuthenticatorFactory() {
        super("orgsso-reject-duplicate-email", "OrgSSO: Refuse an email already in use",
                "Stops the first sign-in when the IdP sent no email or another account already holds it; never links.",
                "orgsso-signup", DuplicateEmailAuthenticator::new);
    }
}
