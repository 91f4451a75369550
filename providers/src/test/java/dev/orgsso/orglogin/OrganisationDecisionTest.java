package dev.orgsso.orglogin;

import dev.orgsso.testing.Fake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.orgsso.core.Audience;
import dev.orgsso.core.OrganisationName;
import dev.orgsso.core.Reason;
import dev.orgsso.orglogin.OrganisationDecision.Answer;
import dev.orgsso.orglogin.OrganisationDecision.Choose;
import dev.orgsso.orglogin.OrganisationDecision.Go;
import dev.orgsso.orglogin.OrganisationDecision.HandOver;
import dev.orgsso.orglogin.OrganisationDecision.Retry;
import dev.orgsso.orglogin.OrganisationDirectory.Lookup;
import dev.orgsso.orglogin.OrganisationDirectory.Outcome;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationModel;

/**
 * The decision table of "Enter your organisation", row by row, without a Keycloak: the directory's
 * answers are {@link Lookup}s built here, home realm discovery and the handoff's remote login are
 * functions that count how often the decision asks them.
 */
class OrganisationDecisionTest {

    private static final URI REMOTE_LOGIN = URI.create("https://acme.test/login?return_to=x");

    /** An organization the decision may hand on but never read: any call on it fails the test. */
    private final OrganizationModel acmeOrg = Fake.of(OrganizationModel.class, Map.of());
    private final IdentityProviderModel entra = idp("entra-1");
    private final IdentityProviderModel okta = idp("okta-1");

    /** Home realm discovery, answering {@code discovered}; counts its calls. */
    private Lookup discovered;
    private int discoveryCalls;
    private final Supplier<Lookup> discovery = () -> {
        discoveryCalls++;
        return discovered;
    };

    /** The organisation's remote login URL, {@code remote}; records whose it was asked for. */
    private URI remote;
    private final List<OrganizationModel> remoteLoginAsked = new ArrayList<>();
    private final Function<OrganizationModel, URI> remoteLogin = org -> {
        remoteLoginAsked.add(org);
        return remote;
    };

    private static IdentityProviderModel idp(String alias) {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias(alias);
        idp.setEnabled(true);
        return idp;
    }

    private Lookup found(String alias, IdentityProviderModel... idps) {
        return new Lookup(Outcome.FOUND, alias, acmeOrg, List.of(idps));
    }

    private Lookup noIdp(String alias) {
        return new Lookup(Outcome.NO_IDP, alias, acmeOrg, List.of());
    }

    private static Lookup unknown(String alias) {
        return new Lookup(Outcome.UNKNOWN, alias, null, List.of());
    }

    /** The authenticator's call: the alias lookup only for a valid name, as {@code Step.decide} does it. */
    private Answer decide(String typed, Lookup byAlias, Audience audience) {
        OrganisationName name = OrganisationName.parse(typed);
        return OrganisationDecision.decide(name, typed, name.valid() ? byAlias : null, discovery, audience, remoteLogin);
    }

    private Answer decide(String typed, Lookup byAlias) {
        return decide(typed, byAlias, Audience.USERS);
    }

    /** The fake organization answers no equals: compare it by identity. */
    private void assertAskedOnlyFor(OrganizationModel org) {
        assertEquals(1, remoteLoginAsked.size(), "remote login asked once");
        assertSame(org, remoteLoginAsked.get(0));
    }

    private static Retry retry(Answer answer) {
        return assertInstanceOf(Retry.class, answer);
    }

    @Nested
    @DisplayName("Given a name that cannot be an alias")
    class BadNames {

        @Test
        @DisplayName("when nothing was typed, then the page asks for it (org_invalid) and nothing is looked up")
        void missing() {
            Retry retry = retry(decide(null, null));
            assertEquals(new Retry(null, Reason.ORG_INVALID, OrganisationName.Problem.MISSING.messageKey, null), retry);
            assertEquals(0, discoveryCalls);
        }

        @Test
        @DisplayName("when only white space was typed, then it counts as missing and nothing is looked up")
        void blank() {
            assertEquals(new Retry(null, Reason.ORG_INVALID, "orgssoOrgMissing", null), decide("   \t ", null));
            assertEquals(0, discoveryCalls);
        }

