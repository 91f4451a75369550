package dev.orgsso.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener on events shaped as the pack sends them, including those of the federation package
 * (IdP client-secret expiry, IdP errors) that no IT on this branch can trigger yet.
 */
class AuditEventListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> lines = new ArrayList<>();
    private final List<KeycloakTransaction> enlisted = new ArrayList<>();
    private final AuditEventListenerProvider listener = new AuditEventListenerProvider(session(), new DecisionMetrics(registry), lines::add);

    @Test
    void aHandoffRefusalIsOneLineWithTheFieldsOperatorsNeedAndNothingSecret() throws Exception {
        Event e = loginEvent(EventType.LOGIN_ERROR, "invalid_signature", Map.of(
                "orgsso_decision", "handoff", "org_alias", "acme", "auth_method", "orgsso-jwt",
                "email", "hannah@acme.test", "jwt", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "client_secret", "demo-app-secret",
                "code", "123456", "password", "alice-demo-password", "redirect_uri", "https://app.test/?token=abc"));
        listener.onEvent(e);
        assertTrue(lines.isEmpty(), "nothing written inside onEvent");
        commit();

        assertEquals(1, lines.size());
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("login", line.get("kind").asText());
        assertEquals("handoff", line.get("decision").asText());
        assertEquals("error", line.get("outcome").asText());
        assertEquals("invalid_signature", line.get("reason").asText());
        assertEquals("helpdesk", line.get("realm").asText());
        assertEquals("acme", line.get("organization").asText());
        assertEquals("main-app", line.get("client").asText());
        assertEquals("user-1", line.get("user_id").asText());
        assertEquals("203.0.113.9", line.get("ip").asText());
        assertEquals("LOGIN_ERROR", line.get("event_type").asText());
        assertEquals("orgsso-jwt", line.get("auth_method").asText());
        assertTrue(line.get("committed").asBoolean());
        assertEquals("1970-01-01T00:00:01.234Z", line.get("time").asText());
        for (String secret : List.of("eyJhbGci", "demo-app-secret", "123456", "alice-demo-password", "token=abc", "hannah@acme.test")) {
            assertFalse(lines.get(0).contains(secret), secret + " leaked into " + lines.get(0));
        }
        assertEquals(1.0, count("helpdesk", "handoff", "error", "invalid_signature"));
    }

    @Test
    void eventsWithoutAPackDecisionAreIgnored() {
        listener.onEvent(loginEvent(EventType.LOGIN, null, Map.of("auth_method", "openid-connect")));
        AdminEvent admin = adminEvent(Map.of("something", "else"));
        listener.onEvent(admin, true);
        commit();
        assertTrue(lines.isEmpty(), lines.toString());
        assertTrue(registry.getMeters().isEmpty());
    }

    /** Only the pack's closed set of decisions is recorded: a value somebody else put in the detail is not ours. */
    @Test
    void aDecisionOutsideTheVocabularyIsNotRecordedAndAForeignReasonIsCountedAsOther() throws Exception {
        listener.onEvent(loginEvent(EventType.LOGIN_ERROR, "org_unknown", Map.of("orgsso_decision", "made_up_decision")));
        listener.onEvent(loginEvent(EventType.IDENTITY_PROVIDER_LOGIN_ERROR, "identity_provider_login_failure",
                Map.of("orgsso_decision", "idp_error", "org_alias", "acme")));
        commit();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("identity_provider_login_failure", JSON.readTree(lines.get(0)).get("reason").asText(), "the line keeps Keycloak's reason");
        assertEquals(1.0, count("helpdesk", "idp_error", "error", "other"), "the metric's tags stay the pack's own");
        assertTrue(registry.getMeters().stream().noneMatch(m -> "made_up_decision".equals(m.getId().getTag("decision"))));
    }

    /** The federation package's warning: an admin event on the IdP whose details carry the decision. */
    @Test
    void aSecretExpiryAdminEventIsAnAuditLineAndACounterWithoutTheRepresentation() throws Exception {
        AdminEvent e = adminEvent(Map.of("orgsso_decision", "secret_expiry", "days_left", "12", "org_alias", "acme",
                "identity_provider", "entra-42"));
        e.setRepresentation("{\"config\":{\"clientSecret\":\"s3cr3t-value\"}}");
        listener.onEvent(e, true);
        commit();
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("admin", line.get("kind").asText());
        assertEquals("secret_expiry", line.get("decision").asText());
        assertEquals("success", line.get("outcome").asText());
        assertEquals("12", line.get("days_left").asText());
        assertEquals("entra-42", line.get("identity_provider").asText());
        assertEquals("acme", line.get("organization").asText());
        assertEquals("UPDATE IDENTITY_PROVIDER", line.get("event_type").asText());
        assertEquals("admin-user", line.get("user_id").asText());
        assertFalse(lines.get(0).contains("s3cr3t-value"));
        assertEquals(1.0, count("helpdesk", "secret_expiry", "success", "none"));
    }

    @Test
    void anIdpErrorLoginEventIsCountedWithItsReason() throws Exception {
        listener.onEvent(loginEvent(EventType.IDENTITY_PROVIDER_LOGIN_ERROR, "idp_client_secret_invalid",
                Map.of("orgsso_decision", "idp_error", "identity_provider", "okta-7", "org_alias", "globex")));
        commit();
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("idp_error", line.get("decision").asText());
        assertEquals("idp_client_secret_invalid", line.get("reason").asText());
        assertEquals(1.0, count("helpdesk", "idp_error", "error", "idp_client_secret_invalid"));
    }

    @Test
    void aRolledBackSuccessIsWrittenAsNotCommittedAndNotCountedAsASuccess() throws Exception {
        listener.onEvent(loginEvent(EventType.LOGIN, null, Map.of("orgsso_decision", "handoff", "org_alias", "acme")));
        enlisted.forEach(KeycloakTransaction::rollback);
        assertFalse(JSON.readTree(lines.get(0)).get("committed").asBoolean());
        assertEquals(1.0, count("helpdesk", "handoff", "rolled_back", "none"));
        assertEquals(0.0, count("helpdesk", "handoff", "success", "none"));
    }

    /** What users type ends up in org_alias: it must neither break the line nor become a metric tag. */
    @Test
    void typedInputCannotForgeALineOrGrowTheMetrics() throws Exception {
        String typed = "evil\"}\n{\"decision\":\"handoff\",\"outcome\":\"success\"" + "x".repeat(300);
        listener.onEvent(loginEvent(EventType.LOGIN_ERROR, "org_unknown", Map.of("orgsso_decision", "org_lookup", "org_alias", typed)));
        listener.onEvent(loginEvent(EventType.LOGIN_ERROR, "Some Free Text!", Map.of("orgsso_decision", "org_lookup")));
        commit();
        assertEquals(2, lines.size());
        assertFalse(lines.get(0).contains("\n"));
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("org_lookup", line.get("decision").asText());
        assertTrue(line.get("organization").asText().length() <= 129, "cut to a bounded length");
        assertEquals(1.0, count("helpdesk", "org_lookup", "error", "org_unknown"));
        assertEquals(1.0, count("helpdesk", "org_lookup", "error", "other"));
        assertTrue(registry.getMeters().stream().noneMatch(m -> m.getId().getTags().stream().anyMatch(t -> t.getValue().contains("evil"))));
    }

    private double count(String realm, String decision, String outcome, String reason) {
        var c = registry.find(DecisionMetrics.NAME).tags("realm", realm, "decision", decision, "outcome", outcome, "reason", reason).counter();
        return c == null ? 0.0 : c.count();
    }

    private void commit() {
        enlisted.forEach(KeycloakTransaction::commit);
    }

    private static Event loginEvent(EventType type, String error, Map<String, String> details) {
        Event e = new Event();
        e.setType(type);
        e.setError(error);
        e.setRealmId("realm-id");
        e.setRealmName("helpdesk");
        e.setClientId("main-app");
        e.setUserId("user-1");
        e.setIpAddress("203.0.113.9");
        e.setTime(1234);
        e.setDetails(new LinkedHashMap<>(details));
        return e;
    }

    private static AdminEvent adminEvent(Map<String, String> details) {
        AdminEvent e = new AdminEvent();
        e.setRealmId("realm-id");
        e.setRealmName("helpdesk");
        e.setOperationType(OperationType.UPDATE);
        e.setResourceType(ResourceType.IDENTITY_PROVIDER);
        e.setResourcePath("identity-provider/instances/entra-42");
        AuthDetails auth = new AuthDetails();
        auth.setUserId("admin-user");
        auth.setIpAddress("127.0.0.1");
        e.setAuthDetails(auth);
        e.setDetails(new LinkedHashMap<>(details));
        return e;
    }

    /** Only the transaction manager is used: enlistAfterCompletion. */
    private KeycloakSession session() {
        KeycloakTransactionManager tm = (KeycloakTransactionManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{KeycloakTransactionManager.class}, (p, m, args) -> {
                    if (m.getName().equals("enlistAfterCompletion")) {
                        KeycloakTransaction tx = (KeycloakTransaction) args[0];
                        tx.begin();
                        enlisted.add(tx);
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{KeycloakSession.class},
                (p, m, args) -> {
                    if (m.getName().equals("getTransactionManager")) {
                        return tm;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
