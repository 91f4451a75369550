package dev.orgsso.orglogin;

import dev.orgsso.authenticator.PackAuthenticator;
import dev.orgsso.core.OrganisationName;
import dev.orgsso.handoff.RemoteLogin;
import dev.orgsso.orglogin.OrganisationDecision.Answer;
import dev.orgsso.orglogin.OrganisationDecision.Choose;
import dev.orgsso.orglogin.OrganisationDecision.Go;
import dev.orgsso.orglogin.OrganisationDecision.HandOver;
import dev.orgsso.orglogin.OrganisationDecision.Retry;
import dev.orgsso.orglogin.OrganisationDirectory.Lookup;
import dev.orgsso.orglogin.OrganisationLoginConfig.Mode;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.models.IdentityProviderModel;

/**
 * "Enter your organisation": finds the user's organisation by the name they type (or the one a direct
 * link, the remembered organisation or the login hint names) and hands them to its IdP.
 */
final class OrganisationLoginAuthenticator extends PackAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Step step = new Step(context);
        String linked = step.request.linkedOrganisation();
        if (SingleSignOn.resume(context, () -> {
            Lookup requested = linked == null ? null : step.lookup(linked);
            return requested == null ? null : requested.organization();
        })) {
            return;
        }
        if (linked != null) {
            step.decide(linked, "link");
        } else if (step.request.asksForSso()) {
            context.challenge(step.page.ask(step.remembered.alias()));
        } else if (step.config.mode() == Mode.AUTOMATIC) {
            step.goStraightToKnownOrganisation();
        } else {
            step.offerSsoOnPasswordForm();
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Step step = new Step(context);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String typed = form.getFirst(OrganisationPage.FIELD);
        String chosenIdp = form.getFirst("idp");
        if (chosenIdp != null) {
            step.goToChosen(typed, chosenIdp);
        } else {
            step.decide(typed, "typed");
        }
    }

    /** One pass through the authenticator, with its collaborators. */
    private static final class Step {
        final AuthenticationFlowContext context;
        final OrganisationLoginConfig config;
        final LoginRequest request;
        final OrganisationDirectory directory;
        final RememberedOrganisation remembered;
        final OrganisationPage page;
        final OrganisationLoginEvents events;

        Step(AuthenticationFlowContext context) {
            this.context = context;
            this.config = new OrganisationLoginConfig(context.getAuthenticatorConfig());
            this.request = LoginRequest.take(context.getAuthenticationSession());
            this.directory = new OrganisationDirectory(context.getSession(), config.audience());
            this.remembered = new RememberedOrganisation(context.getSession(), context.getRealm());
            this.page = new OrganisationPage(context, config);
            this.events = new OrganisationLoginEvents(context, config);
        }

        Lookup lookup(String typed) {
            OrganisationName name = OrganisationName.parse(typed);
            return name.valid() ? directory.byAlias(name.alias()) : null;
        }

        /** Answers a typed or linked name: the IdP, the choice of IdPs, the handoff, or the page with the reason. */
        void decide(String typed, String source) {
            OrganisationName name = OrganisationName.parse(typed);
            Lookup byAlias = name.valid() ? directory.byAlias(name.alias()) : null;
            act(OrganisationDecision.decide(name, typed, byAlias, () -> directory.byWhatTheyKnow(typed), config.audience(),
                    org -> RemoteLogin.forOrganisation(context.getSession(), org, context.getAuthenticationSession(),
                            AuthenticationProcessor.getClientData(context.getSession(), context.getAuthenticationSession()))),
                    typed, source);
        }

        /** The user picked one of the organisation's IdPs; anything not among them is refused. */
        void goToChosen(String typed, String idpAlias) {
            act(OrganisationDecision.chosen(lookup(typed), idpAlias), typed, "chosen");
        }

        /** Does what the decision says: the events, the page or the redirect. */
        void act(Answer answer, String typed, String source) {
            if (answer instanceof Retry retry) {
                events.refused(retry.alias(), retry.reason());
                context.challenge(page.retry(typed, retry.messageKey(), retry.argument()));
            } else if (answer instanceof HandOver handOver) {
                RememberedOrganisation.afterSignIn(context.getAuthenticationSession(), handOver.lookup().alias(), config.rememberDays());
                events.handedOver(handOver.lookup().alias(), source);
                context.forceChallenge(Response.seeOther(handOver.remoteLogin()).build());
            } else if (answer instanceof Go go) {
                go(go.lookup(), go.idp(), source);
            } else {
                Lookup choice = ((Choose) answer).lookup();
                context.challenge(page.choose(choice.alias(), choice.identityProviders()));
            }
        }

        /** Automatic mode: the remembered organisation or the login hint's domain goes straight to the IdP. */
        void goStraightToKnownOrganisation() {
            String alias = remembered.alias();
            if (alias != null) {
                decide(alias, "remembered");
                return;
            }
            Lookup byHint = directory.byEmailDomain(request.loginHint());
            if (byHint != null && byHint.only() != null) {
                go(byHint, byHint.only(), "login_hint");
                return;
            }
            context.challenge(page.ask(null));
        }

        /** Button mode: let the password form show, with "Log in with SSO" (and the remembered org) on it. */
        void offerSsoOnPasswordForm() {
            // The password form shows "Log in with SSO" on each of its renders while this note is there.
            context.getAuthenticationSession().setAuthNote(PasswordForm.SSO_OFFERED, "true");
            context.form().setAttribute("orgssoSsoUrl", SsoEntryResource.entryUrl(context));
            String alias = remembered.alias();
            if (alias != null) {
                context.form().setAttribute("orgssoRemembered", alias);
            }
            context.attempted();
        }

        void go(Lookup lookup, IdentityProviderModel idp, String source) {
            RememberedOrganisation.afterSignIn(context.getAuthenticationSession(), lookup.alias(), config.rememberDays());
            events.redirected(lookup, idp.getAlias(), source);
            context.forceChallenge(IdentityProviderRedirect.to(context, idp, request.loginHint()));
        }
    }
}
