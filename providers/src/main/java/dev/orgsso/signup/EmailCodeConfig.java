package dev.orgsso.signup;

import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;

/** The email code's limits, from the authenticator config (admin console). */
final class EmailCodeConfig {

    static final String VALID_SECONDS = "orgsso.code.validSeconds";
    static final String MAX_ATTEMPTS = "orgsso.code.maxAttempts";
    static final String RESEND_COOLDOWN = "orgsso.code.resendCooldownSeconds";

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

    private int number(String key, int fallback) {
        try {
            return Math.max(1, Integer.parseInt(values.getOrDefault(key, String.valueOf(fallback)).trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
