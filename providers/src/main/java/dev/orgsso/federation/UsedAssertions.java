package dev.orgsso.federation;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import javax.xml.datatype.XMLGregorianCalendar;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AssertionType;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.services.ErrorPage;

/**
 * Each SAML assertion signs in once: its ID is kept in Keycloak's cluster-wide single-use store while it
 * is valid, and a second use is refused before any account is looked up. For a sign-in the help desk
 * asked for, Keycloak already refuses a second post (the authentication session and its request ID are
 * used up); a portal's unsolicited response has neither, so this is what stops a replayed one. One check
 * for both, at the one place every SAML sign-in passes ({@link PackSamlProvider#preprocessFederatedIdentity}).
 */
final class UsedAssertions {

    static final String KEY = "orgsso.saml.assertion:";
    /** Kept at least a minute (clock skew), and at most a day even for an assertion that claims to live longer. */
    static final long MIN_SECONDS = 60;
    static final long MAX_SECONDS = 24 * 60 * 60;

    private UsedAssertions() {
    }

    /** Records the assertion's use; a second use throws the refusal page (and records its event). */
    static void useOnce(KeycloakSession session, IdentityProviderModel idp, BrokeredIdentityContext context) {
        if (!(context.getContextData().get(SAMLEndpoint.SAML_ASSERTION) instanceof AssertionType assertion)) {
            return;
        }
        Instant notOnOrAfter = assertion.getConditions() == null ? null : instant(assertion.getConditions().getNotOnOrAfter());
        String id = assertion.getID();
        if (id != null && session.singleUseObjects().putIfAbsent(KEY + idp.getAlias() + ":" + id,
                keepSeconds(Instant.now(), notOnOrAfter))) {
            return;
        }
        OrganizationModel org = OrganisationLookup.of(session, idp);
        new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                .detail(Detail.DECISION, Decision.SAML_ASSERTION.code())
                .detail(Details.IDENTITY_PROVIDER, idp.getAlias())
                .detail(Detail.ORGANISATION, org == null ? null : org.getAlias())
                .error(Reason.ASSERTION_REPLAYED.code());
        throw new WebApplicationException(ErrorPage.error(session, null, Response.Status.BAD_REQUEST, "orgssoAssertionReplayed"));
    }

    /** How long an assertion's ID is kept: until it expires plus a minute of clock skew, within the bounds. */
    static long keepSeconds(Instant now, Instant notOnOrAfter) {
        if (notOnOrAfter == null) {
            return MAX_SECONDS;
        }
        long seconds = notOnOrAfter.getEpochSecond() - now.getEpochSecond() + MIN_SECONDS;
        return Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, seconds));
    }

    private static Instant instant(XMLGregorianCalendar time) {
        return time == null ? null : time.toGregorianCalendar().toInstant();
    }
}
