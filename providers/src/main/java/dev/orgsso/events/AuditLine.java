package dev.orgsso.events;

import dev.orgsso.core.Detail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.util.JsonSerialization;

/**
 * The audit log line of one decision: a single JSON object, fields in a fixed order, absent values
 * left out. Jackson (through Keycloak's own {@link JsonSerialization}) escapes quotes and line breaks,
 * so an organisation name a user typed cannot forge a second line or a field.
 */
final class AuditLine {

    private AuditLine() {
    }

    /**
     * @param committed false when the request's transaction rolled back: the user still saw the
     *                  decision (a refusal page, say), but what it would have stored (a session, an
     *                  account) does not exist
     */
    static String of(RecordedDecision d, boolean committed) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", d.time() > 0 ? Instant.ofEpochMilli(d.time()).toString() : null);
        line.put("kind", d.kind());
        line.put("decision", d.decision());
        line.put("outcome", d.outcome());
        line.put("reason", d.reason());
        line.put("realm", d.realm());
        line.put("organization", d.organization());
        line.put("client", d.client());
        line.put(Detail.IDENTITY_PROVIDER, d.identityProvider());
        line.put("user_id", d.userId());
        line.put("ip", d.ip());
        line.put("event_type", d.eventType());
        line.putAll(d.context());
        line.put("committed", committed);
        line.values().removeIf(v -> v == null);
        try {
            return JsonSerialization.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
