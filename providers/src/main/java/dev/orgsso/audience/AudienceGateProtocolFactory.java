package dev.orgsso.audience;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.LoginProtocolFactory;
import org.keycloak.protocol.oidc.OIDCLoginProtocolFactory;
import org.keycloak.protocol.oidc.OIDCProviderConfig;

/**
 * Takes the place of Keycloak's {@code openid-connect} protocol factory (same id, higher order: Keycloak
 * keeps the factory with the highest order among those of one id), so every OIDC client of every realm
 * keeps Keycloak's protocol and gains the audience rule ({@link AudienceGateProtocol}).
 */
@AutoService(LoginProtocolFactory.class)
public final class AudienceGateProtocolFactory extends OIDCLoginProtocolFactory {

    private OIDCProviderConfig config;

    @Override
    public void init(Config.Scope scope) {
        super.init(scope);
        this.config = new OIDCProviderConfig(scope);
    }

    @Override
    public LoginProtocol create(KeycloakSession session) {
        return new AudienceGateProtocol(config).setSession(session);
    }

    /** Keycloak's is {@link OIDCLoginProtocolFactory#UI_ORDER} (its place in the admin console's protocol list): one above it. */
    @Override
    public int order() {
        return UI_ORDER + 1;
    }
}
