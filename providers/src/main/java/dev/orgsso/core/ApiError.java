package dev.orgsso.core;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;

/**
 * How the pack's admin APIs say no: a JSON body {@code {"error": code, "error_description": message}}, as
 * OAuth does, with one of these codes (docs/onboarding-api.yaml lists them; stable once documented). A
 * field of the wrong JSON type answers {@code <field>_invalid} ({@link #fieldInvalid(String)}).
 */
public enum ApiError {
    BODY_MISSING,
    TYPE_INVALID,
    EXPIRY_INVALID,
    DOMAINS_INVALID,
    CLIENT_ID_MISSING,
    CLIENT_SECRET_MISSING,
    TENANT_MISSING,
    TENANT_INVALID,
    ISSUER_MISSING,
    ISSUER_INVALID,
    DISCOVERY_FAILED,
    DISCOVERY_UNREACHABLE,
    DISCOVERY_INVALID,
    ISSUER_MISMATCH,
    CODE_FLOW_UNSUPPORTED,
    FLOW_MISSING,
    PROTOCOL_INVALID,
    // SAML metadata, in the style of OIDC discovery's codes.
    METADATA_MISSING,
    METADATA_FAILED,
    METADATA_UNREACHABLE,
    METADATA_INVALID,
    METADATA_NO_ENTITY_ID,
    METADATA_NO_SSO_URL,
    METADATA_NO_SIGNING_CERTIFICATE,
    /** {@code idpInitiated}: not a SAML IdP, no such app, or an app of the other audience. */
    IDP_INITIATED_INVALID,
    /** New metadata for a connection (a renewal) that describes another IdP. */
    METADATA_OTHER_IDP,
    ALIAS_INVALID,
    ORGANIZATION_NOT_FOUND,
    NOT_FOUND,
    INVALID,
    /** A setup link may not change a connection that is already live (a renewal link may replace its secret). */
    CONNECTION_LIVE,
    DAYS_INVALID,
    CONTACT_INVALID,
    WITHIN_DAYS_INVALID,
    TWO_SECRETS_LIVE,
    TWO_TOKENS_LIVE,
    // A URL from outside that OutsideUrls does not fetch.
    URL_INVALID,
    URL_NOT_HTTPS,
    URL_NOT_PUBLIC,
    URL_UNRESOLVABLE,
    URL_REDIRECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Response answer(Response.Status status, String message) {
        return answer(status, code(), message);
    }

    /** The code for a request field of the wrong JSON type, named as the request names it (e.g. {@code clientId_invalid}). */
    public static String fieldInvalid(String field) {
        return field + "_invalid";
    }

    public static Response answer(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", code, "error_description", message)).build();
    }
}
