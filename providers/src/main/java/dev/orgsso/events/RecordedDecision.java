package dev.orgsso.events;

import dev.orgsso.core.Decision;
import dev.orgsso.core.Detail;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;

/**
 * One SSO decision of the pack, read from the Keycloak event that recorded it: a login event or an
 * admin event whose details carry one of the pack's {@link Decision}s (any other value is not ours and
 * is not recorded). Only the fields below are ever read from
 * an event, so whatever else a detail map holds (an email, a redirect URI, a future detail somebody
 * adds) never reaches the audit line or the metrics: an allow-list, not a deny-list of secret names.
 */
record RecordedDecision(String kind, String decision, String outcome, String reason, String realm, String organization,
                String client, String identityProvider, String userId, String ip, String eventType, long time,
                Map<String, String> context) {

    /** Details copied into the line as they are (names of the pack's settings, never user input beyond the org alias). */
    private static final List<Map.Entry<String, String>> CONTEXT_DETAILS = List.of(
            Map.entry(Detail.MODE, "mode"),
            Map.entry(Detail.AUDIENCE, "audience"),
            Map.entry(Detail.ORG_SOURCE, Detail.ORG_SOURCE),
            Map.entry(Detail.AUTH_METHOD, Detail.AUTH_METHOD),
            Map.entry(Detail.DAYS_LEFT, Detail.DAYS_LEFT),
            Map.entry(Detail.CREDENTIAL, Detail.CREDENTIAL),
            Map.entry(Detail.SETUP_LINK, Detail.SETUP_LINK),
            Map.entry(Detail.DOMAIN, Detail.DOMAIN),
            Map.entry(Detail.SETUP_RESULT, Detail.SETUP_RESULT),
            Map.entry(Detail.SCIM_TOKEN, Detail.SCIM_TOKEN),
            Map.entry(Detail.SCIM_RESOURCE, Detail.SCIM_RESOURCE));

    /** Longer values are cut: an organisation name a user typed can be anything, a log line must stay a line. */
    private static final int MAX_VALUE = 128;

    static Optional<RecordedDecision> of(Event e) {
        Map<String, String> details = e.getDetails() == null ? Map.of() : e.getDetails();
        String decision = details.get(Detail.DECISION);
        if (Decision.of(decision).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RecordedDecision("login", decision, e.getError() == null ? "success" : "error", cut(e.getError()),
                e.getRealmName() != null ? e.getRealmName() : e.getRealmId(), cut(details.get(Detail.ORGANISATION)), e.getClientId(),
                cut(details.get(Detail.IDENTITY_PROVIDER)), e.getUserId(), e.getIpAddress(),
                e.getType() == null ? null : e.getType().name(), e.getTime(), context(details)));
    }

    static Optional<RecordedDecision> of(AdminEvent e) {
        Map<String, String> details = e.getDetails() == null ? Map.of() : e.getDetails();
        String decision = details.get(Detail.DECISION);
        if (Decision.of(decision).isEmpty()) {
            return Optional.empty();
        }
        AuthDetails auth = e.getAuthDetails();
        String reason = e.getError();
        String type = (e.getOperationType() == null ? "" : e.getOperationType().name()) + " "
                + (e.getResourceTypeAsString() == null ? "" : e.getResourceTypeAsString());
        return Optional.of(new RecordedDecision("admin", decision, e.getError() == null ? "success" : "error", cut(reason),
                e.getRealmName() != null ? e.getRealmName() : e.getRealmId(), cut(details.get(Detail.ORGANISATION)),
                auth == null ? null : auth.getClientId(), cut(details.get(Detail.IDENTITY_PROVIDER)),
                auth == null ? null : auth.getUserId(), auth == null ? null : auth.getIpAddress(), type.strip(), e.getTime(),
                context(details)));
    }

    private static Map<String, String> context(Map<String, String> details) {
        Map<String, String> c = new LinkedHashMap<>();
        for (Map.Entry<String, String> detail : CONTEXT_DETAILS) {
            String v = details.get(detail.getKey());
            if (v != null) {
                c.put(detail.getValue(), cut(v));
            }
        }
        return c;
    }

    private static String cut(String v) {
        return v == null || v.length() <= MAX_VALUE ? v : v.substring(0, MAX_VALUE) + "…";
    }
}
