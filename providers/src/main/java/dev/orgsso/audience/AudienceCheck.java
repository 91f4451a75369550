package dev.orgsso.audience;

import dev.orgsso.core.Audience;
import dev.orgsso.core.AudienceRule;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.Reason;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.services.ErrorPage;

/**
 * The audience rule where Keycloak asks before any sign-in completes, also for {@code prompt=none}:
 * its required-action triggers. Keycloak's passive (prompt=none) path issues the code through an OIDC
 * protocol object of its own, not the realm's protocol provider ({@link AudienceGateProtocol}), but it
 * asks the required actions first and answers {@code interaction_required} when one is pending. So a
 * user outside the client's audience gets this action: interactively the refusal page, passively
 * {@code error=interaction_required}; never a code. Registered in every realm by {@link AudienceCheckFactory}.
 */
final class AudienceCheck implements RequiredActionProvider {

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        ClientModel client = context.getAuthenticationSession().getClient();
        if (context.getUser() == null || AudienceRule.admits(context.getRealm(), client, context.getUser())) {
            return;
        }
        context.getAuthenticationSession().addRequiredAction(AudienceCheckFactory.ID);
        context.getEvent().clone().event(EventType.LOGIN_ERROR)
                .user(context.getUser())
                .detail(Detail.DECISION, Decision.AUDIENCE_GUARD.code())
                .detail(Detail.AUDIENCE, Audience.of(client).value())
                .error(Reason.AUDIENCE_MISMATCH.code());
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(refusal(context));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        context.challenge(refusal(context));
    }

    private static Response refusal(RequiredActionContext context) {
        return ErrorPage.error(context.getSession(), context.getAuthenticationSession(), Response.Status.FORBIDDEN,
                "orgssoAudienceMismatch");
    }

    @Override
    public void close() {
    }
}
