package dev.orgsso.federation;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.broker.provider.IdentityProviderFactory;
import org.keycloak.broker.saml.SAMLIdentityProvider;
import org.keycloak.broker.saml.SAMLIdentityProviderConfig;
import org.keycloak.broker.saml.SAMLIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.saml.validators.DestinationValidator;

/**
 * Takes the place of Keycloak's {@code saml} IdP factory (same id, higher order), as
 * {@link PackOidcProviderFactory} does for {@code oidc}: SAML IdPs stay ordinary SAML IdPs in the admin
 * console and realm exports, and {@link PackSamlProvider} applies the pack's rules on every sign-in.
 */
@AutoService(IdentityProviderFactory.class)
public final class PackSamlProviderFactory extends SAMLIdentityProviderFactory {

    /** Keycloak's factory keeps its validator private (26.7): built here from the same option. */
    private DestinationValidator destinationValidator;

    @Override
    public SAMLIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new PackSamlProvider(session, new SAMLIdentityProviderConfig(model), destinationValidator);
    }

    @Override
    public void init(Config.Scope config) {
        super.init(config);
        destinationValidator = DestinationValidator.forProtocolMap(config.getArray("knownProtocols"));
    }

    @Override
    public int order() {
        return 10;
    }
}
