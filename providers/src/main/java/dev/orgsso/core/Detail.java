package dev.orgsso.core;

import org.keycloak.events.Details;

/**
 * The names of the event details the pack writes, each written once. The audit line and the metric read
 * only these (an allow-list), so whatever else a detail map holds never reaches a log line.
 */
public final class Detail {

    /** Which of the pack's decisions the event records: a {@link Decision} code. */
    public static final String DECISION = "orgsso_decision";
    /** The organisation's alias (what operators search by). */
    public static final String ORGANISATION = "org_alias";
    /** The audience of the client (users or agents). */
    public static final String AUDIENCE = "orgsso_audience";
    /** The organisation login's mode (button or automatic). */
    public static final String MODE = "orgsso_mode";
    /** How the organisation was found (link, typed, chosen, remembered, login_hint). */
    public static final String ORG_SOURCE = "org_source";
    /** Why the domain rule refused: the rule of a refused {@link DomainOwnership.Verdict}. */
    public static final String DOMAIN_RULE = "orgsso_domain_rule";
    /** How a handoff authenticated the user. */
    public static final String AUTH_METHOD = "auth_method";
    /** Days until a client secret or signing certificate expires (negative: expired). */
    public static final String DAYS_LEFT = "days_left";
    /** What expires: {@code client_secret} or {@code signing_certificate} ({@link FederatedIdp.Credential}). */
    public static final String CREDENTIAL = "credential";
    /** The expiry date of a client secret or signing certificate. */
    public static final String EXPIRES = "expires";
    /** What is wrong with an organisation's IdP set-up. */
    public static final String IDP_PROBLEM = "idp_problem";
    /** The SCIM token a change came through (its id, never the token). */
    public static final String SCIM_TOKEN = "scim_token";
    /** The user or group a SCIM change is about (its id). */
    public static final String SCIM_RESOURCE = "scim_resource";
    /** The setup link an action went through (its id, never its token). */
    public static final String SETUP_LINK = "setup_link";
    /** How a step ended, in one word (a test sign-in passed or failed, why a domain or a link was refused). */
    public static final String SETUP_RESULT = "setup_result";
    /** An email domain a setup link claimed or proved. */
    public static final String DOMAIN = "email_domain";
    /** The IdP's own error code when it refused the pack. */
    public static final String IDP_ANSWER = "idp_answer";

    // Keycloak's own detail names, used as Keycloak uses them.
    public static final String IDENTITY_PROVIDER = Details.IDENTITY_PROVIDER;
    public static final String EMAIL = Details.EMAIL;
    public static final String REDIRECT_URI = Details.REDIRECT_URI;

    private Detail() {
    }
}
