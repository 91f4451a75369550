package dev.orgsso.onboarding;

import dev.orgsso.core.IdpConnection;
import org.keycloak.Config;

/**
 * Server-wide settings of the federation capability, from Keycloak's SPI options of the {@code orgsso}
 * realm resource, e.g. {@code --spi-realm-restapi-extension--orgsso--entra-authority=...}. The
 * authorities are options so that tests (and sovereign clouds such as login.microsoftonline.us) can
 * point them elsewhere.
 */
public record FederationSettings(String entraAuthority, String jumpcloudIssuer, long secretExpiryIntervalSeconds,
                                 IdpConnection idpConnection) {

    public static FederationSettings from(Config.Scope config) {
        return new FederationSettings(
                trimSlash(config.get("entraAuthority", "https://login.microsoftonline.com")),
                config.get("jumpcloudIssuer", "https://oauth.id.jumpcloud.com/"),
                Math.max(1, config.getLong("secretExpiryIntervalSeconds", 3600L)),
                IdpConnection.from(config));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
