package dev.orgsso.core;

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
        OrganizationModel org = holder(session, domain);
        if (org == null || !org.isEnabled()) {
            return null;
        }
        String name = domain.strip().toLowerCase(Locale.ROOT);
        return org.getDomains().anyMatch(d -> d.isVerified() && name.equalsIgnoreCase(d.getName())) ? org : null;
    }

    /** The organisation that lists {@code domain} at all (verified or not, enabled or not), or null. */
    public static OrganizationModel holder(KeycloakSession session, String domain) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (orgs == null || domain == null || domain.isBlank() || domain.length() > 255) {
            return null;
        }
        try {
            return orgs.getByDomainName(domain.strip().toLowerCase(Locale.ROOT));
        } catch (RuntimeException notADomain) {
            // Keycloak validates the name first; what is not a domain belongs to nobody.
            return null;
        }
    }

    /** The part after the last {@code @}, lowercase; null when there is none. */
    public static String domainOf(String email) {
        int at = email == null ? -1 : email.strip().lastIndexOf('@');
        String domain = at < 0 ? null : email.strip().substring(at + 1);
        return domain == null || domain.isBlank() ? null : domain.toLowerCase(Locale.ROOT);
    }
}
