package dev.orgsso.scim;

import static dev.orgsso.scim.ScimFilterTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PATCH bodies as Microsoft Entra and Okta send them (Microsoft's "Tutorial: Develop and plan provisioning for a
 * SCIM endpoint in Microsoft Entra ID", Okta's SCIM 2.0 reference requests), and RFC 7644 §3.5.2's own forms,
 * applied to a User's and a Group's JSON; then each error the endpoint must answer with.
 */
class ScimPatchTest {

    private static final Set<String> READ_ONLY = Set.of("meta");

    static ObjectNode user() {
        return (ObjectNode) json("""
                {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User'], 'id': 'u-1', 'externalId': 'ext-1',
                 'userName': 'barbara@acme.test', 'displayName': 'Barbara Jensen', 'active': true,
                 'name': {'givenName': 'Barbara', 'familyName': 'Jensen'},
                 'emails': [{'value': 'barbara@acme.test', 'type': 'work', 'primary': true},
                            {'value': 'babs@home.test', 'type': 'home'}],
                 'meta': {'resourceType': 'User', 'created': '2026-01-01T00:00:00Z'}}""");
    }

    static ObjectNode group() {
        return (ObjectNode) json("""
                {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g-1', 'displayName': 'Agents',
                 'members': [{'value': 'u-1', 'display': 'Barbara'}, {'value': 'u-2'}],
                 'meta': {'resourceType': 'Group'}}""");
    }

    /** A PatchOp message around the given operations (single quotes for double, \\' for an escaped quote). */
    static JsonNode patch(String operations) {
        return json("{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], 'Operations': [" + operations + "]}");
    }

    private static ObjectNode apply(ObjectNode resource, String operations) {
        return ScimPatch.apply(resource, patch(operations), READ_ONLY);
    }

    private static List<String> values(JsonNode resource, String attribute) {
        List<String> values = new ArrayList<>();
        resource.path(attribute).forEach(v -> values.add(v.path("value").asText()));
        return values;
    }

    @Nested
    @DisplayName("Microsoft Entra")
    class Entra {

        @Test
        @DisplayName("Given Replace active \"False\" (a string), active becomes the boolean false; \"True\" enables again")
        void activeAsString() {
            ObjectNode disabled = apply(user(), "{'op': 'Replace', 'path': 'active', 'value': 'False'}");
            assertTrue(disabled.get("active").isBoolean());
            assertFalse(disabled.get("active").booleanValue());
            ObjectNode enabled = apply(disabled, "{'op': 'Replace', 'path': 'active', 'value': 'True'}");
            assertTrue(enabled.get("active").booleanValue());
        }

        @Test
        @DisplayName("Given Entra's default mappings (title, a work phone, a work address), they are valid core attributes and applied")
        void defaultMappings() {
            ObjectNode patched = apply(user(), """
                    {'op': 'Add', 'path': 'title', 'value': 'Engineer'},
                    {'op': 'Add', 'path': 'phoneNumbers[type eq \\'work\\'].value', 'value': '+49 30 1234'},
                    {'op': 'Add', 'path': 'addresses[type eq \\'work\\'].formatted', 'value': 'Hauptstr. 1'}""");
            assertEquals("Engineer", patched.get("title").asText());
            assertEquals("+49 30 1234", patched.at("/phoneNumbers/0/value").asText());
            assertEquals("Hauptstr. 1", patched.at("/addresses/0/formatted").asText());
            ObjectNode enterprise = apply(patched, """
                    {'op': 'Add', 'path': 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'value': 'Support'},
                    {'op': 'Add', 'path': 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', 'value': 'm-1'}""");
            assertEquals("Support", enterprise.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asText());
            assertEquals("m-1", enterprise.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("manager").asText());
        }

        @Test
        @DisplayName("Given Replace active false (a boolean), active becomes false")
        void activeAsBoolean() {
            assertFalse(apply(user(), "{'op': 'Replace', 'path': 'active', 'value': false}").get("active").asBoolean(true));
        }

        @Test
        @DisplayName("Given Replace of emails[type eq \"work\"].value and name.familyName, only those change")
        void workEmailAndFamilyName() {
            ObjectNode patched = apply(user(), """
                    {'op': 'Replace', 'path': 'emails[type eq \\'work\\'].value', 'value': 'updatedEmail@acme.test'},
                    {'op': 'Replace', 'path': 'name.familyName', 'value': 'updatedFamilyName'}""");
            assertEquals(List.of("updatedEmail@acme.test", "babs@home.test"), values(patched, "emails"));
            assertEquals("work", patched.get("emails").get(0).get("type").asText());
            assertTrue(patched.get("emails").get(0).get("primary").asBoolean());
            assertEquals("updatedFamilyName", patched.at("/name/familyName").asText());
            assertEquals("Barbara", patched.at("/name/givenName").asText());
        }

        @Test
        @DisplayName("Given Add or Replace of emails[type eq \"work\"].value on a user without one, the work email is created")
        void workEmailCreated() {
            ObjectNode noEmails = user();
            noEmails.remove("emails");
            ObjectNode added = apply(noEmails, "{'op': 'Add', 'path': 'emails[type eq \\'work\\'].value', 'value': 'new@acme.test'}");
            assertEquals(json("[{'type': 'work', 'value': 'new@acme.test'}]"), added.get("emails"));

            ObjectNode homeOnly = user();
            homeOnly.withArray("emails").remove(0);
            ObjectNode replaced = apply(homeOnly, "{'op': 'Replace', 'path': 'emails[type eq \\'work\\'].value', 'value': 'w@acme.test'}");
            assertEquals(List.of("babs@home.test", "w@acme.test"), values(replaced, "emails"));
        }

        @Test
        @DisplayName("Given Replace without a path and an object of attribute paths (\"name.givenName\", \"active\": \"False\"), each is set")
        void multiAttributeReplaceWithoutPath() {
            ObjectNode patched = apply(user(), """
                    {'op': 'Replace', 'value': {'displayName': 'Test User', 'name.givenName': 'Test',
                     'name.familyName': 'User', 'active': 'False', 'externalId': 'ext-2', 'userName': 'test@acme.test',
                     'emails[type eq \\'work\\'].value': 'test@acme.test'}}""");
            assertEquals("Test User", patched.get("displayName").asText());
            assertEquals(json("{'givenName': 'Test', 'familyName': 'User'}"), patched.get("name"));
            assertEquals(false, patched.get("active").booleanValue());
            assertEquals("ext-2", patched.get("externalId").asText());
            assertEquals("test@acme.test", patched.get("userName").asText());
            assertEquals(List.of("test@acme.test", "babs@home.test"), values(patched, "emails"));
        }

        @Test
        @DisplayName("Given Replace userName and Add externalId, they are set")
        void singleValued() {
            ObjectNode patched = apply(user(), """
                    {'op': 'Replace', 'path': 'userName', 'value': '5b50642d@acme.test'},
                    {'op': 'Add', 'path': 'externalId', 'value': 'mailNickname'}""");
            assertEquals("5b50642d@acme.test", patched.get("userName").asText());
            assertEquals("mailNickname", patched.get("externalId").asText());
        }

        @Test
        @DisplayName("Given Add members with \"$ref\": null, the member is added once, without the null")
        void addMembers() {
            ObjectNode patched = apply(group(), "{'op': 'Add', 'path': 'members', 'value': [{'$ref': null, 'value': 'u-3'}, {'value': 'u-1'}]}");
            assertEquals(List.of("u-1", "u-2", "u-3"), values(patched, "members"));
            assertFalse(patched.get("members").get(2).has("$ref"));
            assertEquals("Barbara", patched.get("members").get(0).get("display").asText(), "the existing member is kept as it was");
        }

        @Test
        @DisplayName("Given Remove members with a value list, those members are removed")
        void removeMembersByValue() {
            ObjectNode patched = apply(group(), "{'op': 'Remove', 'path': 'members', 'value': [{'value': 'u-1'}]}");
            assertEquals(List.of("u-2"), values(patched, "members"));
        }

        @Test
        @DisplayName("Given Remove members without a value, every member is removed")
        void removeAllMembers() {
            assertFalse(apply(group(), "{'op': 'Remove', 'path': 'members'}").has("members"));
        }

        @Test
        @DisplayName("Given Replace displayName on a group, the group is renamed")
        void renameGroup() {
            assertEquals("Agents 2", apply(group(), "{'op': 'Replace', 'path': 'displayName', 'value': 'Agents 2'}")
                    .get("displayName").asText());
        }
    }

    @Nested
    @DisplayName("Okta")
    class Okta {

        @Test
        @DisplayName("Given replace without a path and {\"active\": false}, the user is deactivated and nothing else changes")
        void deactivate() {
            ObjectNode before = user();
            ObjectNode patched = apply(before, "{'op': 'replace', 'value': {'active': false}}");
            before.put("active", false);
            assertEquals(before, patched);
        }

        @Test
        @DisplayName("Given a group rename that repeats the group's own id, it is renamed (the same id is no change)")
        void renameWithSameId() {
            ObjectNode patched = apply(group(), "{'op': 'replace', 'value': {'id': 'g-1', 'displayName': 'Test SCIMv2'}}");
            assertEquals("Test SCIMv2", patched.get("displayName").asText());
            assertEquals("g-1", patched.get("id").asText());
        }

        @Test
        @DisplayName("Given remove members[value eq \"id\"], that member is removed")
        void removeMemberByFilter() {
            assertEquals(List.of("u-1"), values(apply(group(), "{'op': 'remove', 'path': 'members[value eq \\'u-2\\']'}"), "members"));
        }

        @Test
        @DisplayName("Given add members with display, they are appended")
        void addMembersWithDisplay() {
            ObjectNode patched = apply(group(), "{'op': 'add', 'path': 'members', 'value': [{'value': 'u-9', 'display': 'Nine'}]}");
            assertEquals(List.of("u-1", "u-2", "u-9"), values(patched, "members"));
            assertEquals("Nine", patched.get("members").get(2).get("display").asText());
        }

        @Test
        @DisplayName("Given replace members, the list is replaced (and a member listed twice is there once)")
        void replaceMembers() {
            ObjectNode patched = apply(group(), "{'op': 'replace', 'path': 'members', 'value': [{'value': 'u-9'}, {'value': 'u-9'}]}");
            assertEquals(List.of("u-9"), values(patched, "members"));
        }
    }

    @Nested
    @DisplayName("RFC 7644 forms")
    class Rfc {

        @Test
        @DisplayName("Given a nested object without a path, its sub-attributes are replaced and the others kept")
        void nestedObject() {
            ObjectNode patched = apply(user(), "{'op': 'replace', 'value': {'name': {'givenName': 'Babs'}}}");
            assertEquals(json("{'givenName': 'Babs', 'familyName': 'Jensen'}"), patched.get("name"));
        }

        @Test
        @DisplayName("Given add of a complex attribute by path, it merges into the current value")
        void addComplex() {
            ObjectNode patched = apply(user(), "{'op': 'add', 'path': 'name', 'value': {'familyName': 'Smith'}}");
            assertEquals(json("{'givenName': 'Barbara', 'familyName': 'Smith'}"), patched.get("name"));
        }

        @Test
        @DisplayName("Given ops and attribute names in any case and the core schema URN, they are understood")
        void caseAndUrn() {
            ObjectNode patched = apply(user(), """
                    {'op': 'REPLACE', 'path': 'urn:ietf:params:scim:schemas:core:2.0:User:userName', 'value': 'a@acme.test'},
                    {'op': 'rePlace', 'path': 'NAME.GIVENNAME', 'value': 'B'},
                    {'op': 'replace', 'value': {'DisplayName': 'C'}}""");
            assertEquals("a@acme.test", patched.get("userName").asText());
            assertEquals("B", patched.at("/name/givenName").asText());
            assertEquals("C", patched.get("displayName").asText());
            assertFalse(patched.has("DisplayName"), "written in the schema's spelling");
        }

        @Test
        @DisplayName("Given add emails, the email is appended; the same address (in any case) merges in the client's spelling; a new primary takes over")
        void addEmails() {
            ObjectNode patched = apply(user(), """
                    {'op': 'add', 'path': 'emails', 'value': [{'value': 'new@acme.test', 'type': 'other', 'primary': 'True'},
                                                              {'value': 'BABS@home.test', 'type': 'home'}]}""");
            assertEquals(List.of("barbara@acme.test", "BABS@home.test", "new@acme.test"), values(patched, "emails"));
            assertFalse(patched.get("emails").get(0).get("primary").asBoolean(), "one primary at most");
            assertTrue(patched.get("emails").get(2).get("primary").booleanValue());
        }

        @Test
        @DisplayName("Given replace emails, the list is replaced")
        void replaceEmails() {
            ObjectNode patched = apply(user(), "{'op': 'replace', 'path': 'emails', 'value': [{'value': 'only@acme.test', 'type': 'work'}]}");
            assertEquals(List.of("only@acme.test"), values(patched, "emails"));
        }

        @Test
        @DisplayName("Given remove of a sub-attribute, a single-valued attribute or a filtered value, only that goes")
        void removes() {
            ObjectNode patched = apply(user(), """
                    {'op': 'remove', 'path': 'name.familyName'},
                    {'op': 'remove', 'path': 'externalId'},
                    {'op': 'remove', 'path': 'emails[type eq \\'home\\']'}""");
            assertEquals(json("{'givenName': 'Barbara'}"), patched.get("name"));
            assertFalse(patched.has("externalId"));
            assertEquals(List.of("barbara@acme.test"), values(patched, "emails"));
        }

        @Test
        @DisplayName("Given replace with a null value, the attribute is unassigned (RFC 7643 §2.5)")
        void nullUnassigns() {
            assertFalse(apply(user(), "{'op': 'replace', 'path': 'externalId', 'value': null}").has("externalId"));
        }

        @Test
        @DisplayName("Given a patch, the input resource is untouched and a new resource is answered")
        void inputUntouched() {
            ObjectNode before = user();
            ObjectNode patched = apply(before, """
                    {'op': 'replace', 'path': 'name.givenName', 'value': 'X'},
                    {'op': 'add', 'path': 'emails', 'value': [{'value': 'x@acme.test'}]},
                    {'op': 'remove', 'path': 'emails[type eq \\'home\\']'}""");
            assertEquals(user(), before);
            assertNotSame(before, patched);
            assertEquals("X", patched.at("/name/givenName").asText());
        }

        @Test
        @DisplayName("Given a later operation fails, the input is untouched (all or nothing is the caller's by not storing)")
        void failureLeavesInput() {
            ObjectNode before = user();
            assertThrows(ScimException.class, () -> apply(before, """
                    {'op': 'replace', 'path': 'userName', 'value': 'changed@acme.test'},
                    {'op': 'replace', 'path': 'nickNames', 'value': 'x'}"""));
            assertEquals(user(), before);
        }
    }

    @Nested
    @DisplayName("Errors")
    class Errors {

        private ScimException refused(ObjectNode resource, JsonNode body, Set<String> readOnly, String scimType) {
            ScimException e = assertThrows(ScimException.class, () -> ScimPatch.apply(resource, body, readOnly), body.toString());
            assertEquals(400, e.status());
            assertEquals(scimType, e.scimType(), e.getMessage());
            return e;
        }

        private ScimException refused(ObjectNode resource, String operations, String scimType) {
            return refused(resource, patch(operations), READ_ONLY, scimType);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given a body without Operations (or not a PatchOp message at all), it is invalidSyntax")
        @ValueSource(strings = {
                "{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp']}",
                "{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], 'Operations': []}",
                "{'Operations': {'op': 'replace', 'path': 'active', 'value': false}}",
                "{'Operations': [null]}",
                "{'Operations': [{'op': {'x': 1}}]}",
                "[{'op': 'replace', 'path': 'active', 'value': false}]",
                "'replace'",
                "null",
        })
        void noOperations(String body) {
            refused(user(), json(body), READ_ONLY, "invalidSyntax");
        }

        @Test
        @DisplayName("Given no body at all, it is invalidSyntax")
        void nullBody() {
            assertEquals("invalidSyntax", assertThrows(ScimException.class, () -> ScimPatch.apply(user(), null, READ_ONLY)).scimType());
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given an unknown or missing op, it is invalidSyntax")
        @ValueSource(strings = {
                "{'op': 'Merge', 'path': 'active', 'value': false}",
                "{'op': 'move', 'path': 'active'}",
                "{'path': 'active', 'value': false}",
        })
        void unknownOp(String operation) {
            refused(user(), operation, "invalidSyntax");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given a path that is not an attribute of the resource, or is malformed, it is invalidPath")
        @ValueSource(strings = {
                "{'op': 'replace', 'path': 'titles', 'value': 'Boss'}",
                "{'op': 'replace', 'path': 'name.middle', 'value': 'M'}",
                "{'op': 'add', 'path': 'members', 'value': [{'value': 'u-2'}]}",
                "{'op': 'replace', 'path': 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:departments', 'value': 'x'}",
                "{'op': 'replace', 'path': 'emails[type eq \\'work\\'', 'value': 'x'}",
                "{'op': 'replace', 'path': 'emails[type eq \\'work\\']value', 'value': 'x'}",
                "{'op': 'replace', 'path': 'emails[type eq \\'work\\'].nope', 'value': 'x'}",
                "{'op': 'replace', 'path': 'emails[nope eq \\'x\\'].value', 'value': 'x'}",
                "{'op': 'replace', 'path': 'emails[type eq].value', 'value': 'x'}",
                "{'op': 'replace', 'path': 'active[value eq \\'x\\']', 'value': true}",
                "{'op': 'replace', 'path': 'active.value', 'value': true}",
                "{'op': 'replace', 'value': {'nickNames': 'Babs'}}",
                "{'op': 'replace', 'value': {'name': {'middle': 'M'}}}",
                "{'op': 'replace', 'path': 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:departments', 'value': 'x'}",
        })
        void invalidPath(String operation) {
            refused(user(), operation, "invalidPath");
        }

        @Test
        @DisplayName("Given a user attribute on a group, it is invalidPath")
        void userAttributeOnGroup() {
            refused(group(), "{'op': 'replace', 'path': 'userName', 'value': 'x'}", "invalidPath");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given a remove whose filter matches nothing, or no path at all, it is noTarget")
        @ValueSource(strings = {
                "{'op': 'remove', 'path': 'members[value eq \\'nobody\\']'}",
                "{'op': 'remove'}",
        })
        void noTargetOnGroup(String operation) {
            refused(group(), operation, "noTarget");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given a filtered path that matches nothing and describes no element to create, it is noTarget")
        @ValueSource(strings = {
                "{'op': 'remove', 'path': 'emails[type eq \\'other\\']'}",
                "{'op': 'remove', 'path': 'emails[type eq \\'other\\'].value'}",
                "{'op': 'replace', 'path': 'emails[value co \\'nobody\\'].type', 'value': 'work'}",
        })
        void noTargetOnUser(String operation) {
            refused(user(), operation, "noTarget");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given a change to id, meta or schemas, it is mutability")
        @ValueSource(strings = {
                "{'op': 'replace', 'path': 'id', 'value': 'u-2'}",
                "{'op': 'remove', 'path': 'id'}",
                "{'op': 'add', 'path': 'id', 'value': 'u-2'}",
                "{'op': 'replace', 'value': {'id': 'u-2'}}",
                "{'op': 'replace', 'path': 'meta.created', 'value': '2020-01-01T00:00:00Z'}",
                "{'op': 'replace', 'value': {'meta': {'resourceType': 'Group'}}}",
                "{'op': 'add', 'path': 'schemas', 'value': ['urn:x']}",
        })
        void mutability(String operation) {
            refused(user(), operation, "mutability");
        }

        @Test
        @DisplayName("Given an attribute the caller made read-only, a change to it is mutability; others still change")
        void callersReadOnly() {
            ScimException e = refused(user(), patch("{'op': 'replace', 'path': 'userName', 'value': 'x@acme.test'}"),
                    Set.of("userName"), "mutability");
            assertTrue(e.getMessage().contains("userName"));
            refused(user(), patch("{'op': 'replace', 'value': {'name': {'familyName': 'X'}}}"), Set.of("name"), "mutability");
            refused(user(), patch("{'op': 'remove', 'path': 'name.familyName'}"), Set.of("name.familyName"), "mutability");
            assertEquals("Y", ScimPatch.apply(user(), patch("{'op': 'replace', 'path': 'name.givenName', 'value': 'Y'}"),
                    Set.of("name.familyName", "userName")).at("/name/givenName").asText());
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given a value of the wrong JSON type, it is invalidValue")
        @ValueSource(strings = {
                "{'op': 'replace', 'path': 'active', 'value': 'maybe'}",
                "{'op': 'replace', 'path': 'active', 'value': 1}",
                "{'op': 'replace', 'value': {'active': 'yes'}}",
                "{'op': 'replace', 'path': 'userName', 'value': 42}",
                "{'op': 'replace', 'path': 'userName', 'value': {'value': 'x'}}",
                "{'op': 'replace', 'path': 'displayName', 'value': true}",
                "{'op': 'replace', 'path': 'name', 'value': 'Barbara Jensen'}",
                "{'op': 'replace', 'path': 'name.givenName', 'value': ['B']}",
                "{'op': 'replace', 'path': 'emails', 'value': 'x@acme.test'}",
                "{'op': 'add', 'path': 'emails', 'value': [{'value': 'x@acme.test', 'primary': 'sometimes'}]}",
                "{'op': 'replace', 'path': 'emails[type eq \\'work\\'].value', 'value': 7}",
                "{'op': 'replace', 'value': 'False'}",
        })
        void invalidValue(String operation) {
            refused(user(), operation, "invalidValue");
        }

        @Test
        @DisplayName("Given a member removal by value without a value, it is invalidValue")
        void removeMemberWithoutValue() {
            refused(group(), "{'op': 'remove', 'path': 'members', 'value': [{'display': 'Barbara'}]}", "invalidValue");
        }
    }
}
