package dev.orgsso.scim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keycloak.scim.protocol.request.PatchRequest;
import org.keycloak.util.JsonSerialization;

/**
 * A SCIM PATCH (RFC 7644 §3.5.2) applied to a User or Group's JSON, as Microsoft Entra and Okta send it: {@code op}
 * in any case ("Replace"), booleans as strings ("False"), no {@code path} with an object of attribute paths or
 * nested objects, filtered paths such as {@code emails[type eq "work"].value} and {@code members[value eq "id"]}.
 * The attributes a path may name are {@link ResourceSchema}'s (User or Group, by the resource's {@code schemas}).
 * All operations apply or none: the answer is a new resource, the input is left as it was.
 */
final class ScimPatch {

    /** Keycloak's PatchRequest with unknown members ignored: clients add their own, and RFC 7644 lets them. */
    private static final ObjectReader REQUEST = JsonSerialization.mapper.readerFor(PatchRequest.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ScimPatch() {
    }

    /**
     * @param readOnly attribute names or paths ({@code meta}, {@code name.familyName}) the caller does not let
     *                 clients write; {@code id}, {@code meta} and {@code schemas} never are
     */
    static ObjectNode apply(ObjectNode resource, JsonNode patchBody, Set<String> readOnly) {
        List<PatchRequest.PatchOperation> operations = operations(patchBody);
        ResourceSchema schema = ResourceSchema.of(resource);
        ObjectNode patched = resource.deepCopy();
        PatchEdit edit = new PatchEdit(patched, locked(readOnly));
        for (PatchRequest.PatchOperation operation : operations) {
            PatchEdit.Op op = op(operation.getOp());
            JsonNode value = operation.getValue() == null ? NullNode.getInstance() : operation.getValue();
            String path = operation.getPath();
            if (path != null && !path.isBlank()) {
                edit.apply(op, PatchPath.parse(schema, path), value);
            } else if (op == PatchEdit.Op.REMOVE) {
                throw ScimException.noTarget("A remove operation needs a path");
            } else if (!value.isObject()) {
                throw ScimException.invalidValue("An %s without a path takes an object of attributes".formatted(
                        operation.getOp()));
            } else {
                // Okta: {"active": false}; Entra: {"name.givenName": "X", "active": "False"}; both: nested objects.
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    edit.apply(op, PatchPath.parse(schema, field.getKey()), field.getValue());
                }
            }
        }
        return patched;
    }

    private static List<PatchRequest.PatchOperation> operations(JsonNode body) {
        PatchRequest request;
        try {
            request = body != null && body.isObject() ? REQUEST.readValue(body) : null;
        } catch (IOException | IllegalArgumentException e) {
            throw ScimException.invalidSyntax("The PATCH body is not a PatchOp message: \"Operations\" is a list of {op, path, value}");
        }
        if (request == null || request.getOperations() == null || request.getOperations().isEmpty()
                || request.getOperations().contains(null)) {
            throw ScimException.invalidSyntax("A PATCH body is {\"schemas\": [\"" + PatchRequest.SCHEMA
                    + "\"], \"Operations\": [...]} with at least one operation");
        }
        return request.getOperations();
    }

    private static PatchEdit.Op op(String op) {
        for (PatchEdit.Op known : PatchEdit.Op.values()) {
            if (known.name().equalsIgnoreCase(op)) {
                return known;
            }
        }
        throw ScimException.invalidSyntax("'%s' is not a PATCH op: add, replace or remove".formatted(op));
    }

    private static Set<String> locked(Set<String> readOnly) {
        Set<String> locked = new HashSet<>(ResourceSchema.SERVER_OWNED);
        readOnly.forEach(path -> locked.add(path.toLowerCase(Locale.ROOT)));
        return locked;
    }
}
