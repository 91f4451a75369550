package dev.orgsso.orglogin;

import com.google.auto.service.AutoService;
import dev.orgsso.authenticator.PackAuthenticatorFactory;
import dev.orgsso.core.SignedIn;
import java.util.List;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers "Enter your organisation" for browser flows; one config per audience's flow. */
@AutoService(AuthenticatorFactory.class)
public final class OrganisationLoginAuthenticatorFactory extends PackAuthenticatorFactory {

    public static final String ID = "orgsso-organisation-login";

    public OrganisationLoginAuthenticatorFactory() {
        super(ID, "OrgSSO: Enter your organisation",
                "Asks for the organisation's name (or takes it from a direct link, the remembered organisation or the"
                        + " login hint) and redirects to that organisation's identity provider for this audience.",
                "organization", OrganisationLoginAuthenticator::new);
    }

    /** The organisation is remembered when a sign-in completes (published by the pack's login protocol). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof SignedIn signedIn) {
                RememberedOrganisation.onSignedIn(signedIn);
            }
        });
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.ALTERNATIVE, Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(OrganisationLoginConfig.MODE).label("SSO mode")
                .helpText("button: the login form plus 'Log in with SSO'. automatic: straight to the organisation's IdP"
                        + " whenever the organisation is known (direct link, remembered, login_hint domain).")
                .type(ProviderConfigProperty.LIST_TYPE).options("button", "automatic").defaultValue("button").add()
                .property().name(OrganisationLoginConfig.AUDIENCE).label("Audience")
                .helpText("Only IdPs of this audience (IdP config 'orgsso.audience', default 'users') are offered.")
                .type(ProviderConfigProperty.LIST_TYPE).options("users", "agents").defaultValue("users").add()
                .property().name(OrganisationLoginConfig.REMEMBER_DAYS).label("Remember organisation (days)")
                .helpText("How long the browser remembers the last organisation; 0 turns it off.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("365").add()
                .build();
    }
}
