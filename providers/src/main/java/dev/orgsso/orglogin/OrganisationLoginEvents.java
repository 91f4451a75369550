package dev.orgsso.orglogin;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

/**
 * Each decision of the organisation login as a Keycloak event (shown in the admin console's Events
 * tab, counted by event listeners): a redirect is an IDENTITY_PROVIDER_LOGIN step, a refusal a
 * LOGIN_ERROR with a reason; all carry {@code orgsso_decision} and the organisation alias.
 */
final class OrganisationLoginEvents {

    static final String DECISION = "orgsso_decision";
    static final String ORGANISATION = "org_alias";
    static final String MODE = "orgsso_mode";
    static final String AUDIENCE = "orgsso_audience";

    private final AuthenticationFlowContext context;
    private final OrganisationLoginConfig config;

    OrganisationLoginEvents(AuthenticationFlowContext context, OrganisationLoginConfig config) {
        this.context = context;
        this.config = config;
    }

    void redirected(OrganisationDirectory.Lookup lookup, String idpAlias, String source) {
        event(lookup.alias()).event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(DECISION, "redirect")
                .detail("org_source", source)
                .detail("identity_provider", idpAlias)
                .success();
    }

    /** An organisation that signs in by JWT handoff: the user goes to its own site's login. */
    void handedOver(String alias, String source) {
        event(alias).event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(DECISION, "remote_login")
                .detail("org_source", source)
                .success();
    }

    void refused(String alias, String reason) {
        event(alias).event(EventType.LOGIN_ERROR).detail(DECISION, "org_lookup").error(reason);
    }

    private EventBuilder event(String alias) {
        EventBuilder e = context.getEvent().clone()
                .detail(MODE, config.mode().name().toLowerCase())
                .detail(AUDIENCE, config.audience().value());
        return alias == null ? e : e.detail(ORGANISATION, alias);
    }
}
