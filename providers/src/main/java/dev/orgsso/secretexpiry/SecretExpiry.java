package dev.orgsso.secretexpiry;

import dev.orgsso.core.FederatedIdp;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * When a connection's credential expires (an OIDC IdP's client secret, a SAML IdP's signing
 * certificates) and which warning is due. Warnings are given at 30, 7 and 1 days before and on the day
 * (or after); each once, remembered on the IdP so a restart or a second node does not repeat it.
 */
final class SecretExpiry {

    static final List<Integer> STAGES = List.of(30, 7, 1, 0);

    private SecretExpiry() {
    }

    /** The pack's IdPs of the realm whose credential has an expiry date. */
    static Stream<FederatedIdp> dated(KeycloakSession session, RealmModel realm) {
        return session.identityProviders().getAllStream(java.util.Map.of(), null, null)
                .map(FederatedIdp::new)
                .filter(idp -> idp.credentialExpiresAt() != null);
    }

    /** The warning stage for so many days left: 30, 7, 1, 0, or {@code null} when none is due yet. */
    static Integer stage(long daysLeft) {
        Integer due = null;
        for (int stage : STAGES) {
            if (daysLeft <= stage) {
                due = stage;
            }
        }
        return due;
    }

    /** The stage to warn about now, or {@code null} when that stage (or a later one) was already given. */
    static Integer due(FederatedIdp idp, LocalDate today) {
        Integer stage = stage(java.time.temporal.ChronoUnit.DAYS.between(today, idp.credentialExpiresAt()));
        Integer warned = idp.warnedStage();
        return stage == null || (warned != null && warned <= stage) ? null : stage;
    }

    static void markWarned(KeycloakSession session, IdentityProviderModel idp, int stage) {
        idp.getConfig().put(FederatedIdp.SECRET_EXPIRY_WARNED, Integer.toString(stage));
        session.identityProviders().update(idp);
    }
}
