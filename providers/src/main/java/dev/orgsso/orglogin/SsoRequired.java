package dev.orgsso.orglogin;

import dev.orgsso.core.Agents;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.Reason;
import dev.orgsso.core.SsoMembership;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.EventType;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

/**
 * A password sign-in or reset by someone whose organisation signs in with SSO: no password is checked
 * or mailed; the page says why and links to the organisation's sign-in. Agents sign in with passwords.
 */
final class SsoRequired {


    private SsoRequired() {
    }

    /**
     * The SSO organisation that binds this user (or, for someone without an account yet, this typed
     * email's verified domain), or null when a password may be used.
     */
    static OrganizationModel organisation(AuthenticationFlowContext context, UserModel user, String typed) {
        if (user != null) {
            return Agents.isAgent(context.getRealm(), user) ? null : SsoMembership.of(context.getSession(), user);
        }
        return typed == null ? null : SsoMembership.byEmail(context.getSession(), typed);
    }

    /** Stops this step with the page that sends the user to their organisation's SSO. */
    static void redirect(AuthenticationFlowContext context, OrganizationModel org, EventType eventType) {
        context.getEvent().clone().event(eventType)
                .detail(Detail.DECISION, Decision.SSO_REQUIRED.code())
                .detail(Detail.ORGANISATION, org.getAlias())
                .error(Reason.SSO_REQUIRED.code());
        Response page = context.form()
                .setInfo("orgssoSsoRequired", org.getName())
                .setAttribute("actionUri", SsoEntryResource.entryUrl(context, org.getAlias()))
                .setAttribute("messageHeader", "orgssoSsoRequiredTitle")
                .createInfoPage();
        context.failureChallenge(AuthenticationFlowError.ACCESS_DENIED, page);
    }
}
