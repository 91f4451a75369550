package dev.orgsso.orglogin;

import java.util.function.Supplier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Lets an established Keycloak session through. Since Keycloak 26.1 the cookie authenticator only
 * attaches the session and steps aside (attempted) when an {@code organization} scope is requested,
 * leaving the decision to the organization step; this flow replaces that step, so it decides here.
 */
final class SingleSignOn {

    private SingleSignOn() {
    }

    /**
     * True when the browser's session was accepted and the flow is done.
     * @param requestedOrganisation the organisation a link asks for (looked up only when there is a session)
     */
    static boolean resume(AuthenticationFlowContext context, Supplier<OrganizationModel> requestedOrganisation) {
        UserModel user = context.getUser();
        if (user == null || !AuthenticatorUtil.isSSOAuthentication(context.getAuthenticationSession())) {
            return false;
        }
        OrganizationModel requested = requestedOrganisation.get();
        if (requested != null) {
            OrganizationProvider orgs = context.getSession().getProvider(OrganizationProvider.class);
            if (orgs == null || !orgs.isMember(requested, user)) {
                // Another organisation's member does not pass through this organisation's link.
                return false;
            }
        }
        context.success();
        return true;
    }
}
