package dev.orgsso.orglogin;

import java.util.List;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * Finds an organisation and the IdPs it offers to one audience. Lookups go through Keycloak's
 * OrganizationProvider by alias or email domain (indexed queries, cached by Keycloak), never a scan.
 */
final class OrganisationDirectory {

    enum Outcome { FOUND, UNKNOWN, NO_IDP }

    record Lookup(Outcome outcome, String alias, OrganizationModel organization, List<IdentityProviderModel> identityProviders) {
        IdentityProviderModel only() {
            return identityProviders.size() == 1 ? identityProviders.get(0) : null;
        }

        IdentityProviderModel find(String idpAlias) {
            return identityProviders.stream().filter(i -> i.getAlias().equals(idpAlias)).findFirst().orElse(null);
        }
    }

    private final OrganizationProvider organizations;
    private final Audience audience;

    OrganisationDirectory(KeycloakSession session, Audience audience) {
        this.organizations = session.getProvider(OrganizationProvider.class);
        this.audience = audience;
    }

    Lookup byAlias(String alias) {
        return lookup(alias, organizations == null ? null : organizations.getByAlias(alias));
    }

    /** The organisation whose domain matches the email's; null when none does (not an error: just unknown). */
    Lookup byEmailDomain(String email) {
        String domain = email == null ? null : Organizations.getEmailDomain(email);
        if (domain == null || organizations == null) {
            return null;
        }
        OrganizationModel org = organizations.getByDomainName(domain);
        return org == null ? null : lookup(org.getAlias(), org);
    }

    private Lookup lookup(String alias, OrganizationModel org) {
        // A disabled organisation answers like an unknown one: nothing to tell a stranger about it.
        if (org == null || !org.isEnabled()) {
            return new Lookup(Outcome.UNKNOWN, alias, null, List.of());
        }
        List<IdentityProviderModel> idps = organizations.getIdentityProviders(org)
                .filter(IdentityProviderModel::isEnabled)
                .filter(idp -> Audience.of(idp) == audience)
                .toList();
        return new Lookup(idps.isEmpty() ? Outcome.NO_IDP : Outcome.FOUND, org.getAlias(), org, idps);
    }
}
