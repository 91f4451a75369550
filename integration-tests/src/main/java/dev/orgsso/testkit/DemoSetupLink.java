package dev.orgsso.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
        HttpClient http = HttpClient.newHttpClient();
        try {
            String secret = System.getenv().getOrDefault("ORGSSO_ONBOARDING_SECRET", "demo-onboarding-secret");
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/helpdesk/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "client_credentials",
                            "client_id", "orgsso-onboarding", "client_secret", secret)))).build(), HttpResponse.BodyHandlers.ofString());
            String bearer = AdminClient.JSON.readTree(token.body()).path("access_token").asText();
            HttpResponse<String> link = http.send(HttpRequest.newBuilder(URI.create(keycloakUrl
                            + "/realms/helpdesk/orgsso/admin/organizations/globex/setup-links"))
                    .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AdminClient.JSON.writeValueAsString(Map.of("contact", CONTACT))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = AdminClient.JSON.readTree(link.body());
            return link.statusCode() == 201 ? answer.get("url").asText() + "   (also mailed to " + CONTACT + ")"
                    : "(could not make one: HTTP " + link.statusCode() + " " + answer.path("error").asText() + ")";
        } catch (Exception e) {
            return "(could not make one: " + e.getMessage() + ")";
        }
    }
}
