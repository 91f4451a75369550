package dev.orgsso.web;

import com.google.auto.service.AutoService;
import dev.orgsso.onboarding.FederationSettings;
import dev.orgsso.secretexpiry.SecretExpiryTask;
import dev.orgsso.setup.SetupSettings;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the pack's HTTP endpoints under {@code /realms/{realm}/orgsso/} and schedules the secret-expiry check. */
@AutoService(RealmResourceProviderFactory.class)
public final class OrgSsoResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "orgsso";

    /** Read once at start-up from the SPI options; not mutated afterwards. */
    private FederationSettings federation;
    /** Likewise; its client for outside URLs is this node's (closed with the factory). */
    private SetupSettings setup;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new OrgSsoResource(session, federation, setup);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        federation = FederationSettings.from(config);
        setup = SetupSettings.from(config, federation);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SecretExpiryTask.schedule(factory, federation.secretExpiryIntervalSeconds(), federation.idpConnection(), setup.outside());
    }

    @Override
    public void close() {
        if (setup != null) {
            try {
                setup.outside().close();
            } catch (java.io.IOException e) {
                // The node is stopping: its idle connections to customers' IdPs go with it.
            }
        }
    }
}
