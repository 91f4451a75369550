package dev.orgsso.orglogin;

import dev.orgsso.core.OrganisationName;
import dev.orgsso.core.SignedIn;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The last organisation used in this browser, as a cookie scoped to the realm's path. It holds only
 * the alias the user typed (no user data), so it can be long-lived; the lookup validates it again.
 */
final class RememberedOrganisation {

    static final String COOKIE = "ORGSSO_ORGANISATION";
    /** Client note: {@code <days>|<alias>} to remember when the sign-in completes. */
    private static final String AFTER_SIGN_IN = "orgsso.rememberAfterSignIn";

    private final KeycloakSession session;
    private final RealmModel realm;

    RememberedOrganisation(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The remembered alias, normalised and validated again; null when there is none. */
    String alias() {
        Cookie c = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        if (c == null) {
            return null;
        }
        OrganisationName name = OrganisationName.parse(c.getValue());
        return name.valid() ? name.alias() : null;
    }

    /**
     * Remembers the organisation once this sign-in completes ({@link #onSignedIn}): a link that only names
     * an organisation, or a user who never got past its IdP, must not change what this browser offers next.
     * A client note, because Keycloak keeps those across a restart of the flow (handoff's remote login).
     */
    static void afterSignIn(AuthenticationSessionModel authSession, String alias, int days) {
        if (days > 0) {
            authSession.setClientNote(AFTER_SIGN_IN, days + "|" + alias);
        }
    }

    /** The completed sign-in's organisation, if its flow went through one, is remembered now. */
    static void onSignedIn(SignedIn signedIn) {
        String note = signedIn.authSession().getClientNote(AFTER_SIGN_IN);
        int bar = note == null ? -1 : note.indexOf('|');
        if (bar < 0) {
            return;
        }
        signedIn.authSession().removeClientNote(AFTER_SIGN_IN);
        try {
            new RememberedOrganisation(signedIn.session(), signedIn.authSession().getRealm())
                    .remember(note.substring(bar + 1), Integer.parseInt(note.substring(0, bar)));
        } catch (NumberFormatException ignored) {
            // Not a note this class wrote.
        }
    }

    void remember(String alias, int days) {
        if (days <= 0) {
            return;
        }
        boolean https = "https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme());
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(COOKIE)
                .value(alias)
                .path("/realms/" + realm.getName() + "/")
                .maxAge(days * 86400)
                .httpOnly(true)
                .secure(https)
                .sameSite(NewCookie.SameSite.LAX)
                .build());
    }
}
