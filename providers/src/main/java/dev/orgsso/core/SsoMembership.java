package dev.orgsso.core;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Members of an organisation that signs in with SSO (an enabled end users' IdP, or JWT handoff) use
 * that SSO, not a local password: when the company disables someone at its IdP, a password set here
 * would outlive it. An organisation that wants passwords as a fallback says so ({@value #PASSWORD_FALLBACK}).
 */
public final class SsoMembership {

    /** Organisation attribute: JWT handoff is on (the handoff feature's own switch). */
    public static final String HANDOFF_ENABLED = "orgsso.handoff.enabled";
    /** Organisation attribute: {@code true} lets its members keep signing in with a local password. */
    public static final String PASSWORD_FALLBACK = "orgsso.passwordFallback";

    private SsoMembership() {
    }

    /** The SSO organisation whose rule binds this user (they are its member), or null when none does. */
    public static OrganizationModel of(KeycloakSession session, UserModel user) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (orgs == null || user == null) {
            return null;
        }
        return orgs.getByMember(user).filter(org -> enforces(session, org)).findFirst().orElse(null);
    }

    /** The SSO organisation that verified this email's domain, or null (home realm discovery by email). */
    public static OrganizationModel byEmail(KeycloakSession session, String email) {
        String domain = VerifiedDomains.domainOf(email);
        OrganizationModel org = domain == null ? null : VerifiedDomains.owner(session, domain);
        return org != null && enforces(session, org) ? org : null;
    }

    /** True when the organisation signs in by SSO and did not keep passwords as a fallback. */
    public static boolean enforces(KeycloakSession session, OrganizationModel org) {
        return org.isEnabled() && !OrganisationSetting.isTrue(org, PASSWORD_FALLBACK) && hasSso(session, org);
    }

    public static boolean hasSso(KeycloakSession session, OrganizationModel org) {
        return OrganisationSetting.isTrue(org, HANDOFF_ENABLED)
                || session.identityProviders().getByOrganization(org.getId(), null, null)
                        .anyMatch(idp -> FederatedIdp.offered(idp) && Audience.of(idp) == Audience.USERS);
    }
}
