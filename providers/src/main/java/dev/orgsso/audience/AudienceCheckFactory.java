package dev.orgsso.audience;

import com.google.auto.service.AutoService;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Registers {@link AudienceCheck} and keeps it enabled in every realm: Keycloak only evaluates the
 * required actions a realm lists, so a realm created or imported later gets it at creation, and the
 * realms that exist get it once the server's database is migrated at start-up.
 */
@AutoService(RequiredActionFactory.class)
public final class AudienceCheckFactory implements RequiredActionFactory {

    public static final String ID = "orgsso-audience";
    private static final Logger LOG = Logger.getLogger(AudienceCheckFactory.class);
    private static final AudienceCheck CHECK = new AudienceCheck();

    @Override
    public String getDisplayText() {
        return "OrgSSO: audience check (end users never reach agents' apps)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return CHECK;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ensure(created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> s.realms().getRealmsStream().forEach(AudienceCheckFactory::ensure));
                } catch (RuntimeException raced) {
                    // Another node registered it at the same moment; its write stands.
                    LOG.debugf("orgsso: audience check already being registered elsewhere: %s", raced.getMessage());
                }
            }
        });
    }

    static void ensure(RealmModel realm) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(ID);
        if (model == null) {
            model = new RequiredActionProviderModel();
            model.setAlias(ID);
            model.setProviderId(ID);
            model.setName("OrgSSO: audience check");
            model.setEnabled(true);
            model.setDefaultAction(false);
            model.setPriority(1);
            realm.addRequiredActionProvider(model);
        } else if (!model.isEnabled()) {
            LOG.warnf("orgsso: realm %s has the audience check disabled: end users' sessions can get agents' clients' codes"
                    + " with prompt=none (interactive sign-ins are still refused)", realm.getName());
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
