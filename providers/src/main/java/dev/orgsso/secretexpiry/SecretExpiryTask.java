package dev.orgsso.secretexpiry;

import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpConnection;
import dev.orgsso.core.OutsideUrls;
import dev.orgsso.onboarding.SamlKeyRefresh;
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
 * Looks for IdP credentials that expire soon: OIDC client secrets and SAML signing certificates, whose
 * pinned copies it first refreshes from each SAML IdP's metadata URL ({@link SamlKeyRefresh}), so the
 * warnings speak of the certificates the IdP really uses. It runs on Keycloak's timer through
 * {@link ClusterAwareScheduledTaskRunner}, so one node of a cluster runs it per interval; the stage
 * remembered on each IdP keeps a warning from being given twice even if two runs overlap a restart.
 */
public final class SecretExpiryTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(SecretExpiryTask.class);

    static final String NAME = "orgsso-secret-expiry";

    private final IdpConnection connection;
    private final OutsideUrls outside;

    private SecretExpiryTask(IdpConnection connection, OutsideUrls outside) {
        this.connection = connection;
        this.outside = outside;
    }

    /**
     * @param connection timeouts of calls to customers' IdPs
     * @param outside    the rules for metadata URLs typed on a setup page
     */
    public static void schedule(KeycloakSessionFactory factory, long intervalSeconds, IdpConnection connection, OutsideUrls outside) {
        long interval = intervalSeconds * 1000L;
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class).schedule(
                    new ClusterAwareScheduledTaskRunner(factory, new SecretExpiryTask(connection, outside), interval), interval, NAME);
        }
    }

    @Override
    public void run(KeycloakSession session) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<RealmModel> realms = session.realms().getRealmsStream().filter(RealmModel::isOrganizationsEnabled).toList();
        for (RealmModel realm : realms) {
            session.getContext().setRealm(realm);
            refreshSamlKeys(session);
            SecretExpiry.dated(session, realm).forEach(idp -> {
                Integer stage = SecretExpiry.due(idp, today);
                if (stage != null) {
                    SecretExpiryWarning.raise(session, realm, idp, idp.credentialDaysLeft());
                    SecretExpiry.markWarned(session, idp.model(), stage);
                    // Before the day: the organisation's IT contact gets a link that renews the secret. A failure
                    // there costs that mail only, never the other IdPs' warnings.
                    try {
                        SetupRenewal.offer(session, idp.model(), idp.credentialDaysLeft());
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "orgsso secret expiry: no renewal link for idp %s", idp.model().getAlias());
                    }
                }
            });
        }
    }

    /** One IdP's unreachable or changed metadata costs that IdP's refresh only. */
    private void refreshSamlKeys(KeycloakSession session) {
        session.identityProviders().getAllStream(java.util.Map.of(), null, null)
                .filter(idp -> new FederatedIdp(idp).samlVendor() != null).toList()
                .forEach(idp -> {
                    try {
                        SamlKeyRefresh.refresh(session, idp, connection, outside);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "orgsso saml keys: idp %s not refreshed", idp.getAlias());
                    }
                });
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
