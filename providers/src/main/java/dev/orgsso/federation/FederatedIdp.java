package dev.orgsso.federation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;

/**
 * The pack's settings on a customer IdP, kept in the IdP's own config so that they travel with realm
 * exports and show in the admin console next to Keycloak's settings.
 */
public final class FederatedIdp {

    public static final String TYPE = "orgsso.type";
    public static final String TENANT_ID = "orgsso.tenantId";
    /** Entra's {@code domain_hint}, set when the tenant was named by a domain. */
    public static final String DOMAIN_HINT = "orgsso.domainHint";
    public static final String SECRET_EXPIRES_AT = "orgsso.secretExpiresAt";
    /** The last expiry warning given (30, 7, 1 or 0 days), so each is given once per cluster. */
    static final String SECRET_EXPIRY_WARNED = "orgsso.secretExpiryWarned";

    private final IdentityProviderModel idp;

    public FederatedIdp(IdentityProviderModel idp) {
        this.idp = idp;
    }

    public IdpType type() {
        return IdpType.ofConfig(config().get(TYPE));
    }

    String tenantId() {
        return config().get(TENANT_ID);
    }

    /** The expiry date of the client secret, or {@code null} when unknown (or unreadable). */
    public LocalDate secretExpiresAt() {
        String value = config().get(SECRET_EXPIRES_AT);
        try {
            return value == null || value.isBlank() ? null : LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    Integer warnedStage() {
        String value = config().get(SECRET_EXPIRY_WARNED);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    IdentityProviderModel model() {
        return idp;
    }

    private Map<String, String> config() {
        return idp.getConfig() == null ? Map.of() : idp.getConfig();
    }
}
