package dev.orgsso.scim;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * What one SCIM request works in: its Keycloak session and realm, the organisation its token belongs to
 * (and Keycloak's organization provider), the token's id (events name it) and the organisation's SCIM
 * base URL (resources' {@code meta.location}). Users and Groups share it.
 */
record ScimScope(KeycloakSession session, RealmModel realm, OrganizationModel org, OrganizationProvider orgs, String tokenId,
                 String baseUrl) {

    static ScimScope of(KeycloakSession session, OrganizationModel org, String tokenId, String baseUrl) {
        return new ScimScope(session, session.getContext().getRealm(), org, session.getProvider(OrganizationProvider.class),
                tokenId, baseUrl);
    }
}
