package dev.orgsso.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The demo's setup link for the "globex" organisation, made the way a vendor makes one: the onboarding
 * API with the realm export's orgsso-onboarding service account. The IT contact it names is a demo
 * inbox address, so the invitation mail shows in the demo inbox too.
 */
final class DemoSetupLink {

    static final String CONTACT = "it-admin@globex.test";

    private DemoSetupLink() {
    }

    static String create(String keycloakUrl) {
        try {
            HttpResponse<String> link = new DemoOnboarding(keycloakUrl).send("POST", "organizations/globex/setup-links",
                    Map.of("contact", CONTACT));
            JsonNode answer = AdminClient.JSON.readTree(link.body());
            return link.statusCode() == 201 ? answer.get("url").asText() + "   (also mailed to " + CONTACT + ")"
                    : "(could not make one: HTTP " + link.statusCode() + " " + answer.path("error").asText() + ")";
        } catch (Exception e) {
            return "(could not make one: " + e.getMessage() + ")";
        }
    }
}
