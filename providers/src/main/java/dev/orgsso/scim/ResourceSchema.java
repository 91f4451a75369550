package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The User and Group attributes this pack keeps (RFC 7643 §4.1 and §4.2, cut to what Keycloak stores for an
 * organisation's members), as PATCH needs them: which paths exist and what type each value must have. A path
 * outside these is {@code invalidPath}. Entra's default mappings also send title, phoneNumbers, addresses and
 * the enterprise extension's department, employeeNumber and manager: valid attributes, accepted and not kept.
 */
final class ResourceSchema {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    /** RFC 7643 §4.3: Entra's default mappings send department, employeeNumber and manager (as a plain id) here. */
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** Assigned by the service provider (RFC 7643 §3.1): no client writes them, whatever the caller lists. */
    static final Set<String> SERVER_OWNED = Set.of("id", "meta", "schemas");

    enum Type { TEXT, BOOLEAN, COMPLEX }

    record Attribute(String name, Type type, boolean multiValued, List<Attribute> subs) {

        Optional<Attribute> sub(String name) {
            return subs.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
        }

        Set<String> subNames() {
            return Set.copyOf(subs.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static final Attribute META = complex("meta", text("resourceType"), text("created"), text("lastModified"),
            text("location"), text("version"));
    private static final Attribute SCHEMAS = new Attribute("schemas", Type.TEXT, true, List.of());

    static final ResourceSchema USER = new ResourceSchema(USER_SCHEMA, List.of(text("id"), text("externalId"),
            text("userName"), complex("name", text("givenName"), text("familyName"), text("formatted"), text("middleName"),
                    text("honorificPrefix"), text("honorificSuffix")), text("displayName"),
            multi("emails", text("value"), text("type"), bool("primary")), bool("active"),
            // Core attributes Entra's default mappings send; valid, accepted, not kept (the help desk has no use for them).
            text("title"), text("nickName"), text("userType"), text("preferredLanguage"), text("locale"), text("timezone"),
            text("profileUrl"), multi("phoneNumbers", text("value"), text("type"), bool("primary")),
            multi("addresses", text("type"), text("formatted"), text("streetAddress"), text("locality"), text("region"),
                    text("postalCode"), text("country"), bool("primary")),
            complex(ENTERPRISE_SCHEMA, text("employeeNumber"), text("costCenter"), text("organization"), text("division"),
                    text("department"), text("manager")),
            META, SCHEMAS));
    static final ResourceSchema GROUP = new ResourceSchema(GROUP_SCHEMA, List.of(text("id"), text("externalId"),
            text("displayName"), multi("members", text("value"), text("display"), text("$ref"), text("type")), META,
            SCHEMAS));

    private final String urn;
    private final List<Attribute> attributes;

    private ResourceSchema(String urn, List<Attribute> attributes) {
        this.urn = urn;
        this.attributes = attributes;
    }

    /** A Group names its schema in {@code schemas}; anything else is taken for a User. */
    static ResourceSchema of(JsonNode resource) {
        for (JsonNode schema : resource.path("schemas")) {
            if (GROUP_SCHEMA.equalsIgnoreCase(schema.asText())) {
                return GROUP;
            }
        }
        return USER;
    }

    String urn() {
        return urn;
    }

    Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    private static Attribute text(String name) {
        return new Attribute(name, Type.TEXT, false, List.of());
    }

    private static Attribute bool(String name) {
        return new Attribute(name, Type.BOOLEAN, false, List.of());
    }

    private static Attribute complex(String name, Attribute... subs) {
        return new Attribute(name, Type.COMPLEX, false, List.of(subs));
    }

    private static Attribute multi(String name, Attribute... subs) {
        return new Attribute(name, Type.COMPLEX, true, List.of(subs));
    }
}
