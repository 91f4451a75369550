package dev.orgsso.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The pack's decisions: the value of the detail {@link Detail#DECISION} on every event the pack records
 * (login events and admin events). A closed set: the audit listener records, and the metric counts, only
 * events whose decision is one of these.
 */
public enum Decision {
    /** The organisation page refused what was typed (unknown, invalid, no IdP). */
    ORG_LOOKUP,
    /** The organisation page sent the user to the organisation's IdP. */
    REDIRECT,
    /** The organisation signs in by handoff: the user went to its own site's login. */
    REMOTE_LOGIN,
    /** A user of one audience at a client of the other. */
    AUDIENCE_GUARD,
    /** An organisation's IdP refused a sign-in by the pack's rules (domain, sign-up flow). */
    ORGANISATION_IDP,
    /** A sign-in that started at the organisation's SAML IdP (the company portal's tile), landed or refused. */
    IDP_INITIATED,
    /** A SAML assertion refused before any account is looked up (used before). */
    SAML_ASSERTION,
    /** The customer's IdP refused the pack (e.g. the client secret). */
    IDP_ERROR,
    /** First sign-up: duplicate email, missing email, account creation. */
    SIGNUP,
    /** The emailed code was refused or could not be sent. */
    CODE,
    CODE_SENT,
    CODE_VERIFIED,
    /** A password sign-in or reset for a member of an SSO organisation. */
    SSO_REQUIRED,
    /** A JWT handoff (sign-in or sign-out). */
    HANDOFF,
    /** A client-secret expiry warning (admin event). */
    SECRET_EXPIRY,
    /** The pack replaced a SAML IdP's pinned signing certificates with those its metadata URL now lists (admin event). */
    SAML_CERTIFICATES_REFRESHED,
    SSO_ONBOARDED,
    SSO_UPDATED,
    SSO_REMOVED,
    HANDOFF_SETTINGS,
    HANDOFF_SECRET_CREATED,
    HANDOFF_SECRET_RETIRED,
    /** Setup links (admin events): the vendor created or revoked one; the IT admin acted through one. */
    SETUP_LINK_CREATED,
    SETUP_LINK_REVOKED,
    SETUP_LINK_REFUSED,
    SETUP_CONNECTION_SAVED,
    SETUP_TEST_SIGN_IN,
    SETUP_ACTIVATED,
    SETUP_DOMAIN_CLAIMED,
    SETUP_DOMAIN_VERIFIED,
    SETUP_DOMAIN_REFUSED,
    SETUP_SECRET_RENEWED,
    SETUP_CERTIFICATES_RENEWED,
    /** A renewal link was mailed to the organisation's IT contact before its client secret expires. */
    SETUP_RENEWAL_SENT,
    /** SCIM (admin events): the vendor made or revoked a token; the organisation's SCIM client changed a user or group. */
    SCIM_TOKEN_CREATED,
    SCIM_TOKEN_REVOKED,
    SCIM_USER_CREATED,
    SCIM_USER_UPDATED,
    SCIM_USER_DEACTIVATED,
    SCIM_USER_REACTIVATED,
    SCIM_USER_DELETED,
    SCIM_GROUP_CREATED,
    SCIM_GROUP_UPDATED,
    SCIM_GROUP_DELETED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Decision> of(String code) {
        for (Decision d : values()) {
            if (d.code().equals(code)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
