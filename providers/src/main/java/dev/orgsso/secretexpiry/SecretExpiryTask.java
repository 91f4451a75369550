package dev.orgsso.secretexpiry;

import dev.orgsso.setup.SetupRenewal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Looks for IdP client secrets that expire soon. It runs on Keycloak's timer through
 * {@link ClusterAwareScheduledTaskRunner}, so one node of a cluster runs it per interval; the stage
 * remembered on each IdP keeps a warning from being given twice even if two runs overlap a restart.
 */
public final class SecretExpiryTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(SecretExpiryTask.class);

    static final String NAME = "orgsso-secret-expiry";

    public static void schedule(KeycloakSessionFactory factory, long intervalSeconds) {
        long interval = intervalSeconds * 1000L;
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class).schedule(
                    new ClusterAwareScheduledTaskRunner(factory, new SecretExpiryTask(), interval), interval, NAME);
        }
    }

    @Override
    public void run(KeycloakSession session) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<RealmModel> realms = session.realms().getRealmsStream().filter(RealmModel::isOrganizationsEnabled).toList();
        for (RealmModel realm : realms) {
            session.getContext().setRealm(realm);
            SecretExpiry.dated(session, realm).forEach(idp -> {
                Integer stage = SecretExpiry.due(idp, today);
                if (stage != null) {
                    SecretExpiryWarning.raise(session, realm, idp, idp.secretDaysLeft());
                    SecretExpiry.markWarned(session, idp.model(), stage);
                    // Before the day: the organisation's IT contact gets a link that renews the secret. A failure
                    // there costs that mail only, never the other IdPs' warnings.
                    try {
                        SetupRenewal.offer(session, idp.model(), idp.secretDaysLeft());
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "orgsso secret expiry: no renewal link for idp %s", idp.model().getAlias());
                    }
                }
            });
        }
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
