package dev.orgsso.core;

import org.apache.http.client.config.RequestConfig;
import org.keycloak.Config;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.models.KeycloakSession;

/**
 * How the pack calls a customer's IdP (token, userinfo and JWKS at sign-in, discovery at onboarding):
 * with timeouts of its own, shorter than Keycloak's HTTP client defaults, and at most
 * {@link #maxInFlight()} calls to one IdP in flight on a node, so one slow IdP holds only a bounded
 * share of the worker threads. Server options of the pack's realm resource, read once at start-up:
 * {@code --spi-realm-restapi-extension--orgsso--idp-connect-timeout-millis} (default 2000),
 * {@code ...--idp-read-timeout-millis} (5000) and {@code ...--idp-max-in-flight} (16).
 */
public record IdpConnection(int connectTimeoutMillis, int readTimeoutMillis, int maxInFlight) {

    public static IdpConnection defaults() {
        return new IdpConnection(2000, 5000, 16);
    }

    public static IdpConnection from(Config.Scope config) {
        IdpConnection d = defaults();
        return new IdpConnection(
                Math.max(100, config.getInt("idpConnectTimeoutMillis", d.connectTimeoutMillis())),
                Math.max(100, config.getInt("idpReadTimeoutMillis", d.readTimeoutMillis())),
                Math.max(1, config.getInt("idpMaxInFlight", d.maxInFlight())));
    }

    /**
     * The pack's options as Keycloak holds them, for factories of other SPIs (the IdP factory): the scope
     * of the pack's realm resource (Keycloak's {@code realm-restapi-extension} SPI, provider {@code orgsso}).
     */
    public static IdpConnection fromServerOptions() {
        return from(serverOptions());
    }

    /** The pack's server options, as a factory of another SPI reads them. */
    public static Config.Scope serverOptions() {
        return Config.scope("realm-restapi-extension", "orgsso");
    }

    /** Keycloak's HTTP client (its proxy, TLS and connection pool settings) with these timeouts. */
    public SimpleHttp http(KeycloakSession session) {
        return SimpleHttp.create(session).withRequestConfig(RequestConfig.custom()
                .setConnectTimeout(connectTimeoutMillis)
                .setSocketTimeout(readTimeoutMillis)
                .setConnectionRequestTimeout(connectTimeoutMillis)
                .build());
    }
}
