package dev.orgsso.core;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A sign-in that only tests a new connection (the setup link's "Test sign-in"): the IdP's answer goes
 * through the broker endpoint the customer registered, is checked as every sign-in is (state, PKCE,
 * signature, issuer, audience, nonce), and then what the IdP sent is handed back to the setup page.
 * Nobody is signed in: no account, no user session, no help desk cookie. The setup page starts it with
 * an authentication session of its own that carries {@link #LINK}; the pack's IdP provider sees the note
 * on the way back and calls {@link #handBack} instead of Keycloak's broker login.
 */
public final class TestSignIn {

    /** Auth note: the setup link (its id) that asked for the test. Also the one thing a pending IdP admits. */
    public static final String LINK = "orgsso.testSignIn.link";
    /** Auth note: the setup page to return to. */
    public static final String RETURN_TO = "orgsso.testSignIn.returnTo";
    /** The result's key in what the setup page reads back. */
    public static final String RESULT_PARAM = "result";
    /** Keys of the observation (besides the claims themselves, stored under {@link #CLAIM}{@code name}). */
    public static final String OBSERVED_LINK = "link";
    public static final String OBSERVED_IDP = "idp";
    public static final String OBSERVED_EMAIL_TRUSTED = "pack.emailTrusted";
    public static final String OBSERVED_SUBJECT = "pack.subject";
    public static final String CLAIM = "claim.";
    /** A SAML assertion's NameID and its format. */
    public static final String OBSERVED_NAME_ID = "saml.nameId";
    public static final String OBSERVED_NAME_ID_FORMAT = "saml.nameIdFormat";
    /** All claim names of the ID token (a SAML assertion's attribute names), space-separated. */
    public static final String OBSERVED_CLAIM_NAMES = "claims";
    /** The IdP's error code, or {@code no_id_token}, when the test did not get an identity. */
    public static final String OBSERVED_ERROR = "error";

    private static final String KEY = "orgsso.testSignIn.";
    /** Long enough to read the page, short enough not to keep what an IdP sent around. */
    private static final long LIFESPAN_SECONDS = 900;

    private TestSignIn() {
    }

    public static boolean requested(AuthenticationSessionModel authSession) {
        return authSession != null && authSession.getAuthNote(LINK) != null;
    }

    /**
     * Keeps the observation for the setup page (single-use, cluster-wide), ends the authentication session
     * and sends the browser back to the page that asked.
     */
    public static Response handBack(KeycloakSession session, AuthenticationSessionModel authSession, String idpAlias,
                                    Map<String, String> observed) {
        Map<String, String> kept = new HashMap<>(observed);
        kept.put(OBSERVED_LINK, authSession.getAuthNote(LINK));
        kept.put(OBSERVED_IDP, idpAlias);
        String id = SecretGenerator.getInstance().randomString(32);
        session.singleUseObjects().put(KEY + id, LIFESPAN_SECONDS, kept);
        String back = authSession.getAuthNote(RETURN_TO);
        new AuthenticationSessionManager(session).removeAuthenticationSession(authSession.getRealm(), authSession, true);
        return Response.seeOther(UriBuilder.fromUri(back).queryParam(RESULT_PARAM, id).build()).build();
    }

    /** The observation of a test sign-in, once; null when unknown or already read. */
    public static Map<String, String> take(KeycloakSession session, String id) {
        if (id == null || id.length() != 32) {
            return null;
        }
        return session.singleUseObjects().remove(KEY + id);
    }
}
