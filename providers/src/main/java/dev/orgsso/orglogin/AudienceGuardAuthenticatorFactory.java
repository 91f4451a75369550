package dev.orgsso.orglogin;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the audience guard for first-broker-login and post-broker-login flows. */
public final class AudienceGuardAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "orgsso-audience-guard";
    private static final AudienceGuardAuthenticator SINGLETON = new AudienceGuardAuthenticator();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "OrgSSO: Audience guard";
    }

    @Override
    public String getHelpText() {
        return "Refuses a sign-in when the IdP's audience (config 'orgsso.audience') differs from the client's"
                + " (attribute 'orgsso.audience'); both default to 'users'.";
    }

    @Override
    public String getReferenceCategory() {
        return "organization";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
