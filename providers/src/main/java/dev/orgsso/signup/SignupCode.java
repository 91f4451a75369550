package dev.orgsso.signup;

import dev.orgsso.core.ConfirmedEmail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The sign-up code's state in the authentication session (which Keycloak keeps cluster-wide): only a
 * salted hash of the code, when it expires, when it was sent, and how many wrong tries remain.
 */
final class SignupCode {

    private static final String HASH = "orgsso.code.hash";
    private static final String SALT = "orgsso.code.salt";
    private static final String EXPIRES = "orgsso.code.expires";
    private static final String SENT = "orgsso.code.sent";
    private static final String FAILED = "orgsso.code.failed";
    static final String VERIFIED = ConfirmedEmail.NOTE;

    enum Check { RIGHT, WRONG, EXPIRED, NONE }

    private final AuthenticationSessionModel authSession;

    SignupCode(AuthenticationSessionModel authSession) {
        this.authSession = authSession;
    }

    /** A new 6-digit code; the previous one stops working. Returns the code to email, never stored. */
    String issue(long now, int validSeconds) {
        String code = SecretGenerator.getInstance().randomString(6, SecretGenerator.DIGITS);
        String salt = Base64.getUrlEncoder().withoutPadding().encodeToString(SecretGenerator.getInstance().randomBytes(16));
        authSession.setAuthNote(SALT, salt);
        authSession.setAuthNote(HASH, hash(salt, code));
        authSession.setAuthNote(EXPIRES, String.valueOf(now + validSeconds));
        authSession.setAuthNote(SENT, String.valueOf(now));
        return code;
    }

    boolean issued() {
        return authSession.getAuthNote(HASH) != null;
    }

    long sentAt() {
        return number(SENT);
    }

    int failures() {
        return (int) number(FAILED);
    }

    Check check(String typed, long now) {
        String expected = authSession.getAuthNote(HASH);
        if (expected == null) {
            return Check.NONE;
        }
        if (now > number(EXPIRES)) {
            return Check.EXPIRED;
        }
        String normalised = typed == null ? "" : typed.replaceAll("\\s", "");
        boolean right = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                hash(authSession.getAuthNote(SALT), normalised).getBytes(StandardCharsets.US_ASCII));
        if (right) {
            clear();
            authSession.setAuthNote(VERIFIED, "true");
            return Check.RIGHT;
        }
        authSession.setAuthNote(FAILED, String.valueOf(failures() + 1));
        return Check.WRONG;
    }

    void clear() {
        for (String note : new String[] {HASH, SALT, EXPIRES, SENT, FAILED}) {
            authSession.removeAuthNote(note);
        }
    }

    private long number(String note) {
        String v = authSession.getAuthNote(note);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static String hash(String salt, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
