package dev.orgsso.signup;

import com.google.auto.service.AutoService;
import dev.orgsso.authenticator.PackAuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorFactory;

/** Registers just-in-time account creation that turns a lost race into the clean refusal. */
@AutoService(AuthenticatorFactory.class)
public final class CreateAccountAuthenticatorFactory extends PackAuthenticatorFactory {

    public CreateAccountAuthenticatorFactory() {
        super("orgsso-create-account", "OrgSSO: Create the account",
                "Creates the account from the IdP's claims (Keycloak's create-user-if-unique); a sign-up that lost a race"
                        + " for the same email to the database's unique constraint gets the 'email in use' page.",
                "orgsso-signup", CreateAccountAuthenticator::new);
    }
}
