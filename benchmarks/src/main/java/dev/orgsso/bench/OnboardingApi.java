package dev.orgsso.bench;

import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.OrgSsoStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The pack's onboarding API as the realm export's orgsso-onboarding service account (client credentials), untimed set-up only. */
final class OnboardingApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String organizations;
    private final String token;

    OnboardingApi(String baseUrl) throws IOException, InterruptedException {
        this.organizations = baseUrl + "/realms/" + OrgSsoStack.REALM + "/orgsso/admin/organizations/";
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + OrgSsoStack.REALM
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "client_credentials",
                        "client_id", "orgsso-onboarding",
                        "client_secret", System.getenv().getOrDefault("ORGSSO_ONBOARDING_SECRET", "demo-onboarding-secret"))))).build(),
                HttpResponse.BodyHandlers.ofString());
        this.token = AdminClient.JSON.readTree(expect(t, 200, "onboarding token")).get("access_token").asText();
    }

    /**
     * One request under {@code /realms/helpdesk/orgsso/admin/organizations/}, which must answer this status; its body.
     *
     * @param body JSON, or null for none
     */
    String call(String method, String path, Object body, int status) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(organizations + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(AdminClient.JSON.writeValueAsString(body)));
        return expect(http.send(request.build(), HttpResponse.BodyHandlers.ofString()), status, method + " " + path);
    }

    private static String expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
