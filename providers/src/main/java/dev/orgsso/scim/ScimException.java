package dev.orgsso.scim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SCIM error answer (RFC 7644 §3.12): the HTTP status, the {@code scimType} when the RFC names one, and the
 * message as {@code detail}. It is thrown where the problem is found and turned into the response body once, so
 * the filter, the PATCH and the endpoints answer in the same words. No stack trace is filled: it is an answer to
 * the client, not a bug, and a client that sends bad filters in a loop should not cost a stack walk each time.
 */
final class ScimException extends RuntimeException {

    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final int status;
    private final String scimType;

    private ScimException(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    static ScimException noTarget(String detail) {
        return new ScimException(400, "noTarget", detail);
    }

    static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    static ScimException unauthorized(String detail) {
        return new ScimException(401, null, detail);
    }

    static ScimException tooLarge(String detail) {
        return new ScimException(413, null, detail);
    }

    int status() {
        return status;
    }

    /** The RFC 7644 §3.12 error type, or null where the RFC defines none (401, 404, 413). */
    String scimType() {
        return scimType;
    }

    /** The error body; {@code status} is a string, as RFC 7644 §3.12 writes it. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(ERROR_SCHEMA));
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", getMessage());
        return body;
    }
}
