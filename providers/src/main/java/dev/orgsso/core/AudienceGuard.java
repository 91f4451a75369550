package dev.orgsso.core;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keeps the audiences apart after the IdP answered: an end users' IdP cannot sign anyone in to an
 * agents' client, and the other way round. The login pages already offer only the audience's IdPs; the
 * guard holds also when someone calls the broker endpoint or {@code kc_idp_hint} by hand. It runs on
 * every sign-in through an OIDC IdP in the pack's OIDC provider (federation.PackOidcProvider), before
 * Keycloak looks up or creates any account; the {@code orgsso-audience-guard} flow step does the same
 * for IdPs of other kinds.
 */
public final class AudienceGuard {

    private AudienceGuard() {
    }

    public static boolean allows(IdentityProviderModel idp, ClientModel client) {
        return idp != null && client != null && Audience.of(idp) == Audience.of(client);
    }

    /** Records the refusal (a stored IDENTITY_PROVIDER_LOGIN_ERROR) and answers with the themed 403 page. */
    public static Response refuse(KeycloakSession session, AuthenticationSessionModel authSession, IdentityProviderModel idp,
                                  EventBuilder event) {
        ClientModel client = authSession.getClient();
        event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN_ERROR)
                .detail(Detail.DECISION, Decision.AUDIENCE_GUARD.code())
                .detail(Detail.IDENTITY_PROVIDER, idp == null ? "unknown" : idp.getAlias())
                .detail(Detail.AUDIENCE, Audience.of(client).value())
                .error(Reason.AUDIENCE_MISMATCH.code());
        return ErrorPage.error(session, authSession, Response.Status.FORBIDDEN, "orgssoAudienceMismatch");
    }
}
