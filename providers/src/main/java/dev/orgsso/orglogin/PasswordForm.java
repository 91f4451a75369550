package dev.orgsso.orglogin;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.freemarker.model.IdentityProviderBean;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.forms.login.freemarker.model.OrganizationAwareIdentityProviderBean;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Keycloak's username and password form with the pack's two rules, in every flow that uses it:
 * <ul>
 *   <li>identity first for SSO: a username of a member of an SSO organisation, or an email of such an
 *   organisation's verified domain, goes to that organisation's sign-in instead of a password check;</li>
 *   <li>every render of the form (also after a wrong password) keeps "Log in with SSO" where the flow
 *   offered it, and shows only the realm's own IdPs: an organisation's IdP is no button for everyone.</li>
 * </ul>
 */
final class PasswordForm extends UsernamePasswordForm {

    /** Auth-session note: the organisation step of this flow offered SSO beside the form. */
    static final String SSO_OFFERED = "orgsso.ssoOffered";

    PasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    protected boolean validateForm(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        if (!isUserAlreadySetBeforeUsernamePasswordAuth(context)) {
            String typed = formData.getFirst(AuthenticationManager.FORM_USERNAME);
            typed = typed == null ? null : typed.strip();
            UserModel user = typed == null || typed.isEmpty() ? null : findUser(context, typed);
            OrganizationModel org = typed == null || typed.isEmpty() ? null : SsoRequired.organisation(context, user, typed);
            if (org != null) {
                SsoRequired.redirect(context, org, EventType.LOGIN_ERROR);
                return false;
            }
        }
        return super.validateForm(context, formData);
    }

    private static UserModel findUser(AuthenticationFlowContext context, String typed) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), typed);
        } catch (RuntimeException duplicate) {
            // Keycloak's own check that follows answers a duplicate with its page.
            return null;
        }
    }

    @Override
    protected Response challenge(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        decorate(context);
        return super.challenge(context, formData);
    }

    @Override
    protected Response challenge(AuthenticationFlowContext context, String error, String field) {
        decorate(context);
        return super.challenge(context, error, field);
    }

    private static void decorate(AuthenticationFlowContext context) {
        if ("true".equals(context.getAuthenticationSession().getAuthNote(SSO_OFFERED))) {
            context.form().setAttribute("orgssoSsoUrl", SsoEntryResource.entryUrl(context));
            String remembered = new RememberedOrganisation(context.getSession(), context.getRealm()).alias();
            if (remembered != null) {
                context.form().setAttribute("orgssoRemembered", remembered);
            }
        }
        // With organizations on, Keycloak's login page lists every organisation's public IdPs; only the
        // realm's own belong on a page every customer sees.
        context.form().setAttributeMapper(attributes -> {
            attributes.computeIfPresent("social",
                    (key, bean) -> new OrganizationAwareIdentityProviderBean((IdentityProviderBean) bean, false, true));
            return attributes;
        });
    }
}
