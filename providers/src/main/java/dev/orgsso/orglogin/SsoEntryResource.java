package dev.orgsso.orglogin;

import dev.orgsso.core.LoginRestart;
import dev.orgsso.core.OrganisationName;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.cookie.CookieProvider;
import org.keycloak.cookie.CookieType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.AuthorizationEndpointBase;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.util.AuthenticationFlowURLHelper;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code GET /realms/{realm}/orgsso/sso}: the "Log in with SSO" link of the login form. A plain link
 * (works without JavaScript) that records the user's wish on their own authentication session and
 * starts the flow over, whose organisation step then asks for the organisation.
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
        if (!plain(clientId) || !plain(tabId) || !plain(clientData)) {
            // Not a link the login form made: a themed 400 before anything is looked up.
            return session.getProvider(org.keycloak.forms.login.LoginFormsProvider.class)
                    .setError("orgssoSsoLinkInvalid").createErrorPage(Response.Status.BAD_REQUEST);
        }
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        AuthenticationSessionModel authSession = client == null || tabId == null ? null
                : new AuthenticationSessionManager(session).getCurrentAuthenticationSession(realm, client, tabId);
        if (authSession == null) {
            // Keycloak's restart answers an expired or unknown session with its own themed page.
            return Response.status(Response.Status.FOUND).location(LoginRestart.of(session, clientId, tabId, clientData)).build();
        }
        authSession.setClientNote(LoginRequest.INTENT_NOTE, intent(organization));
        if (session.getProvider(CookieProvider.class).get(CookieType.IDENTITY) != null) {
            // The browser has a Keycloak session: this may be a re-authentication, whose restart Keycloak
            // handles (it signs the old session out first).
            return Response.status(Response.Status.FOUND).location(LoginRestart.of(session, clientId, tabId, clientData)).build();
        }
        // Otherwise start the flow over as Keycloak's restart does, minus its stored RESTART_AUTHENTICATION
        // event and one redirect: the click is the user's choice of a way to sign in, not a restart.
        String flowPath = authSession.getClientNote(AuthorizationEndpointBase.APP_INITIATED_FLOW);
        flowPath = flowPath == null ? LoginActionsService.AUTHENTICATE_PATH : flowPath;
        AuthenticationProcessor.resetFlow(authSession, flowPath);
        URI next = new AuthenticationFlowURLHelper(session, realm, session.getContext().getUri()).getLastExecutionUrl(flowPath, null,
                client.getClientId(), authSession.getTabId(), AuthenticationProcessor.getClientData(session, authSession));
        return Response.status(Response.Status.FOUND).location(next).build();
    }

    private static String encode(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What the login form puts in its link: client ids, tab ids and base64url client data, all short and printable. */
    private static boolean plain(String value) {
        return value == null || value.length() <= 2048 && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '{' && c != '}'
                && c != '<' && c != '>' && c != '"' && c != '\\');
    }

    private static String intent(String organization) {
        OrganisationName name = OrganisationName.parse(organization);
        return name.valid() ? "org:" + name.alias() : "ask";
    }

    /** The link for the current login, as the login form shows it. */
    static String entryUrl(AuthenticationFlowContext context) {
        return entry(context).build().toString();
    }

    /** The link that continues the current login at this organisation's SSO. */
    static String entryUrl(AuthenticationFlowContext context, String organisationAlias) {
        return entry(context).build() + "&organization=" + encode(organisationAlias);
    }

    private static UriBuilder entry(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return UriBuilder.fromUri(context.getUriInfo().getBaseUri())
                .path("realms").path(context.getRealm().getName()).path("orgsso/sso")
                .queryParam("client_id", authSession.getClient().getClientId())
                .queryParam("tab_id", authSession.getTabId())
                .queryParam("client_data", AuthenticationProcessor.getClientData(context.getSession(), authSession));
    }
}
