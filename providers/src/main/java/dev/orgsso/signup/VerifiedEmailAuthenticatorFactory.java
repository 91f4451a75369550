package dev.orgsso.signup;

import dev.orgsso.flow.PackAuthenticatorFactory;

/** Registers the verified-email mark for post broker login flows of IdPs that are not OIDC. */
public final class VerifiedEmailAuthenticatorFactory extends PackAuthenticatorFactory {

    public VerifiedEmailAuthenticatorFactory() {
        super("orgsso-mark-email-verified", "OrgSSO: Mark email verified by code",
                "After a first sign-up confirmed by the emailed code, marks the account's email verified.",
                "orgsso-signup", VerifiedEmailAuthenticator::new);
    }
}
