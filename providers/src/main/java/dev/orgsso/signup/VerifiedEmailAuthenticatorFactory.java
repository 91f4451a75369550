package dev.orgsso.signup;

import com.google.auto.service.AutoService;
import dev.orgsso.authenticator.PackAuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorFactory;

/** Registers the verified-email mark for post broker login flows of IdPs that are not OIDC. */
@AutoService(AuthenticatorFactory.class)
public final class VerifiedEmailAuthenticatorFactory extends PackAuthenticatorFactory {

    public VerifiedEmailAuthenticatorFactory() {
        super("orgsso-mark-email-verified", "OrgSSO: Mark email verified by code",
                "After a first sign-up confirmed by the emailed code, marks the account's email verified.",
                "orgsso-signup", VerifiedEmailAuthenticator::new);
    }
}
