package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Provisioned;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * The organisation's SCIM Groups are its Keycloak organization groups (26.6+): top-level groups of the
 * organisation, members kept in step. The vendor's admin can give such a group a role mapping (e.g. an
 * organisation's "Help desk admins" to a client role of main-app); SCIM only names groups and members.
 */
final class ScimGroups {

    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final Set<String> FILTERABLE = Set.of("id", "displayname", "externalid", "members.value", "meta.created", "meta.lastmodified");
    private static final String EXTERNAL_ID = Provisioned.EXTERNAL_ID;

    private final ScimScope scope;

    ScimGroups(ScimScope scope) {
        this.scope = scope;
    }

    ObjectNode get(String id) {
        return json(visible(id));
    }

    ScimPage list(String filter, int startIndex, int count) {
        ScimFilter parsed = filter == null || filter.isBlank() ? null : ScimFilter.parse(filter, FILTERABLE);
        List<ObjectNode> matched = groups().map(this::json).filter(j -> parsed == null || parsed.matches(j)).toList();
        return ScimPage.of(matched, startIndex, count);
    }

    ObjectNode create(JsonNode body) {
        String name = displayName(body);
        if (groups().anyMatch(g -> g.getName().equalsIgnoreCase(name))) {
            throw ScimException.uniqueness("The organisation has a group \"" + name + "\" already.");
        }
        GroupModel group = scope.orgs().createGroup(scope.org(), name, null);
        setExternalId(group, body);
        members(group, body);
        ScimEvent.record(scope.session(), OperationType.CREATE, Decision.SCIM_GROUP_CREATED, scope.org(),
                scope.tokenId(), "Groups", group.getId());
        return json(group);
    }

    ObjectNode replace(String id, JsonNode body) {
        GroupModel group = visible(id);
        return apply(group, body);
    }

    ObjectNode patch(String id, JsonNode body) {
        GroupModel group = visible(id);
        return apply(group, ScimPatch.apply(json(group), body, ScimUsers.READ_ONLY));
    }

    void delete(String id) {
        GroupModel group = visible(id);
        scope.session().groups().removeGroup(scope.realm(), group);
        ScimEvent.record(scope.session(), OperationType.DELETE, Decision.SCIM_GROUP_DELETED, scope.org(), scope.tokenId(), "Groups", id);
    }

    private ObjectNode apply(GroupModel group, JsonNode body) {
        String name = displayName(body);
        if (!name.equals(group.getName())) {
            if (groups().anyMatch(g -> g.getName().equalsIgnoreCase(name) && !g.getId().equals(group.getId()))) {
                throw ScimException.uniqueness("The organisation has a group \"" + name + "\" already.");
            }
            group.setName(name);
        }
        setExternalId(group, body);
        members(group, body);
        ScimEvent.record(scope.session(), OperationType.UPDATE, Decision.SCIM_GROUP_UPDATED, scope.org(),
                scope.tokenId(), "Groups", group.getId());
        return json(group);
    }

    /** Makes the group's members exactly the body's (each a visible user of the organisation). */
    private void members(GroupModel group, JsonNode body) {
        JsonNode list = ScimUserJson.field(body, "members");
        if (list == null || list.isNull()) {
            list = JsonSerialization.mapper.createArrayNode();
        }
        if (!list.isArray()) {
            throw ScimException.invalidValue("\"members\" must be a list.");
        }
        ScimUsers users = new ScimUsers(scope);
        Set<String> wanted = new LinkedHashSet<>();
        for (JsonNode m : list) {
            JsonNode value = m.isObject() ? ScimUserJson.field(m, "value") : null;
            if (value == null || !value.isTextual()) {
                throw ScimException.invalidValue("Each member needs a \"value\": a user's id.");
            }
            try {
                users.get(value.asText());
            } catch (ScimException notFound) {
                throw ScimException.invalidValue("No user " + value.asText() + " in this organisation.");
            }
            wanted.add(value.asText());
        }
        List<UserModel> current = scope.session().users().getGroupMembersStream(scope.realm(), group).toList();
        for (UserModel u : current) {
            if (!wanted.remove(u.getId())) {
                u.leaveGroup(group);
            }
        }
        for (String id : wanted) {
            scope.session().users().getUserById(scope.realm(), id).joinGroup(group);
        }
    }

    private ObjectNode json(GroupModel group) {
        ObjectNode json = JsonSerialization.mapper.createObjectNode();
        json.putArray("schemas").add(SCHEMA);
        json.put("id", group.getId());
        json.put("displayName", group.getName());
        String externalId = group.getFirstAttribute(EXTERNAL_ID);
        if (externalId != null) {
            json.put("externalId", externalId);
        }
        var members = json.putArray("members");
        scope.session().users().getGroupMembersStream(scope.realm(), group).forEach(u -> {
            ObjectNode m = members.addObject();
            m.put("value", u.getId());
            m.put("display", u.getUsername());
            m.put("$ref", scope.baseUrl() + "/Users/" + u.getId());
        });
        ObjectNode meta = json.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("location", scope.baseUrl() + "/Groups/" + group.getId());
        return json;
    }

    private GroupModel visible(String id) {
        GroupModel group = id == null || id.length() > 64 ? null : groups().filter(g -> g.getId().equals(id)).findFirst().orElse(null);
        if (group == null) {
            throw ScimException.notFound("No group " + (id == null ? "" : id.length() > 64 ? id.substring(0, 64) : id) + ".");
        }
        return group;
    }

    private Stream<GroupModel> groups() {
        return scope.orgs().getTopLevelGroups(scope.org(), null, null);
    }

    private static String displayName(JsonNode body) {
        JsonNode name = ScimUserJson.field(body, "displayName");
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 255) {
            throw ScimException.invalidValue("\"displayName\" is required: a string of at most 255 characters.");
        }
        return name.asText().strip();
    }

    private static void setExternalId(GroupModel group, JsonNode body) {
        JsonNode externalId = ScimUserJson.field(body, "externalId");
        if (externalId == null || externalId.isNull()) {
            group.removeAttribute(EXTERNAL_ID);
        } else if (externalId.isTextual()) {
            group.setSingleAttribute(EXTERNAL_ID, externalId.asText());
        } else {
            throw ScimException.invalidValue("\"externalId\" must be a string.");
        }
    }
}
