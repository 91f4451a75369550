package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.keycloak.util.JsonSerialization;

/**
 * A request body as JSON, read at most {@link #MAX_BYTES}: a client that sends more gets 413 before the
 * rest is read (Keycloak's own SCIM API answered a 2 MiB body with a 500).
 */
final class ScimBody {

    static final int MAX_BYTES = 1024 * 1024;

    private ScimBody() {
    }

    static JsonNode read(InputStream in) {
        byte[] bytes;
        try {
            bytes = in == null ? new byte[0] : in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw ScimException.invalidSyntax("The body could not be read.");
        }
        if (bytes.length > MAX_BYTES) {
            throw ScimException.tooLarge("The body is larger than " + MAX_BYTES + " bytes.");
        }
        if (bytes.length == 0) {
            throw ScimException.invalidSyntax("A JSON body is required.");
        }
        try {
            JsonNode json = JsonSerialization.mapper.readTree(bytes);
            if (json == null || !json.isObject()) {
                throw ScimException.invalidSyntax("The body must be a JSON object.");
            }
            return json;
        } catch (IOException e) {
            throw ScimException.invalidSyntax("The body is not valid JSON.");
        }
    }
}
