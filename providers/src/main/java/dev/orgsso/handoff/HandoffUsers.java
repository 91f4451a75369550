package dev.orgsso.handoff;

import dev.orgsso.core.Agents;
import dev.orgsso.core.Audience;
import dev.orgsso.core.DomainOwnership;
import dev.orgsso.core.Reason;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

/**
 * Finds the handed-over user within the organisation, or creates them just in time as its member.
 * One organisation's secret never signs in anyone outside that organisation, an administrator or an
 * agent, nor an email of a domain the organisation does not own ({@link DomainOwnership}).
 */
final class HandoffUsers {

    static final String EXTERNAL_ID = "orgsso.handoff.externalId";
    private static final Logger LOG = Logger.getLogger(HandoffUsers.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;

    HandoffUsers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.organizations = session.getProvider(OrganizationProvider.class);
    }

    /** Who the token names and whether they may be signed in, decided without writing (so a refusal uses up no jti). */
    record Admission(UserModel existing, String externalKey, boolean vouched) {
    }

    Admission admit(OrganizationModel org, HandoffClaims claims) throws HandoffRefused {
        String externalKey = claims.externalId() == null ? null : org.getId() + ":" + claims.externalId();
        UserModel user = externalKey == null ? null
                : session.users().searchForUserByUserAttributeStream(realm, EXTERNAL_ID, externalKey).findFirst().orElse(null);
        if (user == null) {
            user = session.users().getUserByEmail(realm, claims.email());
        }
        if (Agents.isAgent(realm, user)) {
            throw new HandoffRefused(Reason.AUDIENCE_MISMATCH, 403);
        }
        DomainOwnership.Verdict domain = DomainOwnership.judge(session, org, claims.email(), Audience.USERS);
        if (!domain.allowed()) {
            throw new HandoffRefused(domain == DomainOwnership.Verdict.AGENT ? Reason.AUDIENCE_MISMATCH
                    : Reason.EMAIL_DOMAIN_NOT_ALLOWED, 403, domain.rule);
        }
        if (user != null) {
            if (!organizations.isMember(org, user) || isAdministrator(user)) {
                throw new HandoffRefused(Reason.USER_OUTSIDE_ORGANIZATION, 403);
            }
            if (!user.isEnabled()) {
                throw new HandoffRefused(Reason.USER_DISABLED, 403);
            }
        }
        return new Admission(user, externalKey, domain == DomainOwnership.Verdict.OWN_DOMAIN);
    }

    /** Signs the admitted user in: the existing member, or a new one created just in time. */
    UserModel findOrCreate(OrganizationModel org, HandoffClaims claims, Admission admission) throws HandoffRefused {
        UserModel user = admission.existing();
        String externalKey = admission.externalKey();
        if (user != null) {
            if (externalKey != null && user.getFirstAttribute(EXTERNAL_ID) == null) {
                user.setSingleAttribute(EXTERNAL_ID, externalKey);
            }
            List<String> used = UsedTokens.remember(user.getAttributeStream(UsedTokens.ATTRIBUTE).toList(), claims, Time.currentTime());
            if (used == null) {
                throw new HandoffRefused(Reason.JTI_REPLAYED, 409);
            }
            user.setAttribute(UsedTokens.ATTRIBUTE, used);
            return user;
        }
        create(org, claims, externalKey, admission.vouched());
        UserModel created = session.users().getUserByEmail(realm, claims.email());
        if (created == null) {
            // Neither this request nor a concurrent one could create it (the database refused): try again.
            throw new HandoffRefused(Reason.ACCOUNT_NOT_CREATED, 503);
        }
        if (!organizations.isMember(org, created)) {
            throw new HandoffRefused(Reason.USER_OUTSIDE_ORGANIZATION, 403);
        }
        return created;
    }

    /**
     * Creates the member in a transaction of its own, committed before this request signs anyone in: of
     * several first handoffs of one person at the same moment, one creates the account and the others,
     * refused by the database's unique email, find it and sign in as the same user (not Keycloak's raw
     * 409 when this request's own commit would fail after its answer was written).
     */
    private void create(OrganizationModel org, HandoffClaims claims, String externalKey, boolean vouched) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), s -> {
                RealmModel r = s.realms().getRealm(realm.getId());
                UserModel created = s.users().addUser(r, claims.email());
                created.setEnabled(true);
                created.setEmail(claims.email());
                // The customer's own signed token vouches for an email of its own verified domains, not for others.
                created.setEmailVerified(vouched);
                created.setFirstName(claims.firstName());
                created.setLastName(claims.lastName());
                if (externalKey != null) {
                    created.setSingleAttribute(EXTERNAL_ID, externalKey);
                }
                created.setAttribute(UsedTokens.ATTRIBUTE, UsedTokens.remember(List.of(), claims, Time.currentTime()));
                OrganizationProvider orgs = s.getProvider(OrganizationProvider.class);
                orgs.addManagedMember(orgs.getById(org.getId()), created);
            });
        } catch (RuntimeException raced) {
            // Most likely another handoff of the same person committed first; the caller looks the account up.
            LOG.debugf("orgsso handoff: creating a member of %s lost to another request: %s", org.getAlias(), raced.getMessage());
        }
    }

    private boolean isAdministrator(UserModel user) {
        ClientModel realmManagement = realm.getClientByClientId("realm-management");
        return realmManagement != null && realmManagement.getRolesStream().anyMatch(user::hasRole);
    }
}