        @Test
        @DisplayName("when it is longer than an alias, then 'too long' (org_invalid) and discovery is not asked")
        void tooLong() {
            discovered = found("acme", entra); // would be found: the rule, not the directory, must stop it
            String typed = "a".repeat(OrganisationName.MAX_LENGTH + 1);
            assertEquals(new Retry(null, Reason.ORG_INVALID, "orgssoOrgTooLong", null), decide(typed, null));
            assertEquals(0, discoveryCalls);
        }

        @Test
        @DisplayName("when it is far too long to normalise, then 'too long' too and discovery is not asked")
        void farTooLong() {
            discovered = found("acme", entra);
            String typed = "a".repeat(OrganisationName.MAX_LENGTH * 4 + 1);
            assertEquals(new Retry(null, Reason.ORG_INVALID, "orgssoOrgTooLong", null), decide(typed, null));
            assertEquals(0, discoveryCalls);
        }

        @Test
        @DisplayName("when it has spaces and discovery finds nothing, then 'unknown' naming what was typed, trimmed")
        void withSpacesNotDiscovered() {
            Retry retry = retry(decide("  Acme Corp ", null));
            assertEquals(new Retry(null, Reason.ORG_UNKNOWN, "orgssoOrgUnknown", "Acme Corp"), retry);
            assertEquals(1, discoveryCalls);
        }

        @Test
        @DisplayName("when it has characters no alias has and discovery finds nothing, then 'unknown' (not 'invalid')")
        void invalidNotDiscovered() {
            assertEquals(new Retry(null, Reason.ORG_UNKNOWN, "orgssoOrgUnknown", "acme!"), decide("acme!", null));
            assertEquals(1, discoveryCalls);
        }
    }

    @Nested
    @DisplayName("Given home realm discovery")
    class Discovery {

        @Test
        @DisplayName("when an email finds its organisation with one IdP, then the user goes to that IdP")
        void byEmail() {
            Lookup acme = found("acme", entra);
            discovered = acme;
            Go go = assertInstanceOf(Go.class, decide("alice@acme.test", null));
            assertSame(acme, go.lookup());
            assertSame(entra, go.idp());
            assertEquals(1, discoveryCalls);
        }

        @Test
        @DisplayName("when a verified domain is no alias but finds its organisation, then discovery's answer wins")
        void byDomain() {
            Lookup acme = found("acme", entra);
            discovered = acme;
            Go go = assertInstanceOf(Go.class, decide("acme.test", unknown("acme.test")));
            assertSame(acme, go.lookup());
            assertEquals(1, discoveryCalls);
        }

        @Test
        @DisplayName("when the organisation's name (with spaces) finds it, then the user goes to its IdP")
        void byName() {
            discovered = found("acme", okta);
            Go go = assertInstanceOf(Go.class, decide("Acme Corporation", null));
            assertEquals("acme", go.lookup().alias());
            assertSame(okta, go.idp());
        }

        @Test
        @DisplayName("when a valid alias is unknown and discovery finds nothing, then 'unknown' naming the normalised alias")
        void aliasUnknownNotDiscovered() {
            Retry retry = retry(decide("ＮｏＳｕｃｈ", unknown("nosuch")));
            assertEquals(new Retry("nosuch", Reason.ORG_UNKNOWN, "orgssoOrgUnknown", "nosuch"), retry);
            assertEquals(1, discoveryCalls);
        }

        @Test
        @DisplayName("when discovery finds a disabled organisation, then it answers like an unknown one")
        void discoveredButDisabled() {
            discovered = unknown("acme");
            Retry retry = retry(decide("acme.test", unknown("acme.test")));
            assertEquals(new Retry("acme.test", Reason.ORG_UNKNOWN, "orgssoOrgUnknown", "acme.test"), retry);
        }

        @Test
        @DisplayName("when discovery finds an organisation without an IdP, then 'no SSO' for that organisation")
        void discoveredWithoutIdp() {
            discovered = noIdp("acme");
            Retry retry = retry(decide("acme.test", unknown("acme.test")));
            assertEquals(new Retry("acme", Reason.ORG_NO_IDP, "orgssoOrgNoSso", "acme"), retry);
            assertAskedOnlyFor(acmeOrg);
        }

        @Test
        @DisplayName("when the alias finds the organisation, then discovery is not asked")
        void aliasFirst() {
            discovered = found("other", okta);
            Go go = assertInstanceOf(Go.class, decide("acme", found("acme", entra)));
            assertSame(entra, go.idp());
            assertEquals(0, discoveryCalls);
        }
    }

