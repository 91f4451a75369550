package dev.orgsso.signup;

import dev.orgsso.core.Provisioned;
import dev.orgsso.core.Reason;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.IdpCreateUserIfUniqueAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.ExistingUserInfo;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;

/**
 * Keycloak's create-user-if-unique, made safe against a sign-up that raced past the duplicate check:
 * a holder of the email that committed in the meantime, or the database's unique username/email
 * constraints, decide inside this step, so that the loser gets the same clean refusal page instead of
 * Keycloak's "link the account" page or an error at commit time.
 */
final class CreateAccountAuthenticator extends IdpCreateUserIfUniqueAuthenticator {

    private static final Logger LOG = Logger.getLogger(CreateAccountAuthenticator.class);

    /** Never Keycloak's duplicate handling (its page offers to link the accounts): the same refusal as before the code. */
    @Override
    protected ExistingUserInfo checkExistingUser(AuthenticationFlowContext context, String username,
                                                 SerializedBrokeredIdentityContext serializedCtx, BrokeredIdentityContext brokerContext) {
        ExistingUserInfo holder = super.checkExistingUser(context, username, serializedCtx, brokerContext);
        if (holder != null) {
            throw new HeldElsewhere(holder.getDuplicateAttributeName() + " held by " + holder.getExistingUserId());
        }
        return null;
    }

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
                                    BrokeredIdentityContext brokerContext) {
        String provisioned = context.getAuthenticationSession().getAuthNote(Provisioned.LINK_NOTE);
        if (provisioned != null) {
            // No new account: the broker links this IdP identity to the one the organisation provisioned.
            context.setUser(context.getSession().users().getUserById(context.getRealm(), provisioned));
            context.success();
            return;
        }
        try {
            super.authenticateImpl(context, serializedCtx, brokerContext);
            UserModel created = context.getUser();
            if (created != null && created.getEmail() != null) {
                // A query on users makes Hibernate flush the new row first (flush mode AUTO), so a
                // violated unique constraint surfaces here, converted by Keycloak to ModelDuplicateException.
                UserModel holder = context.getSession().users().getUserByEmail(context.getRealm(), created.getEmail());
                if (holder != null && !holder.getId().equals(created.getId())) {
                    throw new ModelDuplicateException("email held by " + holder.getId());
                }
            }
        } catch (ModelDuplicateException raced) {
            LOG.infof("sign-up through %s lost the race for its email to %s", brokerContext.getIdpConfig().getAlias(),
                    raced instanceof HeldElsewhere ? "an account committed meanwhile" : "the database's unique constraint");
            if (!(raced instanceof HeldElsewhere)) {
                // A row was written (or its flush failed): nothing of this sign-up may be committed.
                context.getSession().getTransactionManager().setRollbackOnly();
            }
            context.clearUser();
            DuplicateEmailAuthenticator.refuse(context, brokerContext.getIdpConfig(), Reason.EMAIL_IN_USE, "orgssoEmailInUse");
        }
    }

    /** The email (or username) belongs to an account committed since the check before the code; nothing was written. */
    private static final class HeldElsewhere extends ModelDuplicateException {
        HeldElsewhere(String message) {
            super(message);
        }
    }
}
