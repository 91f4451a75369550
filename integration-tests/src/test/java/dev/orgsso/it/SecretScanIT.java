package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
    private final AdminApi admin = new AdminApi(stack.keycloak().baseUrl());

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
        String adminEvents = admin.get("/admin/realms/helpdesk/admin-events?first=0&max=100000").toString();
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
}
