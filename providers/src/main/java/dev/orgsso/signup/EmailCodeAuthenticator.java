package dev.orgsso.signup;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.EmailTrust;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.Provisioned;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.models.utils.FormMessage;

/**
 * First sign-up with an email the IdP does not vouch for: a 6-digit code is emailed and must be typed
 * before the account exists. Single use, stored only as a salted hash, compared in constant time,
 * limited in time and tries; a resend (after a cooldown) replaces the previous code.
 */
final class EmailCodeAuthenticator extends AbstractIdpAuthenticator {

    private static final Logger LOG = Logger.getLogger(EmailCodeAuthenticator.class);
    static final String TEMPLATE = "orgsso-email-code.ftl";
    static final String FIELD = "code";
    /** Reason: the address used up its code mails of the hour or wrong guesses of the day. */

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                                    BrokeredIdentityContext brokerContext) {
        // A Boolean: null on an IdP made through the admin REST API without the switch (Keycloak 26.x).
        // A provisioned account: the organisation vouched for its address when it made it.
        if (Boolean.TRUE.equals(brokerContext.getIdpConfig().isTrustEmail())
                || context.getAuthenticationSession().getAuthNote(Provisioned.LINK_NOTE) != null) {
            context.success();
            return;
        }
        if (EmailTrust.vouchedFor(brokerContext)) {
            // The IdP vouched for the email (claims mapper): no code, and the account is marked verified.
            context.getAuthenticationSession().setAuthNote(SignupCode.VERIFIED, "true");
            context.success();
            return;
        }
        SignupCode code = new SignupCode(context.getAuthenticationSession());
        if ("true".equals(context.getAuthenticationSession().getAuthNote(SignupCode.VERIFIED))) {
            context.success();
            return;
        }
        if (!code.issued() && !send(context, brokerContext, code, new EmailCodeConfig(context.getAuthenticatorConfig()))) {
            return;
        }
        context.challenge(page(context, brokerContext).createForm(TEMPLATE));
    }

    @Override
    protected void actionImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                              BrokeredIdentityContext brokerContext) {
        EmailCodeConfig config = new EmailCodeConfig(context.getAuthenticatorConfig());
        SignupCode code = new SignupCode(context.getAuthenticationSession());
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        long now = Time.currentTime();
        if (form.containsKey("resend")) {
            long wait = code.sentAt() + config.resendCooldownSeconds() - now;
            if (wait > 0) {
                // Information, not a mistake: shown as a note, the code field stays as it was.
                outcome(context, brokerContext, EventType.SEND_VERIFY_EMAIL_ERROR, Decision.CODE, Reason.CODE_RESEND_WAIT);
                context.challenge(page(context, brokerContext).setInfo("orgssoCodeResendWait", wait).createForm(TEMPLATE));
            } else if (send(context, brokerContext, code, config)) {
                context.challenge(page(context, brokerContext).setInfo("orgssoCodeResent").createForm(TEMPLATE));
            }
            return;
        }
        CodeBudget budget = new CodeBudget(context.getSession(), context.getRealm(), brokerContext.getEmail());
        if (!budget.mayGuess(config.wrongGuessesPerDay())) {
            rateLimited(context, brokerContext, code);
            return;
        }
        switch (code.check(form.getFirst(FIELD), now)) {
            case RIGHT -> {
                event(context, brokerContext).event(EventType.VERIFY_EMAIL).detail(Detail.DECISION, Decision.CODE_VERIFIED.code()).success();
                context.success();
            }
            case EXPIRED -> {
                outcome(context, brokerContext, EventType.VERIFY_EMAIL_ERROR, Decision.CODE, Reason.CODE_EXPIRED);
                context.challenge(page(context, brokerContext).addError(new FormMessage(FIELD, "orgssoCodeExpired")).createForm(TEMPLATE));
            }
            case NONE -> {
                if (send(context, brokerContext, code, config)) {
                    context.challenge(page(context, brokerContext).createForm(TEMPLATE));
                }
            }
            case WRONG -> {
                if (!budget.wrongGuess(config.wrongGuessesPerDay())) {
                    rateLimited(context, brokerContext, code);
                    return;
                }
                int left = config.maxAttempts() - code.failures();
                if (left <= 0) {
                    code.clear();
                    outcome(context, brokerContext, EventType.VERIFY_EMAIL_ERROR, Decision.CODE, Reason.CODE_LOCKED);
                    Response locked = context.form().setError("orgssoCodeTooManyTries").createErrorPage(Response.Status.BAD_REQUEST);
                    context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, locked);
                    return;
                }
                outcome(context, brokerContext, EventType.VERIFY_EMAIL_ERROR, Decision.CODE, Reason.CODE_WRONG);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        page(context, brokerContext).addError(new FormMessage(FIELD, "orgssoCodeWrong", left)).createForm(TEMPLATE));
            }
        }
    }

    /** The address used up its budget: no code is checked or mailed; the sign-up ends here, nothing created. */
    private static void rateLimited(AuthenticationFlowContext context, BrokeredIdentityContext brokerContext, SignupCode code) {
        code.clear();
        outcome(context, brokerContext, EventType.VERIFY_EMAIL_ERROR, Decision.CODE, Reason.CODE_RATE_LIMITED);
        Response later = context.form().setError("orgssoCodeRateLimited").createErrorPage(Response.Status.TOO_MANY_REQUESTS);
        context.failureChallenge(AuthenticationFlowError.ACCESS_DENIED, later);
    }

    private boolean send(AuthenticationFlowContext context, BrokeredIdentityContext brokerContext, SignupCode code,
                         EmailCodeConfig config) {
        CodeBudget budget = new CodeBudget(context.getSession(), context.getRealm(), brokerContext.getEmail());
        long now = Time.currentTime();
        long wait = budget.cooldownLeft(now, config.resendCooldownSeconds());
        if (wait > 0) {
            // A sign-up restarted within the cooldown of the last code mail: the same wait, no new mail.
            outcome(context, brokerContext, EventType.SEND_VERIFY_EMAIL_ERROR, Decision.CODE, Reason.CODE_RESEND_WAIT);
            context.challenge(page(context, brokerContext).setInfo("orgssoCodeResendWait", wait).createForm(TEMPLATE));
            return false;
        }
        if (!budget.takeMail(config.mailsPerHour())) {
            rateLimited(context, brokerContext, code);
            return false;
        }
        budget.mailed(now, config.resendCooldownSeconds());
        String value = code.issue(now, config.validSeconds());
        RealmModel realm = context.getRealm();
        String realmName = realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName();
        // No account exists yet: the template's "user" is a transient stand-in with the IdP's claims.
        UserModel recipient = new LightweightUserAdapter(context.getSession(), realm, context.getAuthenticationSession().getParentSession().getId());
        recipient.setEmail(brokerContext.getEmail());
        recipient.setFirstName(brokerContext.getFirstName());
        recipient.setLastName(brokerContext.getLastName());
        // The email provider adds its own attributes to this map, so it must be mutable.
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", value);
        attributes.put("minutes", Math.max(1, config.validSeconds() / 60));
        try {
            context.getSession().getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(recipient)
                    .setAuthenticationSession(context.getAuthenticationSession())
                    .send("orgssoSignupCodeSubject", List.of(realmName), TEMPLATE, attributes, brokerContext.getEmail());
            outcome(context, brokerContext, EventType.SEND_VERIFY_EMAIL, Decision.CODE_SENT, null);
            return true;
        } catch (EmailException e) {
            LOG.warn("could not send the sign-up code email in realm " + realm.getName(), e);
            code.clear();
            outcome(context, brokerContext, EventType.SEND_VERIFY_EMAIL_ERROR, Decision.CODE, Reason.CODE_NOT_SENT);
            context.challenge(context.form().setError("orgssoCodeSendFailed").createErrorPage(Response.Status.SERVICE_UNAVAILABLE));
            return false;
        }
    }

    private static LoginFormsProvider page(AuthenticationFlowContext context, BrokeredIdentityContext brokerContext) {
        return context.form().setAttribute("orgssoEmail", brokerContext.getEmail());
    }

    /**
     * Makes this request's event this step's outcome. Keycloak sends the first broker login request's event
     * once the request is answered, as a successful IDENTITY_PROVIDER_FIRST_LOGIN whatever happened (26.7,
     * LoginActionsService#brokerLoginFlow): five wrong codes would be stored as five successful first logins
     * beside the errors. So the step sets type, details and error on that one event and lets Keycloak send it.
     */
    private static void outcome(AuthenticationFlowContext context, BrokeredIdentityContext brokerContext, EventType type,
                                Decision decision, Reason error) {
        EventBuilder e = details(context.getEvent(), context, brokerContext).event(type).detail(Detail.DECISION, decision.code());
        e.getEvent().setError(error == null ? null : error.code());
    }

    private static EventBuilder event(AuthenticationFlowContext context, BrokeredIdentityContext brokerContext) {
        return details(context.getEvent().clone().event(EventType.VERIFY_EMAIL_ERROR), context, brokerContext);
    }

    private static EventBuilder details(EventBuilder e, AuthenticationFlowContext context, BrokeredIdentityContext brokerContext) {
        return e
                .detail(Detail.DECISION, Decision.CODE.code())
                .detail(Detail.IDENTITY_PROVIDER, brokerContext.getIdpConfig().getAlias())
                .detail(Detail.ORGANISATION, OrganisationLookup.aliasOf(context.getSession(), brokerContext.getIdpConfig()))
                .detail(Detail.EMAIL, brokerContext.getEmail());
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
