package dev.orgsso.web;

import com.google.auto.service.AutoService;
import dev.orgsso.onboarding.FederationSettings;
import dev.orgsso.secretexpiry.SecretExpiryTask;
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

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new OrgSsoResource(session, federation);
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
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SecretExpiryTask.schedule(factory, federation.secretExpiryIntervalSeconds());
    }

    @Override
    public void close() {
    }
}
