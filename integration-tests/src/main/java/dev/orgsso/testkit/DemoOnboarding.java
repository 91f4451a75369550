package dev.orgsso.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The onboarding API as the demo calls it, the way a vendor does: a bearer token of the realm export's
 * orgsso-onboarding service account (client credentials), then JSON requests.
 */
final class DemoOnboarding {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String keycloakUrl;
    private final String bearer;

    DemoOnboarding(String keycloakUrl) throws IOException, InterruptedException {
        this.keycloakUrl = keycloakUrl;
        String secret = System.getenv().getOrDefault("ORGSSO_ONBOARDING_SECRET", "demo-onboarding-secret");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/helpdesk/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "client_credentials",
                        "client_id", "orgsso-onboarding", "client_secret", secret)))).build(), HttpResponse.BodyHandlers.ofString());
        this.bearer = AdminClient.JSON.readTree(token.body()).path("access_token").asText();
    }

    /** One call of the onboarding API ({@code path} below {@code /realms/helpdesk/orgsso/admin/}). */
    HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/helpdesk/orgsso/admin/" + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(AdminClient.JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
