package dev.orgsso.core;

import java.util.Locale;
import java.util.Optional;

/**
 * Why the pack refused: the non-secret code a user sees on the refusal page and an operator finds as the
 * event's error and in the metric's {@code reason} tag. A closed set, stable once documented
 * (docs/operator.md lists them).
 */
public enum Reason {
    // Organisation page.
    ORG_UNKNOWN,
    ORG_INVALID,
    ORG_NO_IDP,
    IDP_NOT_OF_ORGANISATION,
    // Boundaries.
    AUDIENCE_MISMATCH,
    EMAIL_DOMAIN_NOT_ALLOWED,
    SSO_REQUIRED,
    // The customer's IdP.
    IDP_MISCONFIGURED,
    IDP_CLIENT_SECRET_INVALID,
    /** The customer's IdP did not answer in time, could not be reached, or has its limit of calls in flight. */
    IDP_UNAVAILABLE,
    // SAML.
    /** An IdP-initiated sign-in (the company portal's tile) for an organisation that has not turned it on. */
    IDP_INITIATED_OFF,
    /** A SAML assertion posted a second time (back button, a proxy, or a stolen assertion). */
    ASSERTION_REPLAYED,
    // First sign-up and the emailed code.
    EMAIL_MISSING,
    EMAIL_IN_USE,
    CODE_RESEND_WAIT,
    CODE_EXPIRED,
    CODE_LOCKED,
    CODE_WRONG,
    CODE_RATE_LIMITED,
    CODE_NOT_SENT,
    // JWT handoff.
    HANDOFF_DISABLED,
    AUTH_URL_MISMATCH,
    MALFORMED,
    TOKEN_TOO_LARGE,
    ALG_NOT_ALLOWED,
    INVALID_SIGNATURE,
    IAT_OUT_OF_WINDOW,
    TOKEN_EXPIRED,
    JTI_MISSING,
    JTI_INVALID,
    JTI_REPLAYED,
    USER_OUTSIDE_ORGANIZATION,
    USER_DISABLED,
    ACCOUNT_NOT_CREATED,
    RETURN_TO_NOT_ALLOWED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Reason> of(String code) {
        for (Reason r : values()) {
            if (r.code().equals(code)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
