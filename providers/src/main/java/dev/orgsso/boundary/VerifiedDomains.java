package dev.orgsso.boundary;

import java.util.Locale;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

/** The organisation that verified a domain: Keycloak's domain lookup, counted only when the domain is verified. */
public final class VerifiedDomains {

    private VerifiedDomains() {
    }

    /** The enabled organisation that holds {@code domain} as a verified domain, or null. */
    public static OrganizationModel owner(KeycloakSession session, String domain) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (orgs == null || domain == null || domain.isBlank() || domain.length() > 255) {
            return null;
        }
        String name = domain.strip().toLowerCase(Locale.ROOT);
        OrganizationModel org;
        try {
            org = orgs.getByDomainName(name);
        } catch (RuntimeException notADomain) {
            return null;
        }
        if (org == null || !org.isEnabled()) {
            return null;
        }
        return org.getDomains().anyMatch(d -> d.isVerified() && name.equalsIgnoreCase(d.getName())) ? org : null;
    }
}
