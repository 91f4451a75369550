package dev.orgsso.audience;

import com.google.auto.service.AutoService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProviderFactory;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;

/**
 * Takes the place of Keycloak's {@code default} refresh token provider (same id, higher order), so every
 * refresh is checked by {@link AudienceRefreshTokens}. The order stays below the OID4VCI provider's (10),
 * which Keycloak asks first for its own tokens.
 */
@AutoService(RefreshTokenProviderFactory.class)
public final class AudienceRefreshTokensFactory extends DefaultRefreshTokenProviderFactory {

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new AudienceRefreshTokens(session);
    }

    @Override
    public int order() {
        return 5;
    }
}
