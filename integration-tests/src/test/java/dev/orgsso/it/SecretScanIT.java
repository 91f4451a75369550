package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.MailCatcher;
import dev.orgsso.testkit.OrgSsoStack;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other IT of the run (see junit-platform.properties) and looks for any secret the
 * run knew, any emailed code and any JWT in the whole Keycloak server log and in the events Keycloak
 * stored (the admin console's Events tab). {@link SecretScanTest} shows the scan finds planted ones.
 */
@Order(Integer.MAX_VALUE)
class SecretScanIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final OrgSsoStack stack = TestStack.get();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());

    @Test
    void noSecretCodeOrTokenInTheServerLogOrTheStoredEventsOfTheWholeRun() throws Exception {
        String log = Files.readString(stack.keycloak().log());
        assertTrue(log.contains("Keycloak") && log.length() > 1000, "the server log of this run");
        List<String> secrets = SecretLedger.secrets();
        Set<String> codes = new HashSet<>(SecretLedger.codes());
        // Every code Keycloak mailed during the run, typed by a test or not.
        for (MimeMessage m : stack.mail().messages()) {
            Matcher c = CODE.matcher(MailCatcher.textOf(m));
            while (c.find()) {
                codes.add(c.group(1));
            }
        }

        List<SecretScan.Finding> found = new ArrayList<>(SecretScan.scan("keycloak.log", log, secrets, codes));
        String events = admin.get("/admin/realms/helpdesk/events?first=0&max=100000").toString();
        String adminEvents = withoutReimportedDemoSecret(admin.get("/admin/realms/helpdesk/admin-events?first=0&max=100000")).toString();
        found.addAll(SecretScan.scan("helpdesk events", events.replace("},{", "},\n{"), secrets, codes));
        found.addAll(SecretScan.scan("helpdesk admin events", adminEvents.replace("},{", "},\n{"), secrets, codes));
        assertEquals(List.of(), found, "secrets in the log or events (" + secrets.size() + " secrets, " + codes.size() + " codes looked for)");

        // Every audit line of the run holds only the allowed fields.
        for (JsonNode line : ServerLog.auditLines(log)) {
            Set<String> names = new HashSet<>();
            line.fieldNames().forEachRemaining(names::add);
            assertTrue(AuditIT.LINE_FIELDS.containsAll(names), "unexpected field in " + line);
        }
    }

    /**
     * HandoffIT puts the demo secret back the one way a secret is ever given in clear: the
     * {@code orgsso.handoff.importedSecret} attribute, here through the admin REST API, whose admin event
     * Keycloak stores with the representation (admin events details are on). That attribute's values
     * alone are left out of the scan; everything else in that event is scanned. The README warns admins.
     */
    private static JsonNode withoutReimportedDemoSecret(JsonNode adminEvents) throws Exception {
        for (JsonNode e : adminEvents) {
            String rep = e.path("representation").asText("");
            if ("ORGANIZATION".equals(e.path("resourceType").asText()) && rep.contains("orgsso.handoff.importedSecret")) {
                ObjectNode org = (ObjectNode) AdminClient.JSON.readTree(rep);
                ((ObjectNode) org.path("attributes")).remove("orgsso.handoff.importedSecret");
                ((ObjectNode) e).put("representation", org.toString());
            }
        }
        return adminEvents;
    }
}
