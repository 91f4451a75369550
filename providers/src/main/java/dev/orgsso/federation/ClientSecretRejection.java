package dev.orgsso.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.keycloak.util.JsonSerialization;

/**
 * Reads a refused code exchange: did the IdP refuse our client credentials? IdPs authenticate the client
 * before they look at the code, and answer {@code invalid_client} (Entra: AADSTS7000215 invalid secret,
 * AADSTS7000222 expired secret) for bad ones, so the first answer says it; no second call is needed.
 */
final class ClientSecretRejection {

    private static final List<String> ENTRA_SECRET_CODES = List.of("AADSTS7000222", "AADSTS7000215");

    private ClientSecretRejection() {
    }

    /** The IdP's reason for refusing our client ({@code AADSTS7000222}, {@code invalid_client}), or null for any other answer. */
    static String of(int status, String body) {
        if (status < 400 || body == null || body.isBlank()) {
            return null;
        }
        JsonNode answer;
        try {
            answer = JsonSerialization.readValue(body, JsonNode.class);
        } catch (IOException e) {
            return null;
        }
        if (answer == null || !answer.isObject()) {
            return null;
        }
        String error = answer.path("error").asText("");
        String description = answer.path("error_description").asText("");
        for (String code : ENTRA_SECRET_CODES) {
            if (description.contains(code)) {
                return code;
            }
        }
        return "invalid_client".equals(error) ? error : null;
    }
}
