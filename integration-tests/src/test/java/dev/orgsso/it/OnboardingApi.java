package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The pack's onboarding API as the realm export's orgsso-onboarding service account (client credentials). */
final class OnboardingApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    OnboardingApi(String baseUrl) throws Exception {
        this.baseUrl = baseUrl;
        this.token = clientToken(baseUrl, "helpdesk", "orgsso-onboarding", "demo-onboarding-secret");
    }

    static String clientToken(String baseUrl, String realm, String clientId, String secret) throws Exception {
        return token(baseUrl, realm, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    static String token(String baseUrl, String realm, Map<String, String> form) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl
                        + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(form))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return AdminClient.JSON.readTree(r.body()).get("access_token").asText();
    }

    HttpResponse<String> send(String method, String path, Object body) throws Exception {
        return send(token, method, path, body);
    }

    HttpResponse<String> send(String bearer, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(AdminClient.JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode call(String method, String path, Object body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r.body().isEmpty() ? null : AdminClient.JSON.readTree(r.body());
    }

    int status(String method, String path) throws Exception {
        return send(method, path, null).statusCode();
    }
}
