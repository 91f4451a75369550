package dev.orgsso.signup;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/** The alias of the organisation an IdP belongs to, for the sign-up events (operators search by organisation). */
final class IdpOrganisation {

    private IdpOrganisation() {
    }

    static String alias(KeycloakSession session, IdentityProviderModel idp) {
        String id = idp == null ? null : idp.getOrganizationId();
        OrganizationProvider orgs = id == null ? null : session.getProvider(OrganizationProvider.class);
        OrganizationModel org = orgs == null ? null : orgs.getById(id);
        return org == null ? null : org.getAlias();
    }
}
