package dev.orgsso.signup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * What one email address may still get across sign-up attempts and cluster nodes: code mails per hour
 * and wrong guesses per day. A sign-up that restarts gets fresh tries of its own, but not a fresh budget,
 * so guessing someone else's code and flooding their inbox stay bounded (the per-sign-up limits alone
 * allowed 100 guesses and 20 mails in 3 s). Kept in Keycloak's cluster-wide single-use store as slots:
 * one entry per mail or wrong guess, each living for its period, taken with putIfAbsent, so two nodes
 * never take the same slot and the window rolls.
 */
final class CodeBudget {

    private static final int HOUR = 3600;
    private static final int DAY = 86400;

    private final SingleUseObjectProvider store;
    private final String key;

    CodeBudget(KeycloakSession session, RealmModel realm, String email) {
        this.store = session.singleUseObjects();
        this.key = "orgsso.code.budget." + realm.getId() + "." + hash(email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    /** Seconds until the address may be mailed a code again (the resend cooldown, across sign-up attempts); 0 when now. */
    long cooldownLeft(long now, int cooldownSeconds) {
        java.util.Map<String, String> last = store.get(key + ".last");
        if (last == null || last.get("at") == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(last.get("at")) + cooldownSeconds - now);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Starts the cooldown: a code was mailed to the address now. */
    void mailed(long now, int cooldownSeconds) {
        store.put(key + ".last", cooldownSeconds, java.util.Map.of("at", String.valueOf(now)));
    }

    /** Takes one code mail of this hour's; false when the address had all of them. */
    boolean takeMail(int perHour) {
        return take("mail", perHour, HOUR);
    }

    /** False when the address used up today's wrong guesses: no code is checked for it any more today. */
    boolean mayGuess(int perDay) {
        for (int i = 0; i < perDay; i++) {
            if (!store.contains(key + ".wrong." + i)) {
                return true;
            }
        }
        return false;
    }

    /** Counts one wrong guess; false when it was beyond today's. */
    boolean wrongGuess(int perDay) {
        return take("wrong", perDay, DAY);
    }

    private boolean take(String kind, int max, int lifespanSeconds) {
        for (int i = 0; i < max; i++) {
            if (store.putIfAbsent(key + "." + kind + "." + i, lifespanSeconds)) {
                return true;
            }
        }
        return false;
    }

    /** Nothing an outsider typed is a cache key verbatim, nor an address kept in clear. */
    private static String hash(String email) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
