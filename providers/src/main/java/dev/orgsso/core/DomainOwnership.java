package dev.orgsso.core;

import java.util.Locale;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Which emails an organisation's IdPs and handoff may create or sign in. Its own verified domains
 * (Keycloak's organization domain {@code verified} flag) always; another organisation's domains never;
 * any other domain only when the organisation opted in ({@value #OTHER_DOMAINS} = {@code true}, for
 * contractors), and then a handoff does not vouch for the address. An agent's email is never an
 * organisation's to sign in as an end user.
 */
public final class DomainOwnership {

    /** Organisation attribute: {@code true} lets its IdPs and handoff sign in emails outside its verified domains. */
    public static final String OTHER_DOMAINS = "orgsso.allowOtherDomains";

    public enum Verdict {
        /** One of the organisation's own verified domains: the organisation vouches for the address. */
        OWN_DOMAIN(null),
        /** Outside its domains, allowed by the organisation's opt-in: signed in, never marked verified by it. */
        OTHER_DOMAIN_ALLOWED(null),
        OTHER_ORGANISATION("another_organisation"),
        OUTSIDE_ORGANISATION("outside_organisation"),
        AGENT("agent");

        /** The event detail {@link Detail#DOMAIN_RULE} of a refusal; null when allowed. */
        public final String rule;

        Verdict(String rule) {
            this.rule = rule;
        }

        public boolean allowed() {
            return rule == null;
        }
    }

    private DomainOwnership() {
    }

    /**
     * @param audience the audience the sign-in is for: agents' IdPs sign in agents, so the agent rule is
     *                 for end users only
     */
    public static Verdict judge(KeycloakSession session, OrganizationModel org, String email, Audience audience) {
        String domain = VerifiedDomains.domainOf(email);
        if (domain == null) {
            return Verdict.OUTSIDE_ORGANISATION;
        }
        if (audience == Audience.USERS) {
            RealmModel realm = session.getContext().getRealm();
            UserModel holder = session.users().getUserByEmail(realm, email.strip());
            if (holder != null && Agents.isAgent(realm, holder)) {
                return Verdict.AGENT;
            }
        }
        OrganizationDomainModel own = org.getDomains()
                .filter(d -> domain.equals(d.getName().toLowerCase(Locale.ROOT)))
                .findFirst().orElse(null);
        if (own != null && own.isVerified()) {
            return Verdict.OWN_DOMAIN;
        }
        OrganizationModel holderOrg = own != null ? null : VerifiedDomains.holder(session, domain);
        if (holderOrg != null && !holderOrg.getId().equals(org.getId())) {
            return Verdict.OTHER_ORGANISATION;
        }
        return allowsOtherDomains(org) ? Verdict.OTHER_DOMAIN_ALLOWED : Verdict.OUTSIDE_ORGANISATION;
    }

    public static boolean allowsOtherDomains(OrganizationModel org) {
        return OrganisationSetting.isTrue(org, OTHER_DOMAINS);
    }
}