    @Nested
    @DisplayName("Given an organisation without an IdP for this audience")
    class WithoutIdp {

        @Test
        @DisplayName("when it has no handoff, then 'SSO is not set up' (org_no_idp) naming it")
        void noHandoff() {
            Retry retry = retry(decide("acme", noIdp("acme")));
            assertEquals(new Retry("acme", Reason.ORG_NO_IDP, "orgssoOrgNoSso", "acme"), retry);
            assertAskedOnlyFor(acmeOrg);
            assertEquals(0, discoveryCalls);
        }

        @Test
        @DisplayName("when it signs end users in by handoff, then they are handed over to its remote login")
        void handoff() {
            remote = REMOTE_LOGIN;
            Lookup acme = noIdp("acme");
            HandOver handOver = assertInstanceOf(HandOver.class, decide("acme", acme));
            assertSame(acme, handOver.lookup());
            assertEquals(REMOTE_LOGIN, handOver.remoteLogin());
            assertAskedOnlyFor(acmeOrg);
        }

        @Test
        @DisplayName("when agents ask, then no handoff even if it has one: 'SSO is not set up', remote login not asked")
        void agentsNeverHandedOver() {
            remote = REMOTE_LOGIN;
            Retry retry = retry(decide("acme", noIdp("acme"), Audience.AGENTS));
            assertEquals(new Retry("acme", Reason.ORG_NO_IDP, "orgssoOrgNoSso", "acme"), retry);
            assertEquals(List.of(), remoteLoginAsked);
        }
    }

    @Nested
    @DisplayName("Given an organisation with IdPs for this audience")
    class WithIdps {

        @Test
        @DisplayName("when it has one, then the user goes straight to it")
        void one() {
            Lookup acme = found("acme", entra);
            Go go = assertInstanceOf(Go.class, decide("ACME", acme));
            assertSame(acme, go.lookup());
            assertSame(entra, go.idp());
            assertEquals(List.of(), remoteLoginAsked);
        }

        @Test
        @DisplayName("when it has several, then the user chooses among them")
        void several() {
            Lookup acme = found("acme", entra, okta);
            Choose choose = assertInstanceOf(Choose.class, decide("acme", acme));
            assertSame(acme, choose.lookup());
            assertEquals(List.of(entra, okta), choose.lookup().identityProviders());
        }
    }

    @Nested
    @DisplayName("Given the user picked an IdP on the choice page")
    class Chosen {

        @Test
        @DisplayName("when it is one of the organisation's, then the user goes to it")
        void ofTheOrganisation() {
            Lookup acme = found("acme", entra, okta);
            Go go = assertInstanceOf(Go.class, OrganisationDecision.chosen(acme, "okta-1"));
            assertSame(okta, go.idp());
            assertSame(acme, go.lookup());
        }

        @Test
        @DisplayName("when it is not among the organisation's, then idp_not_of_organisation for that organisation")
        void notOfTheOrganisation() {
            assertEquals(new Retry("acme", Reason.IDP_NOT_OF_ORGANISATION, "orgssoIdpNotOffered", null),
                    OrganisationDecision.chosen(found("acme", entra, okta), "entra-2"));
        }

        @Test
        @DisplayName("when its alias differs only in case, then it is refused: aliases compare exactly")
        void caseMatters() {
            assertEquals(Reason.IDP_NOT_OF_ORGANISATION,
                    retry(OrganisationDecision.chosen(found("acme", entra), "ENTRA-1")).reason());
        }

        @Test
        @DisplayName("when the organisation is unknown, then idp_not_of_organisation naming the alias asked for")
        void unknownOrganisation() {
            assertEquals(new Retry("gone", Reason.IDP_NOT_OF_ORGANISATION, "orgssoIdpNotOffered", null),
                    OrganisationDecision.chosen(unknown("gone"), "entra-1"));
        }

        @Test
        @DisplayName("when the form's organisation is no valid name, then idp_not_of_organisation without an organisation")
        void noOrganisation() {
            Retry retry = retry(OrganisationDecision.chosen(null, "entra-1"));
            assertEquals(Reason.IDP_NOT_OF_ORGANISATION, retry.reason());
            assertNull(retry.alias());
        }
    }
}
