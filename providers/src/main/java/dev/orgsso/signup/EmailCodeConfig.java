package dev.orgsso.signup;

import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;

/** The email code's limits, from the authenticator config (admin console). */
final class EmailCodeConfig {

    static final String VALID_SECONDS = "orgsso.code.validSeconds";
    static final String MAX_ATTEMPTS = "orgsso.code.maxAttempts";
    static final String RESEND_COOLDOWN = "orgsso.code.resendCooldownSeconds";
    /** Per email address, across sign-up attempts and nodes. */
    static final String MAILS_PER_HOUR = "orgsso.code.mailsPerHour";
    static final String WRONG_PER_DAY = "orgsso.code.wrongGuessesPerDay";

    private final Map<String, String> values;

    EmailCodeConfig(AuthenticatorConfigModel model) {
        this.values = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    int validSeconds() {
        return number(VALID_SECONDS, 600);
    }

    int maxAttempts() {
        return number(MAX_ATTEMPTS, 5);
    }

    int resendCooldownSeconds() {
        return number(RESEND_COOLDOWN, 60);
    }

    int mailsPerHour() {
        return number(MAILS_PER_HOUR, 5);
    }

    /** 20 guesses of a 6-digit code: a one in 50,000 chance a day of confirming someone else's address. */
    int wrongGuessesPerDay() {
        return number(WRONG_PER_DAY, 20);
    }

    private int number(String key, int fallback) {
        try {
            return Math.max(1, Integer.parseInt(values.getOrDefault(key, String.valueOf(fallback)).trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
