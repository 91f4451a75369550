package dev.orgsso.orglogin;

import dev.orgsso.core.Audience;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;

/** The authenticator's admin-console settings as typed values, one instance per audience's flow. */
final class OrganisationLoginConfig {

    static final String MODE = "orgsso.mode";
    static final String AUDIENCE = "orgsso.audience";
    static final String REMEMBER_DAYS = "orgsso.remember.days";

    enum Mode {
        /** The normal login form plus "Log in with SSO". */
        BUTTON,
        /** Straight to the IdP whenever the organisation is already known. */
        AUTOMATIC
    }

    private final Map<String, String> values;

    OrganisationLoginConfig(AuthenticatorConfigModel model) {
        this.values = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    Mode mode() {
        return "automatic".equalsIgnoreCase(values.getOrDefault(MODE, "button")) ? Mode.AUTOMATIC : Mode.BUTTON;
    }

    Audience audience() {
        return Audience.parse(values.get(AUDIENCE));
    }

    /** How long the browser remembers the last organisation; 0 turns remembering off. */
    int rememberDays() {
        try {
            return Math.max(0, Integer.parseInt(values.getOrDefault(REMEMBER_DAYS, "365").trim()));
        } catch (NumberFormatException e) {
            return 365;
        }
    }
}
