package dev.orgsso.scim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the service says about itself (RFC 7643 §5–7): the features it has (PATCH and filters, no bulk,
 * no sort, no etags, no password change), its two resource types and the attributes it keeps. Clients
 * such as Okta read these before they provision.
 */
final class ScimSchemas {

    private ScimSchemas() {
    }

    static Map<String, Object> serviceProviderConfig(String base) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"));
        c.put("patch", Map.of("supported", true));
        c.put("bulk", Map.of("supported", false, "maxOperations", 0, "maxPayloadSize", 0));
        c.put("filter", Map.of("supported", true, "maxResults", ScimResource.MAX_COUNT));
        c.put("changePassword", Map.of("supported", false));
        c.put("sort", Map.of("supported", false));
        c.put("etag", Map.of("supported", false));
        c.put("authenticationSchemes", List.of(Map.of("type", "oauthbearertoken", "name", "OAuth Bearer Token",
                "description", "A token of this organisation from the help desk vendor's onboarding API", "primary", true)));
        c.put("meta", Map.of("resourceType", "ServiceProviderConfig", "location", base + "/ServiceProviderConfig"));
        return c;
    }

    static List<Map<String, Object>> resourceTypes(String base) {
        return List.of(resourceType("User", "/Users", ScimUserJson.SCHEMA, base,
                        List.of(Map.of("schema", ScimUserJson.ENTERPRISE, "required", false))),
                resourceType("Group", "/Groups", ScimGroups.SCHEMA, base, List.of()));
    }

    static List<Map<String, Object>> schemas() {
        return List.of(schema(ScimUserJson.SCHEMA, "User", List.of(
                        attribute("userName", "string", false, true, "server"),
                        attribute("externalId", "string", false, true, "none"),
                        complex("name", List.of(attribute("givenName", "string", false, false, "none"),
                                attribute("familyName", "string", false, false, "none"),
                                attribute("formatted", "string", false, false, "none"))),
                        attribute("displayName", "string", false, false, "none"),
                        multi("emails", List.of(attribute("value", "string", false, true, "server"),
                                attribute("type", "string", false, false, "none"),
                                attribute("primary", "boolean", false, false, "none"))),
                        attribute("active", "boolean", false, false, "none"))),
                schema(ScimGroups.SCHEMA, "Group", List.of(
                        attribute("displayName", "string", false, true, "server"),
                        attribute("externalId", "string", false, true, "none"),
                        multi("members", List.of(attribute("value", "string", false, true, "none"),
                                attribute("display", "string", false, false, "none"))))));
    }

    static Map<String, Object> listOf(List<Map<String, Object>> resources) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(ScimResource.LIST_SCHEMA));
        body.put("totalResults", resources.size());
        body.put("startIndex", 1);
        body.put("itemsPerPage", resources.size());
        body.put("Resources", resources);
        return body;
    }

    private static Map<String, Object> resourceType(String name, String endpoint, String schema, String base,
                                                    List<Map<String, Object>> extensions) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ResourceType"));
        t.put("id", name);
        t.put("name", name);
        t.put("endpoint", endpoint);
        t.put("schema", schema);
        t.put("schemaExtensions", extensions);
        t.put("meta", Map.of("resourceType", "ResourceType", "location", base + "/ResourceTypes/" + name));
        return t;
    }

    private static Map<String, Object> schema(String id, String name, List<Map<String, Object>> attributes) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Schema"));
        s.put("id", id);
        s.put("name", name);
        s.put("attributes", attributes);
        s.put("meta", Map.of("resourceType", "Schema"));
        return s;
    }

    private static Map<String, Object> attribute(String name, String type, boolean multiValued, boolean required, String uniqueness) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("type", type);
        a.put("multiValued", multiValued);
        a.put("required", required);
        a.put("caseExact", "externalId".equals(name) || "value".equals(name) && "none".equals(uniqueness));
        a.put("mutability", "readWrite");
        a.put("returned", "default");
        a.put("uniqueness", uniqueness);
        return a;
    }

    private static Map<String, Object> complex(String name, List<Map<String, Object>> sub) {
        Map<String, Object> a = attribute(name, "complex", false, false, "none");
        a.put("subAttributes", sub);
        return a;
    }

    private static Map<String, Object> multi(String name, List<Map<String, Object>> sub) {
        Map<String, Object> a = attribute(name, "complex", true, false, "none");
        a.put("subAttributes", sub);
        return a;
    }
}
