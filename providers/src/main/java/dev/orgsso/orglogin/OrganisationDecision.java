package dev.orgsso.orglogin;

import dev.orgsso.core.Audience;
import dev.orgsso.core.OrganisationName;
import dev.orgsso.core.Reason;
import dev.orgsso.orglogin.OrganisationDirectory.Lookup;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationModel;

/**
 * The decision table of "Enter your organisation", without Keycloak's flow around it: what the user
 * typed (or a link or the remembered organisation named) and what the directory found become the one
 * thing to do next. The authenticator sends the events and the pages; this class only decides, so each
 * row of the table has a unit test.
 */
final class OrganisationDecision {

    /** What to do next. */
    sealed interface Answer permits Retry, HandOver, Go, Choose {
    }

    /**
     * The organisation page again, with a message; a refusal event with the reason.
     *
     * @param alias    the organisation the refusal is about, for the event; null when none is known
     * @param argument what the message names (the typed name or the alias); null when it names nothing
     */
    record Retry(String alias, Reason reason, String messageKey, String argument) implements Answer {
    }

    /** An organisation without an IdP that signs its end users in by JWT handoff: off to its own site's login. */
    record HandOver(Lookup lookup, URI remoteLogin) implements Answer {
    }

    /** Straight to this IdP of the organisation. */
    record Go(Lookup lookup, IdentityProviderModel idp) implements Answer {
    }

    /** The organisation offers several IdPs to this audience: the user picks one. */
    record Choose(Lookup lookup) implements Answer {
    }

    private OrganisationDecision() {
    }

    /**
     * Answers a typed or linked name.
     *
     * @param name        {@code typed}, parsed
     * @param byAlias     the directory's answer for {@code name}'s alias; null when the name is not valid
     * @param discovery   home realm discovery (email, verified domain, the organisation's name) for what was
     *                    typed; asked only when the alias finds nothing and the text is worth a look
     * @param remoteLogin the organisation's remote login URL for a handoff, null when it has none; asked
     *                    only for end users of an organisation without an IdP
     */
    static Answer decide(OrganisationName name, String typed, Lookup byAlias, Supplier<Lookup> discovery,
                         Audience audience, Function<OrganizationModel, URI> remoteLogin) {
        Lookup lookup = byAlias;
        if (lookup == null || lookup.outcome() == OrganisationDirectory.Outcome.UNKNOWN) {
            // Not an alias: an email, a verified domain or the organisation's name finds it too.
            Lookup discovered = name.problem() == OrganisationName.Problem.MISSING
                    || name.problem() == OrganisationName.Problem.TOO_LONG ? null : discovery.get();
            lookup = discovered != null ? discovered : lookup;
        }
        if (lookup == null) {
            boolean unknown = name.problem() == OrganisationName.Problem.HAS_SPACES || name.problem() == OrganisationName.Problem.INVALID;
            return unknown ? new Retry(null, Reason.ORG_UNKNOWN, "orgssoOrgUnknown", typed.strip())
                    : new Retry(null, Reason.ORG_INVALID, name.problem().messageKey, null);
        }
        return switch (lookup.outcome()) {
            case UNKNOWN -> new Retry(name.alias(), Reason.ORG_UNKNOWN, "orgssoOrgUnknown", name.alias());
            case NO_IDP -> {
                // Handoff signs in end users only (it refuses an agent, audience_mismatch): agents are never sent there.
                URI remote = audience == Audience.USERS ? remoteLogin.apply(lookup.organization()) : null;
                yield remote != null ? new HandOver(lookup, remote)
                        : new Retry(lookup.alias(), Reason.ORG_NO_IDP, "orgssoOrgNoSso", lookup.alias());
            }
            case FOUND -> lookup.only() != null ? new Go(lookup, lookup.only()) : new Choose(lookup);
        };
    }

    /**
     * The user picked one of the organisation's IdPs on the choice page; anything not among them (a forged
     * form, an IdP removed meanwhile, another organisation's) is refused.
     *
     * @param lookup the directory's answer for the organisation the form names; null when its name is not valid
     */
    static Answer chosen(Lookup lookup, String idpAlias) {
        IdentityProviderModel idp = lookup == null ? null : lookup.find(idpAlias);
        if (idp == null) {
            return new Retry(lookup == null ? null : lookup.alias(), Reason.IDP_NOT_OF_ORGANISATION, "orgssoIdpNotOffered", null);
        }
        return new Go(lookup, idp);
    }
}
