package dev.orgsso.handoff;

import dev.orgsso.boundary.Vocabulary;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code /realms/{realm}/orgsso/jwt}: a customer's own site hands its signed-in user over with an HS256
 * JWT. Success opens a real Keycloak SSO session and returns to the app; failure is a themed page
 * with a non-secret reason code, a 4xx status and an event, and nothing is created.
 */
public final class HandoffResource {

    static final String AUTH_METHOD = "orgsso-jwt";

    private final KeycloakSession session;
    private final RealmModel realm;

    public HandoffResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("{organization}")
    public Response get(@PathParam("organization") String alias, @QueryParam("jwt") String jwt, @QueryParam("return_to") String returnTo) {
        return byAlias(alias, jwt, returnTo);
    }

    @POST
    @Path("{organization}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@PathParam("organization") String alias, @FormParam("jwt") String jwt, @FormParam("return_to") String returnTo) {
        return byAlias(alias, jwt, returnTo);
    }

    /**
     * Sign-out for handoff users: ends the Keycloak session (and the apps' sessions through Keycloak's
     * backchannel logout) and sends the browser to the organisation's logout URL, else the main app.
     */
    @GET
    @Path("{organization}/logout")
    public Response logout(@PathParam("organization") String alias) {
        OrganizationModel org = organisationByAlias(alias);
        AuthenticationManager.AuthResult auth = AuthenticationManager.authenticateIdentityCookie(session, realm, false);
        if (auth != null) {
            AuthenticationManager.backchannelLogout(session, realm, auth.session(), session.getContext().getUri(),
                    session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
            event(org, alias).event(EventType.LOGOUT).user(auth.user()).session(auth.session()).success();
        }
        AuthenticationManager.expireIdentityCookie(session);
        String logoutUrl = org == null ? null : new HandoffSettings(org).logoutUrl();
        try {
            return Response.seeOther(logoutUrl != null && !logoutUrl.isBlank() ? URI.create(logoutUrl) : ReturnTarget.resolve(session, realm, null)).build();
        } catch (HandoffRefused | IllegalArgumentException e) {
            return Response.noContent().build();
        }
    }

    @POST
    @Path("{organization}/logout")
    public Response logoutByPost(@PathParam("organization") String alias) {
        return logout(alias);
    }

    /** The parameter set of help desks such as ProProfs: token, account_id (organization id), auth_url. */
    @GET
    public Response getByAccount(@QueryParam("token") String token, @QueryParam("account_id") String accountId,
                                 @QueryParam("auth_url") String authUrl, @QueryParam("return_to") String returnTo) {
        return byAccount(token, accountId, authUrl, returnTo);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postByAccount(@FormParam("token") String token, @FormParam("account_id") String accountId,
                                  @FormParam("auth_url") String authUrl, @FormParam("return_to") String returnTo) {
        return byAccount(token, accountId, authUrl, returnTo);
    }

    private Response byAlias(String alias, String jwt, String returnTo) {
        return handoff(organisationByAlias(alias), alias, jwt, returnTo, null);
    }

    private OrganizationModel organisationByAlias(String alias) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        return orgs == null || alias == null || alias.length() > 255 ? null : orgs.getByAlias(alias.toLowerCase(Locale.ROOT));
    }

    private Response byAccount(String token, String accountId, String authUrl, String returnTo) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        OrganizationModel org = orgs == null || accountId == null || accountId.length() > 64 ? null : orgs.getById(accountId);
        return handoff(org, accountId, token, returnTo, authUrl == null ? "" : authUrl);
    }

    private Response handoff(OrganizationModel org, String named, String token, String returnTo, String authUrl) {
        EventBuilder event = event(org, named);
        try {
            if (org == null || !org.isEnabled()) {
                throw new HandoffRefused("org_unknown", 404);
            }
            HandoffSettings settings = new HandoffSettings(org);
            if (!settings.enabled()) {
                throw new HandoffRefused("handoff_disabled", 403);
            }
            if (authUrl != null && !Objects.equals(authUrl, settings.remoteLoginUrl())) {
                throw new HandoffRefused("auth_url_mismatch");
            }
            SecretVault vault = new SecretVault(session, realm);
            settings.sealImportedSecret(vault);
            List<String> secrets = new ArrayList<>();
            for (HandoffSettings.Secret s : settings.secrets()) {
                String clear = vault.unseal(s.sealed());
                if (clear != null) {
                    secrets.add(clear);
                }
            }
            long now = Time.currentTime();
            HandoffClaims claims = HandoffToken.verify(token, secrets, now, settings.iatWindowSeconds());
            event.detail("email", claims.email());
            URI target = ReturnTarget.resolve(session, realm, returnTo);
            // Single use across the cluster, for as long as the token could otherwise be accepted.
            if (!session.singleUseObjects().putIfAbsent(jtiKey(org, claims.jti()), Math.max(1, claims.expiresAt() - now + 60))) {
                throw new HandoffRefused("jti_replayed", 409);
            }
            UserModel user = new HandoffUsers(session, realm).findOrCreate(org, claims);
            UserSessionModel userSession = openSession(user);
            event.event(EventType.LOGIN).user(user).session(userSession).detail("redirect_uri", target.toString()).success();
            return Response.seeOther(target).build();
        } catch (HandoffRefused refused) {
            if (refused.rule() != null) {
                event.detail(Vocabulary.DOMAIN_RULE, refused.rule());
            }
            event.event(EventType.LOGIN_ERROR).error(refused.reason());
            return errorPage(refused);
        }
    }

    private UserSessionModel openSession(UserModel user) {
        ClientConnection connection = session.getContext().getConnection();
        UserSessionModel userSession = session.sessions().createUserSession(null, realm, user, user.getUsername(),
                connection.getRemoteAddr(), AUTH_METHOD, false, null, null, UserSessionModel.SessionPersistenceState.PERSISTENT);
        AuthenticationManager.createLoginCookie(session, realm, user, userSession, session.getContext().getUri(), connection);
        return userSession;
    }

    private EventBuilder event(OrganizationModel org, String named) {
        EventBuilder e = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN)
                .detail("orgsso_decision", "handoff")
                .detail("auth_method", AUTH_METHOD);
        ClientModel mainApp = realm.getClientByClientId(ReturnTarget.MAIN_APP);
        if (mainApp != null) {
            e.client(mainApp);
        }
        if (org != null) {
            e.detail("org_alias", org.getAlias());
        } else if (named != null && named.length() <= 64) {
            e.detail("org_alias", named);
        }
        return e;
    }

    private Response errorPage(HandoffRefused refused) {
        Response.Status status = Response.Status.fromStatusCode(refused.status());
        return session.getProvider(LoginFormsProvider.class)
                .setError("orgssoHandoffRefused", refused.reason())
                .createErrorPage(status == null ? Response.Status.BAD_REQUEST : status);
    }

    /** The jti is hashed into the key: bounded size, and nothing a customer sent is used as a cache key verbatim. */
    private static String jtiKey(OrganizationModel org, String jti) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8));
            return "orgsso.handoff.jti." + org.getId() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
