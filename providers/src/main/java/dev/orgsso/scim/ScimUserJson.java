package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.core.Provisioned;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * A help desk account as a SCIM User (RFC 7643 §4.1) and back. What the help desk keeps: userName,
 * name, the work email (the account's email), active, externalId; the other core attributes a client
 * sends (title, phoneNumbers, the enterprise extension Entra adds...) are valid and ignored. An
 * attribute no schema has is refused, so a typo does not silently change nothing.
 */
final class ScimUserJson {

    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** User attribute: when SCIM last changed the account (epoch millis). */
    static final String LAST_MODIFIED = "orgsso.scim.lastModified";
    /** The filterable attributes (canonical lowercase paths). */
    static final Set<String> FILTERABLE = Set.of("id", "username", "externalid", "emails.value", "emails.type", "emails.primary",
            "active", "name.givenname", "name.familyname", "displayname", "meta.created", "meta.lastmodified");
    private static final Set<String> CORE_ATTRIBUTES = Set.of("schemas", "id", "externalid", "username", "name", "displayname",
            "nickname", "profileurl", "title", "usertype", "preferredlanguage", "locale", "timezone", "active", "password",
            "emails", "phonenumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509certificates", "meta");

    /** What a request body sets. {@code active} is null when the body does not say. */
    record Fields(String userName, String externalId, String givenName, String familyName, String email, Boolean active) {
    }

    private ScimUserJson() {
    }

    static ObjectNode of(UserModel user, String baseUrl) {
        ObjectNode json = JsonSerialization.mapper.createObjectNode();
        json.putArray("schemas").add(SCHEMA);
        json.put("id", user.getId());
        String externalId = user.getFirstAttribute(Provisioned.EXTERNAL_ID);
        if (externalId != null) {
            json.put("externalId", externalId);
        }
        json.put("userName", user.getUsername());
        ObjectNode name = json.putObject("name");
        if (user.getFirstName() != null) {
            name.put("givenName", user.getFirstName());
        }
        if (user.getLastName() != null) {
            name.put("familyName", user.getLastName());
        }
        String display = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).strip();
        if (!display.isEmpty()) {
            name.put("formatted", display);
            json.put("displayName", display);
        }
        if (user.getEmail() != null) {
            ObjectNode email = json.putArray("emails").addObject();
            email.put("value", user.getEmail());
            email.put("type", "work");
            email.put("primary", true);
        }
        json.put("active", user.isEnabled());
        ObjectNode meta = json.putObject("meta");
        meta.put("resourceType", "User");
        long created = user.getCreatedTimestamp() == null ? 0 : user.getCreatedTimestamp();
        meta.put("created", Instant.ofEpochMilli(created).toString());
        String modified = user.getFirstAttribute(LAST_MODIFIED);
        meta.put("lastModified", Instant.ofEpochMilli(modified == null ? created : Long.parseLong(modified)).toString());
        meta.put("location", baseUrl + "/Users/" + user.getId());
        meta.put("version", "W/\"" + (modified == null ? created : modified) + "\"");
        return json;
    }

    /** Reads a User body (POST, PUT, or what a PATCH made of the current one). */
    static Fields read(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            String lower = field.toLowerCase(Locale.ROOT);
            if (!CORE_ATTRIBUTES.contains(lower) && !field.startsWith("urn:")) {
                throw ScimException.invalidValue("Unknown attribute \"" + cut(field) + "\".");
            }
            if (field.startsWith("urn:") && !field.equals(ENTERPRISE) && !field.startsWith(SCHEMA)) {
                throw ScimException.invalidValue("Unknown schema extension \"" + cut(field) + "\".");
            }
        }
        String userName = text(body, "userName");
        if (userName == null || userName.isBlank() || userName.length() > 255) {
            throw ScimException.invalidValue("\"userName\" is required: a string of at most 255 characters.");
        }
        JsonNode name = field(body, "name");
        if (name != null && !name.isObject() && !name.isNull()) {
            throw ScimException.invalidValue("\"name\" must be an object.");
        }
        return new Fields(userName.strip(), text(body, "externalId"), name == null ? null : text(name, "givenName"),
                name == null ? null : text(name, "familyName"), email(body), bool(body, "active"));
    }

    /** The primary email, else the work one, else the first. */
    private static String email(JsonNode body) {
        JsonNode emails = field(body, "emails");
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw ScimException.invalidValue("\"emails\" must be a list.");
        }
        String first = null;
        String work = null;
        for (JsonNode e : (ArrayNode) emails) {
            String value = e.isObject() ? text(e, "value") : null;
            if (value == null) {
                throw ScimException.invalidValue("Each of \"emails\" needs a \"value\".");
            }
            JsonNode primary = field(e, "primary");
            if (primary != null && (primary.asBoolean(false) || "true".equalsIgnoreCase(primary.asText()))) {
                return value.strip();
            }
            first = first == null ? value.strip() : first;
            work = work == null && "work".equalsIgnoreCase(text(e, "type")) ? value.strip() : work;
        }
        return work != null ? work : first;
    }

    /** Attribute names are case-insensitive (RFC 7643 §2.1). */
    static JsonNode field(JsonNode node, String name) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (n.equalsIgnoreCase(name)) {
                return node.get(n);
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ScimException.invalidValue("\"" + name + "\" must be a string.");
        }
        return v.asText();
    }

    /** Entra sends booleans as the strings "True" and "False". */
    private static Boolean bool(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && ("true".equalsIgnoreCase(v.asText()) || "false".equalsIgnoreCase(v.asText()))) {
            return Boolean.parseBoolean(v.asText().toLowerCase(Locale.ROOT));
        }
        throw ScimException.invalidValue("\"" + name + "\" must be true or false.");
    }

    private static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
