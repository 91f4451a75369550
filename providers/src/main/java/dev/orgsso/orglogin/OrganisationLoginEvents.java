package dev.orgsso.orglogin;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import dev.orgsso.core.Reason;
import java.util.Objects;
import java.util.UUID;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;

/**
 * Each decision of the organisation login as a Keycloak event with {@link Detail#DECISION} and the
 * organisation alias: a refusal is a stored LOGIN_ERROR with a reason (admin console, Events tab); a
 * redirect is an IDENTITY_PROVIDER_LOGIN step that goes to the realm's event listeners (orgsso-audit's
 * log line and counter, jboss-logging) but is not stored: storing it would add a database commit to
 * every hop, which Keycloak's own kc_idp_hint redirect does not pay, and the sign-in that follows is
 * stored as Keycloak's LOGIN event anyway.
 */
final class OrganisationLoginEvents {

    private final AuthenticationFlowContext context;
    private final OrganisationLoginConfig config;

    OrganisationLoginEvents(AuthenticationFlowContext context, OrganisationLoginConfig config) {
        this.context = context;
        this.config = config;
    }

    void redirected(OrganisationDirectory.Lookup lookup, String idpAlias, String source) {
        EventBuilder e = event(lookup.alias()).event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Detail.DECISION, Decision.REDIRECT.code())
                .detail(Detail.ORG_SOURCE, source)
                .detail(Detail.IDENTITY_PROVIDER, idpAlias);
        toListeners(e);
    }

    /** An organisation that signs in by JWT handoff: the user goes to its own site's login. */
    void handedOver(String alias, String source) {
        toListeners(event(alias).event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Detail.DECISION, Decision.REMOTE_LOGIN.code())
                .detail(Detail.ORG_SOURCE, source));
    }

    void refused(String alias, Reason reason) {
        event(alias).event(EventType.LOGIN_ERROR).detail(Detail.DECISION, Decision.ORG_LOOKUP.code()).error(reason.code());
    }

    /** What EventBuilder#success does, without the event store. */
    private void toListeners(EventBuilder builder) {
        Event event = builder.getEvent().clone();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        KeycloakSession session = context.getSession();
        context.getRealm().getEventsListenersStream()
                .map(id -> session.getProvider(EventListenerProvider.class, id))
                .filter(Objects::nonNull)
                .forEach(listener -> listener.onEvent(event));
    }

    private EventBuilder event(String alias) {
        EventBuilder e = context.getEvent().clone()
                .detail(Detail.MODE, config.mode().name().toLowerCase())
                .detail(Detail.AUDIENCE, config.audience().value());
        return alias == null ? e : e.detail(Detail.ORGANISATION, alias);
    }
}
