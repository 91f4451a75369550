package dev.orgsso.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgsso.testkit.DemoApp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Keycloak's admin REST API as the bootstrap admin, for test set-up, assertions and clean-up. */
final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    AdminApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String token() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "password",
                            "client_id", "admin-cli", "username", "admin", "password", "admin")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).get("access_token").asText();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + token())
                    .header("Content-Type", "application/json")
                    .method(method, pub).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Users of a realm whose email is exactly this one. */
    JsonNode usersByEmail(String realm, String email) {
        return get("/admin/realms/" + realm + "/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
    }

    /** The organization with this alias (aliases are unique in a realm), or null. */
    JsonNode organization(String realm, String alias) {
        for (JsonNode org : get("/admin/realms/" + realm + "/organizations?briefRepresentation=false&max=1000")) {
            if (alias.equals(org.get("alias").asText())) {
                return org;
            }
        }
        return null;
    }

    void deleteUsersByEmail(String realm, String email) {
        for (JsonNode u : usersByEmail(realm, email)) {
            send("DELETE", "/admin/realms/" + realm + "/users/" + u.get("id").asText(), null);
        }
    }
}
