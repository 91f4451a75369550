package dev.orgsso.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's admin REST API as the bootstrap admin of the master realm, for the ITs' set-up, assertions
 * and clean-up and the benchmarks' baselines and data. Requests fail with an unchecked exception only
 * when Keycloak cannot be reached; the answers are the caller's to judge, except where a method says.
 */
public final class AdminClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile String token;

    public AdminClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A fresh access token of the master realm's admin (admin-cli, password grant). */
    public String token() {
        HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", "admin", "password", "admin")))).build());
        expect(r, 200, "admin token");
        return json(r).get("access_token").asText();
    }

    /**
     * One admin request; a body that is not a String is sent as JSON. The admin token is kept between
     * requests and fetched again once when Keycloak answers 401 (master realm admin tokens live 60 s).
     */
    public HttpResponse<String> send(String method, String path, Object body) {
        String json;
        try {
            json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        for (int attempt = 0; ; attempt++) {
            String bearer = token;
            if (bearer == null) {
                bearer = token = token();
            }
            HttpResponse<String> r = exchange(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
            if (r.statusCode() != 401 || attempt > 0) {
                return r;
            }
            token = null;
        }
    }

    /** GET that must answer 200; its JSON. */
    public JsonNode get(String path) {
        HttpResponse<String> r = send("GET", path, null);
        expect(r, 200, "GET " + path);
        return json(r);
    }

    /** POSTs a representation; a 409 (already there from an earlier step of the same run) is not an error. */
    public void create(String path, Object representation) {
        HttpResponse<String> r = send("POST", path, representation);
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** PUT that must answer 204. */
    public void update(String path, Object representation) {
        expect(send("PUT", path, representation), 204, "PUT " + path);
    }

    /** Users of a realm whose email is exactly this one. */
    public JsonNode usersByEmail(String realm, String email) {
        return get("/admin/realms/" + realm + "/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
    }

    public void deleteUsersByEmail(String realm, String email) {
        for (JsonNode u : usersByEmail(realm, email)) {
            send("DELETE", "/admin/realms/" + realm + "/users/" + u.get("id").asText(), null);
        }
    }

    /** A user with a password, enabled, email verified (a 409 for an existing one is ignored). */
    public void createUser(String realm, String email, String firstName, String lastName, String password) {
        create("/admin/realms/" + realm + "/users", Map.of("username", email, "email", email, "firstName", firstName,
                "lastName", lastName, "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
    }

    /**
     * The organization with this alias (aliases are unique in a realm), or null. Keycloak's search looks
     * at names and domains, not aliases, so the list is read a page at a time.
     */
    public JsonNode organization(String realm, String alias) {
        for (int first = 0; ; first += ORGANIZATIONS_PAGE) {
            JsonNode page = get("/admin/realms/" + realm + "/organizations?briefRepresentation=false&first=" + first
                    + "&max=" + ORGANIZATIONS_PAGE);
            for (JsonNode org : page) {
                if (alias.equals(org.path("alias").asText())) {
                    return org;
                }
            }
            if (page.size() < ORGANIZATIONS_PAGE) {
                return null;
            }
        }
    }

    private static final int ORGANIZATIONS_PAGE = 1000;

    /** Removes an organization a test made, with its IdPs (Keycloak keeps an organisation's IdPs when it goes). */
    public void deleteOrganization(String realm, String alias) {
        JsonNode org = organization(realm, alias);
        if (org == null) {
            return;
        }
        String id = org.get("id").asText();
        for (JsonNode idp : get("/admin/realms/" + realm + "/organizations/" + id + "/identity-providers")) {
            send("DELETE", "/admin/realms/" + realm + "/identity-provider/instances/" + idp.get("alias").asText(), null);
        }
        send("DELETE", "/admin/realms/" + realm + "/organizations/" + id, null);
    }

    /** The id of the organization with this alias; fails when there is none. */
    public String organizationId(String realm, String alias) {
        JsonNode org = organization(realm, alias);
        if (org == null) {
            throw new IllegalStateException("no organization " + alias + " in " + realm);
        }
        return org.get("id").asText();
    }

    /** The id of the authentication flow with this alias; fails when there is none. */
    public String flowId(String realm, String alias) {
        for (JsonNode flow : get("/admin/realms/" + realm + "/authentication/flows")) {
            if (alias.equals(flow.path("alias").asText())) {
                return flow.get("id").asText();
            }
        }
        throw new IllegalStateException("no flow " + alias + " in " + realm);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
        }
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
        }
    }
}
