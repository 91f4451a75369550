package dev.orgsso.federation;

import dev.orgsso.core.Audience;
import dev.orgsso.core.AudienceGuard;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.DomainOwnership;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The rules an organisation's IdP follows on every sign-in, whether the onboarding API, the admin
 * console or {@code kcadm.sh} made it: the email must be one the organisation may sign in
 * ({@link DomainOwnership}), and a first sign-up must run the pack's first broker login flow (emailed
 * code, duplicate-email refusal, membership): an IdP bound to another flow is refused with "SSO setup
 * needs attention" until an admin fixes it (the onboarding API's GET names the problem).
 */
final class OrganisationIdpRules {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final IdentityProviderModel idp;
    private final AuthenticationSessionModel authSession;
    private final EventBuilder event;

    /**
     * Whether this broker answer signs someone in; linking an IdP to an account that is already signed in
     * (account console) signs nobody in, so the sign-in rules do not apply to it.
     */
    static boolean signsIn(BrokeredIdentityContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return authSession != null && authSession.getAuthNote(IdentityBrokerService.LINKING_IDENTITY_PROVIDER) == null;
    }

    /**
     * The audience guard and these rules for a sign-in through an organisation's IdP, OIDC or SAML alike: a
     * refusal is thrown as a WebApplicationException, which Keycloak's broker endpoint answers with its page.
     */
    static void enforce(KeycloakSession session, RealmModel realm, IdentityProviderModel idp, BrokeredIdentityContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .client(authSession.getClient())
                .detail(Details.AUTH_METHOD, authSession.getProtocol());
        if (!AudienceGuard.allows(idp, authSession.getClient())) {
            throw new WebApplicationException(AudienceGuard.refuse(session, authSession, idp, event));
        }
        Response refusal = new OrganisationIdpRules(session, realm, idp, authSession, event).refusal(context);
        if (refusal != null) {
            throw new WebApplicationException(refusal);
        }
    }

    OrganisationIdpRules(KeycloakSession session, RealmModel realm, IdentityProviderModel idp,
                         AuthenticationSessionModel authSession, EventBuilder event) {
        this.session = session;
        this.realm = realm;
        this.idp = idp;
        this.authSession = authSession;
        this.event = event;
    }

    /** The refusal page, or null when the sign-in may go on. */
    Response refusal(BrokeredIdentityContext context) {
        OrganizationModel org = OrganisationLookup.of(session, idp);
        if (org == null) {
            return null;
        }
        String email = context.getEmail();
        if (email != null && !email.isBlank()) {
            DomainOwnership.Verdict verdict = DomainOwnership.judge(session, org, email, Audience.of(idp));
            if (!verdict.allowed()) {
                refusalEvent(org).detail(Detail.DOMAIN_RULE, verdict.rule).detail(Details.EMAIL, email.strip())
                        .error(Reason.EMAIL_DOMAIN_NOT_ALLOWED.code());
                return ErrorPage.error(session, authSession, Response.Status.FORBIDDEN, "orgssoEmailDomainNotAllowed", org.getName());
            }
        }
        if (!runsPackSignup() && isFirstSignIn(context)) {
            refusalEvent(org).detail(Detail.IDP_PROBLEM, "first_broker_login_flow").error(Reason.IDP_MISCONFIGURED.code());
            return ErrorPage.error(session, authSession, Response.Status.FORBIDDEN, "orgssoSsoSetupIncomplete", org.getName());
        }
        return null;
    }

    private boolean runsPackSignup() {
        return FederatedIdp.runsPackSignup(realm, idp);
    }

    private boolean isFirstSignIn(BrokeredIdentityContext context) {
        return session.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(idp.getAlias(), context.getId(), context.getUsername())) == null;
    }

    private EventBuilder refusalEvent(OrganizationModel org) {
        return event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                .detail(Detail.DECISION, Decision.ORGANISATION_IDP.code())
                .detail(Details.IDENTITY_PROVIDER, idp.getAlias())
                .detail(Detail.ORGANISATION, org.getAlias());
    }
}
