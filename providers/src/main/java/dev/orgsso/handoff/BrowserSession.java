package dev.orgsso.handoff;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The Keycloak session this browser already has, and the proof that a confirmation came from that
 * browser: an HMAC (the realm's own HS512 key) over its session id and what is being confirmed. A
 * cross-site page can make the browser send a handoff or a logout, but it cannot read the page that
 * asks, so it cannot forge the proof (login and logout CSRF).
 */
final class BrowserSession {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AuthenticationManager.AuthResult current;

    BrowserSession(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.current = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
    }

    AuthenticationManager.AuthResult current() {
        return current;
    }

    /** The proof for confirming {@code purpose} from this browser's session; null when there is no session. */
    String proof(String purpose) {
        if (current == null) {
            return null;
        }
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            return null;
        }
        byte[] input = (current.session().getId() + ":" + purpose).getBytes(StandardCharsets.UTF_8);
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
            mac.init(key.getSecretKey());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean confirmed(String purpose, String given) {
        String expected = proof(purpose);
        return expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    /** Ends the browser's current session (the apps' sessions too, through Keycloak's backchannel logout). */
    void end() {
        if (current != null) {
            UserSessionModel old = current.session();
            AuthenticationManager.backchannelLogout(session, realm, old, session.getContext().getUri(),
                    session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
        }
    }

    /** The themed question with a form that POSTs {@code fields} (and the proof) back to {@code action}. */
    Response ask(String kind, String next, String action, Map<String, String> fields, String noUrl) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", "orgsso" + kind + "Title");
        page.put("question", "orgsso" + kind + "Question");
        page.put("yes", "orgsso" + kind + "Yes");
        page.put("no", "orgsso" + kind + "No");
        page.put("current", current == null ? "" : String.valueOf(current.user().getEmail() != null ? current.user().getEmail()
                : current.user().getUsername()));
        page.put("next", next == null ? "" : next);
        page.put("action", action);
        page.put("fields", fields);
        page.put("noUrl", noUrl);
        return session.getProvider(LoginFormsProvider.class).setAttribute("orgssoConfirm", page)
                .createForm("orgsso-confirm.ftl");
    }
}
