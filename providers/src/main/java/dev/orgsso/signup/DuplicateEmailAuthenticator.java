package dev.orgsso.signup;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.FederatedIdp;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.Provisioned;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

/**
 * First sign-in from an IdP: refuses when the IdP sent no email, or when any other account of the
 * realm already holds that email, whatever its origin. Nothing is linked or overwritten: linking by
 * email would let whoever controls a look-alike IdP take over an account (the nOAuth attack). The one
 * exception is an account the IdP's own organisation provisioned through SCIM ({@link Provisioned}):
 * only that organisation's IdP links to it.
 */
final class DuplicateEmailAuthenticator extends AbstractIdpAuthenticator {

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                                    BrokeredIdentityContext brokerContext) {
        String email = brokerContext.getEmail();
        IdentityProviderModel idp = brokerContext.getIdpConfig();
        if (email == null || email.isBlank()) {
            // Name what the customer's admin must change, in their IdP's words.
            FederatedIdp federated = new FederatedIdp(idp);
            if (federated.samlVendor() != null) {
                refuse(context, idp, Reason.EMAIL_MISSING, "orgssoIdpSentNoEmailSaml", federated.samlVendor().emailAttribute());
                return;
            }
            boolean entra = federated.type() == IdpType.ENTRA;
            refuse(context, idp, Reason.EMAIL_MISSING, entra ? "orgssoIdpSentNoEmailEntra" : "orgssoIdpSentNoEmail");
            return;
        }
        OrganizationModel org = OrganisationLookup.of(context.getSession(), idp);
        Optional<UserModel> provisioned = org == null ? Optional.empty()
                : Provisioned.accountFor(context.getSession(), org, brokerContext.getId(), email);
        if (provisioned.isPresent()) {
            // The organisation made this account through SCIM and vouched for it: this first sign-in links to it.
            if (!provisioned.get().isEnabled()) {
                refuse(context, idp, Reason.USER_DISABLED, "orgssoAccountDisabled");
                return;
            }
            context.getAuthenticationSession().setAuthNote(Provisioned.LINK_NOTE, provisioned.get().getId());
            context.success();
            return;
        }
        UserModel holder = context.getSession().users().getUserByEmail(context.getRealm(), email.strip());
        if (holder == null) {
            holder = context.getSession().users().getUserByUsername(context.getRealm(), email.strip());
        }
        if (holder != null) {
            refuse(context, idp, Reason.EMAIL_IN_USE, "orgssoEmailInUse");
            return;
        }
        context.success();
    }

    static void refuse(AuthenticationFlowContext context, IdentityProviderModel idp, Reason reason, String message, Object... parameters) {
        context.getEvent().clone().event(EventType.IDENTITY_PROVIDER_FIRST_LOGIN_ERROR)
                .detail(Detail.DECISION, Decision.SIGNUP.code())
                .detail(Detail.IDENTITY_PROVIDER, idp.getAlias())
                .detail(Detail.ORGANISATION, OrganisationLookup.aliasOf(context.getSession(), idp))
                .error(reason.code());
        Response page = context.form().setError(message, parameters).createErrorPage(Response.Status.CONFLICT);
        context.failureChallenge(AuthenticationFlowError.INVALID_USER, page);
    }

    @Override
    protected void actionImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                              BrokeredIdentityContext brokerContext) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(org.keycloak.models.KeycloakSession session, org.keycloak.models.RealmModel realm, UserModel user) {
        return true;
    }
}
