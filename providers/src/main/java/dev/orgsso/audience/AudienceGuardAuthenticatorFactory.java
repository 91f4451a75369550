package dev.orgsso.audience;

import com.google.auto.service.AutoService;
import dev.orgsso.authenticator.PackAuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorFactory;

/** Registers the audience guard step (first broker login; post broker login for IdPs that are not OIDC). */
@AutoService(AuthenticatorFactory.class)
public final class AudienceGuardAuthenticatorFactory extends PackAuthenticatorFactory {

    public static final String ID = "orgsso-audience-guard";

    public AudienceGuardAuthenticatorFactory() {
        super(ID, "OrgSSO: Audience guard",
                "Refuses a sign-in when the IdP's audience (config 'orgsso.audience') differs from the client's"
                        + " (attribute 'orgsso.audience'); both default to 'users'.",
                "organization", AudienceGuardAuthenticator::new);
    }
}
