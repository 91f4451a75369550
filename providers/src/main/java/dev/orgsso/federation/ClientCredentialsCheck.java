package dev.orgsso.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * After a failed code exchange: does the IdP still accept our client credentials? IdPs authenticate the
 * client before they look at the code, so a token request with a code that cannot exist answers
 * {@code invalid_grant} for good credentials and {@code invalid_client} (Entra: AADSTS7000215 invalid
 * secret, AADSTS7000222 expired secret) for bad ones. Nothing is logged of the secret or the answer body.
 */
final class ClientCredentialsCheck {

    private static final String PROBE_CODE = "orgsso-client-credentials-check";

    private ClientCredentialsCheck() {
    }

    /** The IdP's reason for refusing our client ({@code AADSTS7000222}, {@code invalid_client}), or {@code null}. */
    static String rejection(KeycloakSession session, Map<String, String> config, String redirectUri) {
        String method = config.getOrDefault("clientAuthMethod", "client_secret_post");
        if (!method.startsWith("client_secret_") || method.equals("client_secret_jwt")) {
            return null;
        }
        SimpleHttpRequest request = SimpleHttp.create(session).doPost(config.get("tokenUrl"))
                .param("grant_type", "authorization_code").param("code", PROBE_CODE).param("redirect_uri", redirectUri);
        if (method.equals("client_secret_basic")) {
            request.authBasic(config.get("clientId"), config.get("clientSecret"));
        } else {
            request.param("client_id", config.get("clientId")).param("client_secret", config.get("clientSecret"));
        }
        try (SimpleHttpResponse response = request.acceptJson().asResponse()) {
            if (response.getStatus() < 400) {
                return null;
            }
            JsonNode body = response.asJson();
            String error = body == null ? null : body.path("error").asText(null);
            String description = body == null ? "" : body.path("error_description").asText("");
            for (String code : new String[] {"AADSTS7000222", "AADSTS7000215"}) {
                if (description.contains(code)) {
                    return code;
                }
            }
            return "invalid_client".equals(error) ? error : null;
        } catch (Exception e) {
            return null;
        }
    }
}
