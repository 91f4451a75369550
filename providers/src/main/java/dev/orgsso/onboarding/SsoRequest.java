package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.IdpType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The body of an onboarding call, read defensively from JSON: every field is optional here and checked
 * where it is needed, so that an admin gets one clear message per mistake.
 */
record SsoRequest(IdpType type, String clientId, String clientSecret, String tenant, String issuer,
                  String clientSecretExpiresAt, boolean expiryGiven, String audience, Boolean enabled,
                  String organizationName, List<String> domains) {

    static SsoRequest from(Map<String, Object> body) {
        if (body == null) {
            throw new OnboardingRefused(ApiError.BODY_MISSING, "Send a JSON object with at least type, clientId and clientSecret.");
        }
        Object org = body.get("organization");
        Map<?, ?> orgFields = org instanceof Map<?, ?> m ? m : Map.of();
        return new SsoRequest(type(text(body, "type")), text(body, "clientId"), text(body, "clientSecret"),
                text(body, "tenant"), text(body, "issuer"), expiry(body), body.containsKey("clientSecretExpiresAt"),
                text(body, "audience"), body.get("enabled") instanceof Boolean b ? b : null,
                orgFields.get("name") instanceof String s ? s.strip() : null, domains(orgFields.get("domains")));
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

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw new OnboardingRefused(ApiError.fieldInvalid(field), "\"" + field + "\" must be a string.");
        }
        return value == null || ((String) value).isBlank() ? null : ((String) value).strip();
    }
}
