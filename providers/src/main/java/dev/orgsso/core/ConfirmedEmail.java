package dev.orgsso.core;

import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Marks a new account's email verified once the sign-up confirmed it (the emailed code was typed, or the
 * IdP vouched for it). Keycloak sets emailVerified from the IdP's "Trust email" switch after the first
 * broker login flow (AbstractIdentityProvider#updateEmail), so the mark is applied after that: by the
 * pack's OIDC provider (federation.PackOidcProvider) and, for IdPs of other kinds, by the
 * {@code orgsso-mark-email-verified} step of a post broker login flow.
 */
public final class ConfirmedEmail {

    /** Auth note: this sign-up confirmed the email (set by the emailed-code step, read once here). */
    public static final String NOTE = "orgsso.code.verified";

    private ConfirmedEmail() {
    }

    /** Sets the user's email verified when this sign-up confirmed it; once per sign-up. */
    public static void apply(AuthenticationSessionModel authSession, UserModel user) {
        if (authSession != null && user != null && "true".equals(authSession.getAuthNote(NOTE))) {
            user.setEmailVerified(true);
            authSession.removeAuthNote(NOTE);
        }
    }
}
