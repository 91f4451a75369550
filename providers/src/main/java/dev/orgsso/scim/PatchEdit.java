package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.scim.ResourceSchema.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * PATCH operations applied, one by one, to the copy {@link ScimPatch} made of the caller's resource. The rules are RFC 7644 §3.5.2's with what Entra and Okta send: add to a multi-valued
 * attribute merges by {@code value} (a member is there once), replace of a complex attribute replaces the
 * sub-attributes given and leaves the others, a null value unassigns (RFC 7643 §2.5).
 */
final class PatchEdit {

    enum Op { ADD, REPLACE, REMOVE }

    private final ObjectNode resource;
    private final Set<String> locked;

    PatchEdit(ObjectNode resource, Set<String> locked) {
        this.resource = resource;
        this.locked = locked;
    }

    void apply(Op op, PatchPath path, JsonNode value) {
        Attribute attribute = path.attribute();
        String where = attribute.name() + (path.sub() == null ? "" : "." + path.sub().name());
        if (isLocked(attribute, path.sub())) {
            // Okta renames a group with {"id": <its id>, "displayName": ...}: writing the same value is no change.
            JsonNode current = path.filter() == null ? at(resource, attribute, path.sub()) : null;
            if (op == Op.REMOVE || current == null || !current.equals(value)) {
                throw ScimException.mutability("'%s' cannot be changed".formatted(where));
            }
            return;
        }
        if (path.filter() != null || (attribute.multiValued() && path.sub() != null)) {
            elements(op, path, value, where);
        } else if (path.sub() != null) {
            subAttribute(op, attribute, path.sub(), value, where);
        } else {
            whole(op, attribute, value, where);
        }
    }

    private void whole(Op op, Attribute attribute, JsonNode value, String where) {
        if (op == Op.REMOVE && attribute.multiValued() && !value.isNull()) {
            // Entra removes members as {"op":"Remove","path":"members","value":[{"value":"<id>"}]}.
            ArrayNode values = array(attribute);
            for (JsonNode gone : PatchValue.many(attribute, value, where)) {
                if (!gone.path("value").isTextual()) {
                    throw ScimException.invalidValue("Removing from '%s' by value needs {\"value\": ...}".formatted(where));
                }
                removeIf(values, element -> sameValue(element, gone));
            }
            dropIfEmpty(attribute, values);
        } else if (op == Op.REMOVE || value.isNull()) {
            remove(resource, attribute.name());
        } else if (attribute.multiValued()) {
            ArrayNode incoming = PatchValue.many(attribute, value, where);
            ArrayNode values = op == Op.REPLACE ? JsonNodeFactory.instance.arrayNode() : array(attribute);
            List<JsonNode> merged = new ArrayList<>();
            incoming.forEach(element -> merged.add(merge(values, element)));
            put(resource, attribute.name(), values);
            onePrimary(values, merged);
        } else if (attribute.type() == ResourceSchema.Type.COMPLEX) {
            ObjectNode current = object(attribute);
            current.setAll((ObjectNode) PatchValue.single(attribute, value, where));
        } else {
            put(resource, attribute.name(), PatchValue.single(attribute, value, where));
        }
    }

    private void subAttribute(Op op, Attribute attribute, Attribute sub, JsonNode value, String where) {
        if (op == Op.REMOVE || value.isNull()) {
            JsonNode current = field(resource, attribute.name());
            if (current instanceof ObjectNode object) {
                remove(object, sub.name());
                if (object.isEmpty()) {
                    remove(resource, attribute.name());
                }
            }
            return;
        }
        put(object(attribute), sub.name(), PatchValue.single(sub, value, where));
    }

