package dev.orgsso.setup;

import dev.orgsso.core.VerifiedDomains;
import java.net.IDN;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;

/**
 * Proof that an organisation owns an email domain: the IT admin claims the domain, adds the TXT record
 * the page names, and the pack looks it up. A proved domain becomes a verified domain of the
 * organization, which decides who may sign up and where a typed email goes. The challenge is kept on
 * the organisation (attribute {@code orgsso.domainChallenge.<domain>}), so a new setup link does not
 * ask for a new record.
 */
final class DomainProofs {

    static final String CHALLENGE_PREFIX = "orgsso.domainChallenge.";
    private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    /** Why a claim or a check did not prove the domain; each has a sentence on the page. */
    enum Problem { INVALID, PUBLIC_MAIL, OTHER_ORGANISATION, NOT_CLAIMED, NO_RECORD, WRONG_RECORD, DNS_UNAVAILABLE }

    /** A claimed domain as the page lists it. */
    record Claim(String domain, boolean verified, String recordName, String recordValue) {
    }

    static final class Refused extends Exception {
        private final Problem problem;

        Refused(Problem problem) {
            super(problem.name(), null, false, false);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    private final KeycloakSession session;
    private final DnsTxt dns;

    DomainProofs(KeycloakSession session, DnsTxt dns) {
        this.session = session;
        this.dns = dns;
    }

    /** What the IT admin typed, as a domain name (lowercase, IDNs in their ASCII form), or refused. */
    static String normalise(String typed) throws Refused {
        String s = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            s = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new Refused(Problem.INVALID);
        }
        // The challenge is kept in an attribute named after the domain: Keycloak allows 255 characters.
        if (!DOMAIN.matcher(s).matches() || CHALLENGE_PREFIX.length() + s.length() > 255) {
            throw new Refused(Problem.INVALID);
        }
        return s;
    }

    /** Claims a domain for the organisation: its TXT record to add (the same one when claimed again). */
    Claim claim(OrganizationModel org, String typed) throws Refused {
        String domain = normalise(typed);
        refuseOthers(org, domain);
        if (verified(org).contains(domain)) {
            return new Claim(domain, true, null, null);
        }
        String token = challenge(org, domain);
        if (token == null) {
            token = SecretGenerator.getInstance().randomString(32);
            Map<String, List<String>> attributes = new HashMap<>(org.getAttributes());
            attributes.put(CHALLENGE_PREFIX + domain, List.of(token));
            org.setAttributes(attributes);
        }
        return new Claim(domain, false, DomainChallenge.recordName(domain), DomainChallenge.expectedValue(token));
    }

    /** Looks the record up; when it is there, the domain becomes a verified domain of the organisation. */
    Claim check(OrganizationModel org, String typed) throws Refused {
        String domain = normalise(typed);
        if (verified(org).contains(domain)) {
            return new Claim(domain, true, null, null);
        }
        String token = challenge(org, domain);
        if (token == null) {
            throw new Refused(Problem.NOT_CLAIMED);
        }
        // Again at check time: another organisation may have been given the domain since the claim.
        refuseOthers(org, domain);
        List<String> txt;
        try {
            txt = dns.lookup(DomainChallenge.recordName(domain));
        } catch (DnsTxt.Unavailable e) {
            throw new Refused(Problem.DNS_UNAVAILABLE);
        }
        if (!DomainChallenge.proves(txt, token)) {
            throw new Refused(txt.isEmpty() ? Problem.NO_RECORD : Problem.WRONG_RECORD);
        }
        Set<OrganizationDomainModel> domains = org.getDomains()
                .filter(d -> !d.getName().equalsIgnoreCase(domain))
                .collect(Collectors.toCollection(HashSet::new));
        domains.add(new OrganizationDomainModel(domain, true));
        org.setDomains(domains);
        Map<String, List<String>> attributes = new HashMap<>(org.getAttributes());
        attributes.remove(CHALLENGE_PREFIX + domain);
        org.setAttributes(attributes);
        return new Claim(domain, true, null, null);
    }

    /** The organisation's domains: verified ones, then claims still waiting for their record. */
    List<Claim> claims(OrganizationModel org) {
        Set<String> verified = verified(org);
        List<Claim> all = new java.util.ArrayList<>(verified.stream().sorted().map(d -> new Claim(d, true, null, null)).toList());
        org.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith(CHALLENGE_PREFIX) && !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String domain = e.getKey().substring(CHALLENGE_PREFIX.length());
                    if (!verified.contains(domain)) {
                        all.add(new Claim(domain, false, DomainChallenge.recordName(domain), DomainChallenge.expectedValue(e.getValue().get(0))));
                    }
                });
        return all;
    }

    static Set<String> verified(OrganizationModel org) {
        return org.getDomains().filter(OrganizationDomainModel::isVerified)
                .map(d -> d.getName().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private void refuseOthers(OrganizationModel org, String domain) throws Refused {
        if (PublicMailDomains.contains(domain)) {
            throw new Refused(Problem.PUBLIC_MAIL);
        }
        // Keycloak keeps a domain with one organisation only, verified or not.
        OrganizationModel holder = VerifiedDomains.holder(session, domain);
        if (holder != null && !holder.getId().equals(org.getId())) {
            throw new Refused(Problem.OTHER_ORGANISATION);
        }
    }

    private static String challenge(OrganizationModel org, String domain) {
        List<String> values = org.getAttributes().get(CHALLENGE_PREFIX + domain);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
