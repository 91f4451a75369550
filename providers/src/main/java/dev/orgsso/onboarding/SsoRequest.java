package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.SamlVendor;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The body of an onboarding call, read defensively from JSON: every field is optional here and checked
 * where it is needed, so that an admin gets one clear message per mistake. {@code "protocol": "saml"}
 * makes it a SAML request: {@link #samlVendor()} instead of {@link #type()}, and the IdP's metadata
 * ({@code metadataUrl} or {@code metadataXml}) instead of the OIDC fields.
 */
record SsoRequest(IdpType type, String clientId, String clientSecret, String tenant, String issuer,
                  String clientSecretExpiresAt, boolean expiryGiven, String audience, Boolean enabled,
                  String organizationName, List<String> domains,
                  SamlVendor samlVendor, String metadataUrl, String metadataXml, IdpInitiated idpInitiated) {

    static final String SAML = "saml";
    static final String IDP_INITIATED = "idpInitiated";

    /**
     * {@code "idpInitiated": {"enabled": true, "app": "main-app"}}: sign-in from the company portal's tile
     * lands in that app ({@code app} null: the first app of the IdP's audience); {@code enabled: false} turns it off.
     */
    record IdpInitiated(boolean enabled, String app) {
    }

    boolean saml() {
        return samlVendor != null;
    }

    static SsoRequest from(Map<String, Object> body) {
        if (body == null) {
            throw new OnboardingRefused(ApiError.BODY_MISSING, "Send a JSON object with at least type, clientId and clientSecret.");
        }
        Object org = body.get("organization");
        Map<?, ?> orgFields = org instanceof Map<?, ?> m ? m : Map.of();
        String protocol = text(body, "protocol");
        if (protocol != null && SAML.equalsIgnoreCase(protocol)) {
            return new SsoRequest(null, null, null, null, null, null, false, text(body, "audience"),
                    body.get("enabled") instanceof Boolean b ? b : null,
                    orgFields.get("name") instanceof String s ? s.strip() : null, domains(orgFields.get("domains")),
                    samlVendor(text(body, "type")), text(body, "metadataUrl"), rawText(body, "metadataXml"),
                    idpInitiated(body.get(IDP_INITIATED)));
        }
        if (body.containsKey(IDP_INITIATED)) {
            throw new OnboardingRefused(ApiError.IDP_INITIATED_INVALID, "\"idpInitiated\" is for SAML IdPs (\"protocol\": \"saml\"): "
                    + "an OIDC sign-in always starts at the help desk.");
        }
        if (protocol != null && !"oidc".equalsIgnoreCase(protocol) && !"openid-connect".equalsIgnoreCase(protocol)) {
            throw new OnboardingRefused(ApiError.PROTOCOL_INVALID, "\"protocol\" must be oidc (the default) or saml.");
        }
        return new SsoRequest(type(text(body, "type")), text(body, "clientId"), text(body, "clientSecret"),
                text(body, "tenant"), text(body, "issuer"), expiry(body), body.containsKey("clientSecretExpiresAt"),
                text(body, "audience"), body.get("enabled") instanceof Boolean b ? b : null,
                orgFields.get("name") instanceof String s ? s.strip() : null, domains(orgFields.get("domains")),
                null, null, null, null);
    }

    private static IdpInitiated idpInitiated(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> fields) || !(fields.get("enabled") instanceof Boolean enabled)
                || (fields.get("app") != null && !(fields.get("app") instanceof String))) {
            throw new OnboardingRefused(ApiError.IDP_INITIATED_INVALID,
                    "\"idpInitiated\" must be {\"enabled\": true, \"app\": \"main-app\"} or {\"enabled\": false}.");
        }
        String app = fields.get("app") instanceof String s && !s.isBlank() ? s.strip() : null;
        return new IdpInitiated(enabled, app);
    }

    private static String expiry(Map<String, Object> body) {
        String value = text(body, "clientSecretExpiresAt");
        if (value == null) {
            return null;
        }
        try {
            // A full timestamp is accepted too (Entra shows one); the day is what counts.
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value).toString();
        } catch (DateTimeParseException e) {
            throw new OnboardingRefused(ApiError.EXPIRY_INVALID, "\"clientSecretExpiresAt\" must be a date such as 2027-05-31.");
        }
    }

    private static List<String> domains(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(d -> !(d instanceof String))) {
            throw new OnboardingRefused(ApiError.DOMAINS_INVALID, "\"organization.domains\" must be a list of domain names.");
        }
        return list.stream().map(d -> ((String) d).strip().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private static IdpType type(String value) {
        IdpType type = IdpType.parse(value);
        if (type == null) {
            throw new OnboardingRefused(ApiError.TYPE_INVALID, "\"type\" must be one of entra, okta, jumpcloud, oidc.");
        }
        return type;
    }

    private static SamlVendor samlVendor(String value) {
        SamlVendor vendor = SamlVendor.parse(value);
        if (vendor == null) {
            throw new OnboardingRefused(ApiError.TYPE_INVALID, "\"type\" must be one of entra, okta, jumpcloud, saml for \"protocol\": \"saml\".");
        }
        return vendor;
    }

    /** A string field kept as sent (metadata XML may start with a byte order mark or white space the parser handles). */
    private static String rawText(Map<String, Object> body, String field) {
        text(body, field);
        Object value = body.get(field);
        return value == null || ((String) value).isBlank() ? null : (String) value;
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw new OnboardingRefused(ApiError.fieldInvalid(field), "\"" + field + "\" must be a string.");
        }
        return value == null || ((String) value).isBlank() ? null : ((String) value).strip();
    }
}