    /** A filtered path ({@code emails[type eq "work"].value}) or a sub-attribute of every value ({@code emails.type}). */
    private void elements(Op op, PatchPath path, JsonNode value, String where) {
        Attribute attribute = path.attribute();
        ArrayNode values = array(attribute);
        List<ObjectNode> targets = new ArrayList<>();
        values.forEach(element -> {
            if (element instanceof ObjectNode object && (path.filter() == null || path.filter().matches(object))) {
                targets.add(object);
            }
        });
        if (op == Op.REMOVE || value.isNull()) {
            if (targets.isEmpty() && op == Op.REMOVE && path.filter() != null) {
                throw ScimException.noTarget("No value of '%s' matches the path's filter".formatted(attribute.name()));
            }
            for (ObjectNode target : targets) {
                if (path.sub() != null) {
                    remove(target, path.sub().name());
                } else {
                    removeIf(values, element -> element == target);
                }
            }
            dropIfEmpty(attribute, values);
            return;
        }
        if (targets.isEmpty()) {
            // RFC 7644 §3.5.2.3 answers noTarget, but Entra replaces emails[type eq "work"].value on users who have
            // no work email yet and expects one: create the element the filter describes when it describes one.
            ObjectNode created = path.filter() == null ? JsonNodeFactory.instance.objectNode()
                    : (ObjectNode) PatchValue.single(attribute, path.filter().describedElement().orElseThrow(() ->
                            ScimException.noTarget("No value of '%s' matches the path's filter".formatted(attribute.name()))), where);
            values.add(created);
            targets.add(created);
            put(resource, attribute.name(), values);
        }
        for (ObjectNode target : targets) {
            if (path.sub() != null) {
                put(target, path.sub().name(), PatchValue.single(path.sub(), value, where));
            } else {
                target.setAll((ObjectNode) PatchValue.single(attribute, value, where));
            }
        }
        onePrimary(values, new ArrayList<>(targets));
    }

    private boolean isLocked(Attribute attribute, Attribute sub) {
        String name = attribute.name().toLowerCase(Locale.ROOT);
        return locked.contains(name) || (sub != null && locked.contains(name + "." + sub.name().toLowerCase(Locale.ROOT)));
    }

    /** An element with the same {@code value} takes the new sub-attributes; otherwise the element is added. */
    private static JsonNode merge(ArrayNode values, JsonNode element) {
        for (JsonNode existing : values) {
            if (sameValue(existing, element) || existing.equals(element)) {
                ((ObjectNode) existing).setAll((ObjectNode) element);
                return existing;
            }
        }
        values.add(element);
        return element;
    }

    /** Emails compare case-insensitively, and member ids are Keycloak's lowercase UUIDs: one rule for both. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        return a.path("value").isTextual() && a.path("value").textValue().equalsIgnoreCase(b.path("value").asText(null));
    }

    /** RFC 7643 §2.4: "primary" is true for one value at most; the one just written wins. */
    private static void onePrimary(ArrayNode values, List<JsonNode> written) {
        JsonNode winner = null;
        for (JsonNode w : written) {
            if (w.path("primary").asBoolean(false)) {
                winner = w;
            }
        }
        for (JsonNode element : values) {
            if (element != winner && winner != null && element.path("primary").asBoolean(false)) {
                ((ObjectNode) element).put("primary", false);
            }
        }
    }

    private ArrayNode array(Attribute attribute) {
        JsonNode current = field(resource, attribute.name());
        return current instanceof ArrayNode array ? array : JsonNodeFactory.instance.arrayNode();
    }

    private ObjectNode object(Attribute attribute) {
        JsonNode current = field(resource, attribute.name());
        if (current instanceof ObjectNode object) {
            return object;
        }
        ObjectNode created = JsonNodeFactory.instance.objectNode();
        put(resource, attribute.name(), created);
        return created;
    }

    private void dropIfEmpty(Attribute attribute, ArrayNode values) {
        if (values.isEmpty()) {
            remove(resource, attribute.name());
        } else {
            put(resource, attribute.name(), values);
        }
    }

    private static JsonNode at(ObjectNode resource, Attribute attribute, Attribute sub) {
        JsonNode value = field(resource, attribute.name());
        return sub == null || value == null ? value : field(value, sub.name());
    }

    /** Names are case-insensitive (RFC 7643 §2.1); the caller's resource is read that way and written canonically. */
    private static JsonNode field(JsonNode node, String name) {
        for (var entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void removeIf(ArrayNode values, java.util.function.Predicate<JsonNode> gone) {
        for (int i = values.size() - 1; i >= 0; i--) {
            if (gone.test(values.get(i))) {
                values.remove(i);
            }
        }
    }

    private static void put(ObjectNode node, String name, JsonNode value) {
        remove(node, name);
        node.set(name, value);
    }

    private static void remove(ObjectNode node, String name) {
        node.properties().removeIf(entry -> entry.getKey().equalsIgnoreCase(name));
    }
}
