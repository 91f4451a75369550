package dev.orgsso.handoff;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

/**
 * Seals the handoff secret a realm import brought in clear, in a transaction of its own, once per
 * cluster: the first handoffs after an import arrive together, one of them seals it and the others'
 * writes fail on the database's optimistic lock, which only means somebody else did it.
 */
final class ImportedSecret {

    private static final Logger LOG = Logger.getLogger(ImportedSecret.class);

    private ImportedSecret() {
    }

    static void sealOnce(KeycloakSession session, RealmModel realm, OrganizationModel org) {
        String realmId = realm.getId();
        String orgId = org.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), job -> {
                RealmModel jobRealm = job.realms().getRealm(realmId);
                job.getContext().setRealm(jobRealm);
                OrganizationModel jobOrg = job.getProvider(OrganizationProvider.class).getById(orgId);
                if (jobOrg != null) {
                    new HandoffSettings(jobOrg).sealImportedSecret(new SecretVault(job, jobRealm));
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("orgsso handoff: the imported secret of %s was sealed by another request (%s)", org.getAlias(), e.toString());
        }
    }
}
