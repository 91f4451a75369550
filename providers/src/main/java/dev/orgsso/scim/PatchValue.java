package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.scim.ResourceSchema.Attribute;
import dev.orgsso.scim.ResourceSchema.Type;
import java.util.Map;

/**
 * A PATCH value checked against the attribute's type and written in the schema's spelling. Entra sends booleans
 * as the strings "True" and "False" (Microsoft's SCIM tutorial, "Known issues": {@code "value": "False"}), so a
 * boolean attribute takes those too; any other mismatch is {@code invalidValue}. A null inside an object
 * ({@code "$ref": null}, which Entra sends with each member) is unassigned (RFC 7643 §2.5) and left out.
 */
final class PatchValue {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PatchValue() {
    }

    /** One value of the attribute: a text, a boolean, or the sub-attributes of one complex value. */
    static JsonNode single(Attribute attribute, JsonNode value, String where) {
        if (attribute.type() == Type.TEXT && value.isTextual()) {
            return value;
        }
        if (attribute.type() == Type.BOOLEAN) {
            if (value.isBoolean()) {
                return value;
            }
            if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
                return BooleanNode.valueOf(value.textValue().equalsIgnoreCase("true"));
            }
        }
        if (attribute.type() == Type.COMPLEX && value.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                Attribute sub = attribute.sub(field.getKey()).orElseThrow(() -> ScimException.invalidPath(
                        "'%s.%s' is not an attribute of this resource".formatted(where, field.getKey())));
                if (!field.getValue().isNull()) {
                    out.set(sub.name(), single(sub, field.getValue(), where + "." + sub.name()));
                }
            }
            return out;
        }
        throw ScimException.invalidValue("'%s' takes %s, not %s".formatted(where, expected(attribute), value.getNodeType()
                .name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviated(value)));
    }

    /** The values of a multi-valued attribute: an array, or one value where a client sends it bare. */
    static ArrayNode many(Attribute attribute, JsonNode value, String where) {
        ArrayNode out = JSON.arrayNode();
        for (JsonNode element : value.isArray() ? value : JSON.arrayNode().add(value)) {
            out.add(single(attribute, element, where));
        }
        return out;
    }

    private static String expected(Attribute attribute) {
        return switch (attribute.type()) {
            case TEXT -> "a string";
            case BOOLEAN -> "a boolean (true, false, \"True\", \"False\")";
            case COMPLEX -> "an object of sub-attributes";
        };
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
