package dev.orgsso.orglogin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code GET /realms/{realm}/orgsso/sso}: the "Log in with SSO" link of the login form. A plain link
 * (works without JavaScript) that records the user's wish on their own authentication session and
 * restarts the flow, whose organisation step then asks for the organisation.
 */
public final class SsoEntryResource {

    private final KeycloakSession session;

    public SsoEntryResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public Response enter(@QueryParam("client_id") String clientId, @QueryParam("tab_id") String tabId,
                          @QueryParam("client_data") String clientData, @QueryParam("organization") String organization) {
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client != null && tabId != null) {
            AuthenticationSessionModel authSession = new AuthenticationSessionManager(session)
                    .getCurrentAuthenticationSession(realm, client, tabId);
            if (authSession != null) {
                authSession.setClientNote(LoginRequest.INTENT_NOTE, intent(organization));
            }
        }
        // Keycloak's restart answers an expired or unknown session with its own themed page.
        URI restart = UriBuilder.fromUri(session.getContext().getUri().getBaseUri())
                .path("realms").path(realm.getName()).path("login-actions/restart")
                .queryParam("client_id", clientId == null ? "" : clientId)
                .queryParam("tab_id", tabId == null ? "" : tabId)
                .queryParam("client_data", clientData == null ? "" : clientData)
                .build();
        return Response.status(Response.Status.FOUND).location(restart).build();
    }

    private static String intent(String organization) {
        OrganisationName name = OrganisationName.parse(organization);
        return name.valid() ? "org:" + name.alias() : "ask";
    }

    /** The link for the current login, as the login form shows it. */
    static String entryUrl(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return UriBuilder.fromUri(context.getUriInfo().getBaseUri())
                .path("realms").path(context.getRealm().getName()).path("orgsso/sso")
                .queryParam("client_id", authSession.getClient().getClientId())
                .queryParam("tab_id", authSession.getTabId())
                .queryParam("client_data", AuthenticationProcessor.getClientData(context.getSession(), authSession))
                .build().toString();
    }
}
