package dev.orgsso.boundary;

/** The event detail keys and reason codes of the boundaries, written once (docs/events.md lists them). */
public final class Vocabulary {

    /** Event detail: which of the pack's decisions this event records. */
    public static final String DECISION = "orgsso_decision";
    /** Event detail: the organisation's alias. */
    public static final String ORGANISATION = "org_alias";
    /** Event detail: the audience of the client (users or agents). */
    public static final String AUDIENCE = "orgsso_audience";
    /** Event detail: why the domain rule refused (another_organisation, outside_organisation, agent). */
    public static final String DOMAIN_RULE = "orgsso_domain_rule";

    /** Reason: a user of one audience at a client of the other. */
    public static final String AUDIENCE_MISMATCH = "audience_mismatch";
    /** Reason: the email is outside the organisation's verified domains, another organisation's, or an agent's. */
    public static final String EMAIL_DOMAIN_NOT_ALLOWED = "email_domain_not_allowed";
    /** Reason: an organisation IdP whose first sign-up would skip the pack's flow. */
    public static final String IDP_MISCONFIGURED = "idp_misconfigured";

    private Vocabulary() {
    }
}
