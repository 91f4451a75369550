package dev.orgsso.handoff;

import dev.orgsso.boundary.Agents;
import dev.orgsso.boundary.Audience;
import dev.orgsso.boundary.DomainOwnership;
import dev.orgsso.boundary.Vocabulary;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Finds the handed-over user within the organisation, or creates them just in time as its member.
 * One organisation's secret never signs in anyone outside that organisation, an administrator or an
 * agent, nor an email of a domain the organisation does not own ({@link DomainOwnership}).
 */
final class HandoffUsers {

    static final String EXTERNAL_ID = "orgsso.handoff.externalId";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;

    HandoffUsers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.organizations = session.getProvider(OrganizationProvider.class);
    }

    UserModel findOrCreate(OrganizationModel org, HandoffClaims claims) throws HandoffRefused {
        String externalKey = claims.externalId() == null ? null : org.getId() + ":" + claims.externalId();
        UserModel user = externalKey == null ? null
                : session.users().searchForUserByUserAttributeStream(realm, EXTERNAL_ID, externalKey).findFirst().orElse(null);
        if (user == null) {
            user = session.users().getUserByEmail(realm, claims.email());
        }
        if (Agents.isAgent(realm, user)) {
            throw new HandoffRefused(Vocabulary.AUDIENCE_MISMATCH, 403);
        }
        DomainOwnership.Verdict domain = DomainOwnership.judge(session, org, claims.email(), Audience.USERS);
        if (!domain.allowed()) {
            throw new HandoffRefused(domain == DomainOwnership.Verdict.AGENT ? Vocabulary.AUDIENCE_MISMATCH
                    : Vocabulary.EMAIL_DOMAIN_NOT_ALLOWED, 403, domain.rule);
        }
        if (user != null) {
            if (!organizations.isMember(org, user) || isAdministrator(user)) {
                throw new HandoffRefused("user_outside_organization", 403);
            }
            if (!user.isEnabled()) {
                throw new HandoffRefused("user_disabled", 403);
            }
            if (externalKey != null && user.getFirstAttribute(EXTERNAL_ID) == null) {
                user.setSingleAttribute(EXTERNAL_ID, externalKey);
            }
            return user;
        }
        UserModel created = session.users().addUser(realm, claims.email());
        created.setEnabled(true);
        created.setEmail(claims.email());
        // The customer's own signed token vouches for an email of its own verified domains, not for others.
        created.setEmailVerified(domain == DomainOwnership.Verdict.OWN_DOMAIN);
        created.setFirstName(claims.firstName());
        created.setLastName(claims.lastName());
        if (externalKey != null) {
            created.setSingleAttribute(EXTERNAL_ID, externalKey);
        }
        organizations.addManagedMember(org, created);
        return created;
    }

    private boolean isAdministrator(UserModel user) {
        ClientModel realmManagement = realm.getClientByClientId("realm-management");
        return realmManagement != null && realmManagement.getRolesStream().anyMatch(user::hasRole);
    }
}
