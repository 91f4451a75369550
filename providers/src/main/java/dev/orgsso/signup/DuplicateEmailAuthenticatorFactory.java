package dev.orgsso.signup;

import dev.orgsso.flow.PackAuthenticatorFactory;

/** Registers the duplicate-email refusal for first-broker-login flows. */
public final class DuplicateEmailAuthenticatorFactory extends PackAuthenticatorFactory {

    public DuplicateEmailAuthenticatorFactory() {
        super("orgsso-reject-duplicate-email", "OrgSSO: Refuse an email already in use",
                "Stops the first sign-in when the IdP sent no email or another account already holds it; never links.",
                "orgsso-signup", DuplicateEmailAuthenticator::new);
    }
}
