package dev.orgsso.orglogin;

import dev.orgsso.core.Audience;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.OrganisationName;
import dev.orgsso.core.VerifiedDomains;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * Finds an organisation and the IdPs it offers to one audience, never by a scan: by alias through the
 * pack's one {@link OrganisationLookup}, by email or domain through Keycloak's verified domains, by name
 * through Keycloak's bounded search. IdPs come from Keycloak's IdP store, which caches them by organization.
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

    /** Names that contain the typed text, of which the exact match is picked; more would be a customer list. */
    private static final int NAME_CANDIDATES = 20;

    private final KeycloakSession session;
    private final OrganizationProvider organizations;
    private final Audience audience;

    OrganisationDirectory(KeycloakSession session, Audience audience) {
        this.session = session;
        this.organizations = session.getProvider(OrganizationProvider.class);
        this.audience = audience;
    }

    /** @param alias a normalised alias ({@link OrganisationName#alias()}) */
    Lookup byAlias(String alias) {
        return lookup(alias, OrganisationLookup.byAlias(session, alias));
    }

    /**
     * Home realm discovery: what people type when they do not know the alias. An email or a domain finds
     * the organisation that verified that domain; anything else is compared with the organisations'
     * names, case and spaces ignored, exact only (a near match is never suggested: that would list
     * customers). Null when nothing matches.
     */
    Lookup byWhatTheyKnow(String typed) {
        if (typed == null || typed.isBlank() || typed.length() > OrganisationName.MAX_LENGTH * 4 || organizations == null) {
            return null;
        }
        String s = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
        boolean email = s.indexOf('@') >= 0;
        if (email || s.indexOf('.') > 0 && s.indexOf(' ') < 0) {
            OrganizationModel org = VerifiedDomains.owner(session, email ? VerifiedDomains.domainOf(s) : s);
            if (org != null || email) {
                return org == null ? null : lookup(org.getAlias(), org);
            }
        }
        String key = nameKey(s);
        String search = s.replaceAll("\\s+", " ");
        return organizations.getAllStream(search, false, 0, NAME_CANDIDATES)
                .filter(org -> org.getName() != null && key.equals(nameKey(org.getName())))
                .findFirst().map(org -> lookup(org.getAlias(), org)).orElse(null);
    }

    /** How a name compares: NFKC, lowercase, without white space. */
    static String nameKey(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }

    /** The organisation whose domain matches the email's; null when none does (not an error: just unknown). */
    Lookup byEmailDomain(String email) {
        String domain = email == null ? null : Organizations.getEmailDomain(email);
        if (domain == null || organizations == null) {
            return null;
        }
        OrganizationModel org = VerifiedDomains.owner(session, domain);
        return org == null ? null : lookup(org.getAlias(), org);
    }

    private Lookup lookup(String alias, OrganizationModel org) {
        // A disabled organisation answers like an unknown one: nothing to tell a stranger about it.
        if (org == null || !org.isEnabled()) {
            return new Lookup(Outcome.UNKNOWN, alias, null, List.of());
        }
        // Straight from the IdP store, which caches them by organization.
        List<IdentityProviderModel> idps = session.identityProviders().getByOrganization(org.getId(), null, null)
                .filter(FederatedIdp::offered)
                .filter(idp -> Audience.of(idp) == audience)
                .toList();
        return new Lookup(idps.isEmpty() ? Outcome.NO_IDP : Outcome.FOUND, org.getAlias(), org, idps);
    }
}
