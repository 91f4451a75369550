package dev.orgsso.federation;

import com.google.auto.service.AutoService;
import dev.orgsso.core.IdpConnection;
import dev.orgsso.core.OutsideUrls;
import org.keycloak.Config;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.IdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * Takes the place of Keycloak's {@code oidc} IdP factory (same id, higher order: Keycloak keeps the
 * factory with the highest order among those of one id), so onboarded IdPs stay ordinary OIDC IdPs in
 * the admin console and realm exports. What {@link PackOidcProvider} adds: the audience guard,
 * the sign-up's verified email, the customer IdPs' timeouts and bulkhead, and the page for refused client secrets.
 */
@AutoService(IdentityProviderFactory.class)
public final class PackOidcProviderFactory extends OIDCIdentityProviderFactory {

    /** Read once at start-up from the pack's server options; not mutated afterwards. */
    private IdpConnection connection = IdpConnection.defaults();
    /** This node's calls in flight per customer IdP (a per-node bulkhead, see {@link Bulkhead}). */
    private Bulkhead bulkhead = new Bulkhead(connection.maxInFlight());
    /** This node's client for connections whose URLs came from outside (a setup link's); closed with the factory. */
    private OutsideUrls outside;

    @Override
    public OIDCIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new PackOidcProvider(session, new OIDCIdentityProviderConfig(model), connection, bulkhead, outside);
    }

    @Override
    public void init(Config.Scope config) {
        super.init(config);
        connection = IdpConnection.fromServerOptions();
        bulkhead = new Bulkhead(connection.maxInFlight());
        outside = OutsideUrls.from(IdpConnection.serverOptions());
    }

    @Override
    public void close() {
        super.close();
        if (outside != null) {
            try {
                outside.close();
            } catch (java.io.IOException e) {
                // The node is stopping: its idle connections to customers' IdPs go with it.
            }
        }
    }

    @Override
    public int order() {
        return 10;
    }
}
