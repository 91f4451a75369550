package dev.orgsso.handoff;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.OrganisationLookup;
import dev.orgsso.core.Reason;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** Form parameter: the proof that a switch of account or a logout was confirmed in this browser. */
    static final String CONFIRM = "confirm";
    private static final String LOGOUT_PURPOSE = "logout";

    private final KeycloakSession session;
    private final RealmModel realm;

    public HandoffResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("{organization}")
    public Response get(@PathParam("organization") String alias, @QueryParam("jwt") String jwt, @QueryParam("return_to") String returnTo) {
        return byAlias(alias, jwt, returnTo, null);
    }

    @POST
    @Path("{organization}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@PathParam("organization") String alias, @FormParam("jwt") String jwt, @FormParam("return_to") String returnTo,
                         @FormParam(CONFIRM) String confirm) {
        return byAlias(alias, jwt, returnTo, confirm);
    }

    /**
     * Sign-out for handoff users, as Keycloak's own logout does it: a GET asks first (a cross-site page
     * can make the browser send it), the POST of that page ends the Keycloak session (and the apps'
     * sessions through Keycloak's backchannel logout) when it carries the proof that it came from this
     * browser, then the browser goes to the organisation's logout URL, else the main app.
     */
    @GET
    @Path("{organization}/logout")
    public Response logout(@PathParam("organization") String alias) {
        return logout(alias, null);
    }

    @POST
    @Path("{organization}/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logoutByPost(@PathParam("organization") String alias, @FormParam(CONFIRM) String confirm) {
        return logout(alias, confirm);
    }

    private Response logout(String alias, String confirm) {
        OrganizationModel org = OrganisationLookup.byAlias(session, alias);
        if (org == null) {
            event(null, alias).event(EventType.LOGOUT_ERROR).error(Reason.ORG_UNKNOWN.code());
            return errorPage(new HandoffRefused(Reason.ORG_UNKNOWN, 404), null);
        }
        BrowserSession browser = new BrowserSession(session, realm);
        if (browser.current() != null) {
            if (!browser.confirmed(LOGOUT_PURPOSE, confirm)) {
                return browser.ask("Logout", null, session.getContext().getUri().getAbsolutePath().toString(),
                        Map.of(CONFIRM, browser.proof(LOGOUT_PURPOSE)), mainAppOrNull());
            }
            browser.end();
            event(org, alias).event(EventType.LOGOUT).user(browser.current().user()).session(browser.current().session()).success();
        }
        AuthenticationManager.expireIdentityCookie(session);
        String logoutUrl = new HandoffSettings(org).logoutUrl();
        try {
            return Response.seeOther(logoutUrl != null && !logoutUrl.isBlank() ? URI.create(logoutUrl) : ReturnTarget.resolve(session, realm, null)).build();
        } catch (HandoffRefused | IllegalArgumentException e) {
            return Response.noContent().build();
        }
    }

    private String mainAppOrNull() {
        try {
            return ReturnTarget.resolve(session, realm, null).toString();
        } catch (HandoffRefused e) {
            return "#";
        }
    }

    /** The parameter set of help desks such as ProProfs: token, account_id (organization id), auth_url. */
    @GET
    public Response getByAccount(@QueryParam("token") String token, @QueryParam("account_id") String accountId,
                                 @QueryParam("auth_url") String authUrl, @QueryParam("return_to") String returnTo) {
        return byAccount(token, accountId, authUrl, returnTo, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postByAccount(@FormParam("token") String token, @FormParam("account_id") String accountId,
                                  @FormParam("auth_url") String authUrl, @FormParam("return_to") String returnTo,
                                  @FormParam(CONFIRM) String confirm) {
        return byAccount(token, accountId, authUrl, returnTo, confirm);
    }

    private Response byAlias(String alias, String jwt, String returnTo, String confirm) {
        Map<String, String> resend = new LinkedHashMap<>();
        resend.put("jwt", jwt == null ? "" : jwt);
        if (returnTo != null) {
            resend.put("return_to", returnTo);
        }
        return handoff(OrganisationLookup.byAlias(session, alias), alias, jwt, returnTo, null, new Confirmation(confirm, resend));
    }

    private Response byAccount(String token, String accountId, String authUrl, String returnTo, String confirm) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        OrganizationModel org = orgs == null || accountId == null || accountId.length() > 64 ? null : orgs.getById(accountId);
        Map<String, String> resend = new LinkedHashMap<>();
        resend.put("token", token == null ? "" : token);
        resend.put("account_id", accountId == null ? "" : accountId);
        resend.put("auth_url", authUrl == null ? "" : authUrl);
        if (returnTo != null) {
            resend.put("return_to", returnTo);
        }
        return handoff(org, accountId, token, returnTo, authUrl == null ? "" : authUrl, new Confirmation(confirm, resend));
    }

    /** What the browser confirmed (the proof it posted back, if any) and the parameters to post again when asked. */
    private record Confirmation(String proof, Map<String, String> resend) {
    }

    private Response handoff(OrganizationModel org, String named, String token, String returnTo, String authUrl, Confirmation confirmation) {
        EventBuilder event = event(org, named);
        String takenJti = null;
        try {
            if (org == null || !org.isEnabled()) {
                throw new HandoffRefused(Reason.ORG_UNKNOWN, 404);
            }
            HandoffSettings settings = new HandoffSettings(org);
            if (!settings.enabled()) {
                throw new HandoffRefused(Reason.HANDOFF_DISABLED, 403);
            }
            if (authUrl != null && !Objects.equals(authUrl, settings.remoteLoginUrl())) {
                throw new HandoffRefused(Reason.AUTH_URL_MISMATCH);
            }
            SecretVault vault = new SecretVault(session, realm);
            List<String> secrets = new ArrayList<>();
            for (HandoffSettings.Secret s : settings.secrets()) {
                String clear = vault.unseal(s.sealed());
                if (clear != null) {
                    secrets.add(clear);
                }
            }
            if (settings.hasImportedSecret()) {
                // This request uses the imported secret as it is; sealing it is a write of its own, since
                // several first handoffs after an import race to do it and the losers must not fail.
                String imported = settings.importedSecret();
                if (imported != null) {
                    secrets.add(imported);
                }
                ImportedSecret.sealOnce(session, realm, org);
            }
            long now = Time.currentTime();
            HandoffClaims claims = HandoffToken.verify(token, secrets, now, settings.iatWindowSeconds());
            event.detail(Detail.EMAIL, claims.email());
            URI target = ReturnTarget.resolve(session, realm, returnTo);
            HandoffUsers users = new HandoffUsers(session, realm);
            // Decided before the jti is used: a token refused here stays good (e.g. once the organisation opts in).
            HandoffUsers.Admission admission = users.admit(org, claims);
            // Login CSRF: a browser signed in as someone else is asked before it is switched (nothing is
            // used up by asking: the token stays good for the confirmation's POST).
            BrowserSession browser = new BrowserSession(session, realm);
            if (browser.current() != null && !sameUser(browser.current().user(), org, claims)) {
                String purpose = "handoff:" + claims.jti();
                if (!browser.confirmed(purpose, confirmation.proof())) {
                    Map<String, String> fields = new LinkedHashMap<>(confirmation.resend());
                    fields.put(CONFIRM, browser.proof(purpose));
                    return browser.ask("Switch", claims.email(), session.getContext().getUri().getAbsolutePath().toString(), fields,
                            target.toString());
                }
                browser.end();
            }
            // Single use across the cluster, for as long as the token could otherwise be accepted.
            String jtiKey = jtiKey(org, claims.jti());
            if (!session.singleUseObjects().putIfAbsent(jtiKey, Math.max(1, claims.acceptableUntil() - now + 60))) {
                throw new HandoffRefused(Reason.JTI_REPLAYED, 409);
            }
            takenJti = jtiKey;
            session.getTransactionManager().enlistAfterCompletion(new UnusedOnRollback(session, jtiKey));
            UserModel user = users.findOrCreate(org, claims, admission);
            UserSessionModel userSession = openSession(user);
            event.event(EventType.LOGIN).user(user).session(userSession).detail(Detail.REDIRECT_URI, target.toString()).success();
            return Response.seeOther(target).build();
        } catch (HandoffRefused refused) {
            if (takenJti != null && refused.status() >= 500) {
                // Refused for a reason of ours (the account could not be created): the retry may use the token.
                session.singleUseObjects().remove(takenJti);
            }
            if (refused.rule() != null) {
                event.detail(Detail.DOMAIN_RULE, refused.rule());
            }
            event.event(EventType.LOGIN_ERROR).error(refused.reason());
            return errorPage(refused, org);
        }
    }

    /** The browser's user is the one the token names: by the organisation's external id, else by email. */
    private static boolean sameUser(UserModel current, OrganizationModel org, HandoffClaims claims) {
        String externalId = current.getFirstAttribute(HandoffUsers.EXTERNAL_ID);
        if (claims.externalId() != null && externalId != null) {
            return externalId.equals(org.getId() + ":" + claims.externalId());
        }
        return current.getEmail() != null && current.getEmail().equalsIgnoreCase(claims.email());
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
                .detail(Detail.DECISION, Decision.HANDOFF.code())
                .detail(Detail.AUTH_METHOD, AUTH_METHOD);
        ClientModel mainApp = realm.getClientByClientId(ReturnTarget.MAIN_APP);
        if (mainApp != null) {
            e.client(mainApp);
        }
        if (org != null) {
            e.detail(Detail.ORGANISATION, org.getAlias());
        } else if (named != null && named.length() <= 64) {
            e.detail(Detail.ORGANISATION, named);
        }
        return e;
    }

    private Response errorPage(HandoffRefused refused, OrganizationModel org) {
        Response.Status status = Response.Status.fromStatusCode(refused.status());
        LoginFormsProvider page = session.getProvider(LoginFormsProvider.class).setError("orgssoHandoffRefused", refused.reason());
        String back = org == null ? null : new HandoffSettings(org).remoteLoginUrl();
        if (back != null && back.startsWith("http")) {
            // A way back: the organisation's own sign-in, where a new token is made.
            page.setAttribute("orgssoBackUrl", back);
        }
        return page.createErrorPage(status == null ? Response.Status.BAD_REQUEST : status);
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
