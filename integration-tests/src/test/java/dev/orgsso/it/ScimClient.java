package dev.orgsso.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.client.ScimService;
import dev.orgsso.testkit.AdminClient;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;

/**
 * One SCIM client of one organisation's endpoint, holding one bearer token, in the two ways a customer's
 * provisioning reaches it: UnboundID's SCIM 2 SDK (what a vendor's own connector would use) and raw HTTP
 * with the exact JSON bodies that Entra ID and Okta send. The SDK hides the HTTP answer behind its
 * resources; {@link #last()} keeps the status and headers of its last response for the assertions that need
 * them (201 with Location, WWW-Authenticate).
 */
final class ScimClient implements AutoCloseable {

    static final String MEDIA_TYPE = "application/scim+json";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

    /** Status and headers of the SDK's last HTTP response. */
    record Answer(int status, String location, String wwwAuthenticate) {
    }

    private final String baseUrl;
    private final String token;
    private final Client jersey;
    private final ScimService sdk;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile Answer last;

    /** @param baseUrl the organisation's SCIM base URL, {@code …/realms/helpdesk/orgsso/scim/{alias}/v2} */
    ScimClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        // Jersey's default connector (HttpURLConnection) refuses PATCH; Apache HttpClient 5 sends it as is.
        jersey = ClientBuilder.newClient(new ClientConfig().connectorProvider(new Apache5ConnectorProvider()))
                .register(new Bearer()).register(new Recorder());
        sdk = new ScimService(jersey.target(baseUrl));
    }

    static String baseUrl(String keycloakUrl, String organizationAlias) {
        return keycloakUrl + "/realms/helpdesk/orgsso/scim/" + organizationAlias + "/v2";
    }

    String baseUrl() {
        return baseUrl;
    }

    /** UnboundID's client, with this token. */
    ScimService sdk() {
        return sdk;
    }

    Answer last() {
        return last;
    }

    /** One raw request with this token; {@code path} is relative to the base URL (e.g. {@code /Users?filter=…}). */
    HttpResponse<String> send(String method, String path, String json) {
        return send(token, method, path, json);
    }

    /** One raw request with another bearer (or none, when null). */
    HttpResponse<String> send(String bearer, String method, String path, String json) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", MEDIA_TYPE)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            r.header("Content-Type", MEDIA_TYPE);
        }
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A raw GET with this token. */
    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return AdminClient.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** A filter as a query parameter: {@code ?filter=userName%20eq%20%22x%22}. */
    static String filter(String expression) {
        return "?filter=" + java.net.URLEncoder.encode(expression, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        jersey.close();
    }

    private final class Bearer implements ClientRequestFilter {
        @Override
        public void filter(ClientRequestContext request) {
            request.getHeaders().putSingle("Authorization", "Bearer " + token);
        }
    }

    private final class Recorder implements ClientResponseFilter {
        @Override
        public void filter(ClientRequestContext request, ClientResponseContext response) {
            last = new Answer(response.getStatus(), response.getHeaderString("Location"), response.getHeaderString("WWW-Authenticate"));
        }
    }
}
