package dev.orgsso.federation;

import dev.orgsso.boundary.Audience;
import dev.orgsso.boundary.DomainOwnership;
import dev.orgsso.boundary.Vocabulary;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.ErrorPage;
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
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        OrganizationModel org = idp.getOrganizationId() == null || orgs == null ? null : orgs.getById(idp.getOrganizationId());
        if (org == null) {
            return null;
        }
        String email = context.getEmail();
        if (email != null && !email.isBlank()) {
            DomainOwnership.Verdict verdict = DomainOwnership.judge(session, org, email, Audience.of(idp));
            if (!verdict.allowed()) {
                refusalEvent(org).detail(Vocabulary.DOMAIN_RULE, verdict.rule).detail(Details.EMAIL, email.strip())
                        .error(Vocabulary.EMAIL_DOMAIN_NOT_ALLOWED);
                return ErrorPage.error(session, authSession, Response.Status.FORBIDDEN, "orgssoEmailDomainNotAllowed", org.getName());
            }
        }
        if (!runsPackSignup() && isFirstSignIn(context)) {
            refusalEvent(org).detail("idp_problem", "first_broker_login_flow").error(Vocabulary.IDP_MISCONFIGURED);
            return ErrorPage.error(session, authSession, Response.Status.FORBIDDEN, "orgssoSsoSetupIncomplete", org.getName());
        }
        return null;
    }

    private boolean runsPackSignup() {
        return runsPackSignup(realm, idp);
    }

    /** The IdP's own first broker login flow, or the realm's default when it names none, is the pack's. */
    static boolean runsPackSignup(RealmModel realm, IdentityProviderModel idp) {
        AuthenticationFlowModel pack = realm.getFlowByAlias(SsoOnboarding.FIRST_LOGIN_FLOW);
        String flowId = idp.getFirstBrokerLoginFlowId();
        if (flowId == null || flowId.isBlank()) {
            AuthenticationFlowModel realmDefault = realm.getFirstBrokerLoginFlow();
            flowId = realmDefault == null ? null : realmDefault.getId();
        }
        return pack != null && pack.getId().equals(flowId);
    }

    private boolean isFirstSignIn(BrokeredIdentityContext context) {
        return session.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(idp.getAlias(), context.getId(), context.getUsername())) == null;
    }

    private EventBuilder refusalEvent(OrganizationModel org) {
        return event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                .detail(Vocabulary.DECISION, "organisation_idp")
                .detail(Details.IDENTITY_PROVIDER, idp.getAlias())
                .detail(Vocabulary.ORGANISATION, org.getAlias());
    }
}
