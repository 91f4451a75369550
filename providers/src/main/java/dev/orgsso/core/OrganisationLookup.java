package dev.orgsso.core;

import java.util.Map;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Finds an organisation by its alias the one way every caller uses (the organisation page, the handoff,
 * the onboarding and handoff admin APIs): what was given is normalised as {@link OrganisationName} does
 * (NFKC, trimmed, lowercase), then looked up. Keycloak caches organizations by id but looks an alias up
 * in the database every time (OrganizationProvider#getByAlias in 26.x), so the alias's id is kept in
 * Keycloak's cluster-wide short-lived store (SingleUseObjectProvider) for {@value #ALIAS_LIFESPAN_SECONDS} s
 * and the organization then comes from Keycloak's cache by id. A kept id is only a hint: the organization
 * it names must still exist under that alias (Keycloak cannot rename an alias; a deleted one is gone from
 * getById), otherwise the database decides. Unknown names are never kept.
 */
public final class OrganisationLookup {

    static final long ALIAS_LIFESPAN_SECONDS = 600;

    private OrganisationLookup() {
    }

    /** The organisation with this alias (as typed or sent), or null when there is none or it cannot be an alias. */
    public static OrganizationModel byAlias(KeycloakSession session, String given) {
        OrganisationName name = OrganisationName.parse(given);
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return name.valid() && organizations != null ? byNormalisedAlias(session, organizations, name.alias()) : null;
    }

    /** The alias of the organisation an IdP belongs to, or null for an IdP of no organisation. */
    public static String aliasOf(KeycloakSession session, IdentityProviderModel idp) {
        OrganizationModel org = of(session, idp);
        return org == null ? null : org.getAlias();
    }

    /** The organisation an IdP belongs to, or null. */
    public static OrganizationModel of(KeycloakSession session, IdentityProviderModel idp) {
        String id = idp == null ? null : idp.getOrganizationId();
        OrganizationProvider organizations = id == null ? null : session.getProvider(OrganizationProvider.class);
        return organizations == null ? null : organizations.getById(id);
    }

    private static OrganizationModel byNormalisedAlias(KeycloakSession session, OrganizationProvider organizations, String alias) {
        String key = "orgsso.org-alias." + session.getContext().getRealm().getId() + "." + alias;
        Map<String, String> kept = session.singleUseObjects().get(key);
        if (kept != null && kept.get("id") != null) {
            OrganizationModel org = organizations.getById(kept.get("id"));
            if (org != null && alias.equals(org.getAlias())) {
                return org;
            }
        }
        OrganizationModel org = organizations.getByAlias(alias);
        if (org != null) {
            session.singleUseObjects().put(key, ALIAS_LIFESPAN_SECONDS, Map.of("id", org.getId()));
        }
        return org;
    }
}
