package dev.orgsso.handoff;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Finds the handed-over user within the organisation, or creates them just in time as its member.
 * One organisation's secret never signs in anyone outside that organisation, nor an administrator.
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
        // The customer's own signed token vouches for the email within its organisation.
        created.setEmailVerified(true);
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
