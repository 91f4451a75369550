package dev.orgsso.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgsso.scim.ScimFilter.Lookup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.scim.filter.FilterUtils;

/**
 * Filters as Entra, Okta and RFC 7644 §3.4.2.2 write them, evaluated against a User's and a Group's JSON as the
 * endpoint renders them; the lookups the endpoint may use instead of a scan; and the filters it must refuse.
 */
class ScimFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static final JsonNode BARBARA = json("""
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User'],
             'id': '2819c223-7f76-453a-919d-413861904646', 'externalId': 'Ext-42',
             'userName': 'Bjensen@Example.com', 'displayName': 'Barbara Jensen', 'active': true,
             'name': {'givenName': 'Barbara', 'familyName': 'Jensen'},
             'emails': [{'value': 'bjensen@example.com', 'type': 'work', 'primary': true},
                        {'value': 'babs@jensen.org', 'type': 'home'}],
             'meta': {'resourceType': 'User', 'created': '2011-08-01T18:29:49.793Z',
                      'lastModified': '2011-08-01T21:32:44.882Z'}}""");

    /** No externalId, no emails, an empty display name, disabled. */
    static final JsonNode BARE = json("""
            {'id': 'b1', 'userName': 'bare', 'displayName': '', 'active': false}""");

    static final JsonNode GUIDES = json("""
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1', 'displayName': 'Tour Guides',
             'members': [{'value': 'u1', 'display': 'Ann'}, {'value': 'u2'}]}""");

    private static boolean matches(String filter, JsonNode resource) {
        return ScimFilter.parse(filter).matches(resource);
    }

    private static Optional<Lookup> lookup(String filter) {
        return ScimFilter.parse(filter).lookup();
    }

    @Nested
    @DisplayName("Operators")
    class Operators {

        @ParameterizedTest(name = "{0} -> {1}")
        @DisplayName("Given each comparison operator, it matches the attribute's value and refuses a value that differs")
        @CsvSource(delimiter = '|', value = {
                "userName eq \"bjensen@example.com\"       | true",
                "userName eq \"bjensen@example.org\"       | false",
                "userName ne \"someone@example.com\"       | true",
                "userName ne \"BJENSEN@example.com\"       | false",
                "userName co \"jensen@\"                   | true",
                "userName co \"smith\"                     | false",
                "name.givenName sw \"bar\"                 | true",
                "name.givenName sw \"ara\"                 | false",
                "userName ew \"EXAMPLE.COM\"               | true",
                "userName ew \"example.org\"               | false",
                "userName gt \"a\"                         | true",
                "userName lt \"a\"                         | false",
                "userName ge \"bjensen@example.com\"       | true",
                "userName le \"bjensen@example.co\"        | false",
                "meta.lastModified gt \"2011-05-13T04:42:34Z\" | true",
                "meta.lastModified lt \"2011-05-13T04:42:34Z\" | false",
                "meta.created ge \"2011-08-01T18:29:49.793Z\"  | true",
                "meta.created le \"2011-08-01T18:29:49.792Z\"  | false",
                "meta.created le \"2011-08-01T18:29:49.793Z\"  | true",
                "meta.created lt \"2011-08-01T18:29:49.8Z\"    | true",
        })
        void comparisons(String filter, boolean expected) {
            assertEquals(expected, matches(filter, BARBARA), filter);
        }

        @Test
        @DisplayName("Given dateTimes in another offset or precision, they compare as instants, not as text")
        void dateTimesCompareChronologically() {
            assertTrue(matches("meta.created eq \"2011-08-01T20:29:49.793+02:00\"", BARBARA));
            // As text "…:49.793Z" < "…:49Z"; as instants it is later.
            assertTrue(matches("meta.created gt \"2011-08-01T18:29:49Z\"", BARBARA));
        }

        @Test
        @DisplayName("Given pr, it matches an attribute with a value and not one that is absent, null or empty")
        void present() {
            assertTrue(matches("externalId pr", BARBARA));
            assertTrue(matches("emails pr", BARBARA));
            assertTrue(matches("name pr", BARBARA));
            assertFalse(matches("externalId pr", BARE));
            assertFalse(matches("emails pr", BARE));
            assertFalse(matches("displayName pr", BARE));
            assertFalse(matches("externalId pr", json("{'externalId': null}")));
        }

        @Test
        @DisplayName("Given eq null, it matches an unassigned attribute; ne null matches an assigned one")
        void nullMeansUnassigned() {
            assertTrue(matches("externalId eq null", BARE));
            assertFalse(matches("externalId eq null", BARBARA));
            assertTrue(matches("externalId ne null", BARBARA));
            assertFalse(matches("externalId ne null", BARE));
        }

        @Test
        @DisplayName("Given an absent attribute, ne does not match it (as SQL's NULL) but not (eq) does")
        void absentComparesToNothing() {
            assertFalse(matches("externalId ne \"x\"", BARE));
            assertTrue(matches("not (externalId eq \"x\")", BARE));
        }

        @Test
        @DisplayName("Given booleans, active eq true/false and ne compare the JSON boolean")
        void booleans() {
            assertTrue(matches("active eq true", BARBARA));
            assertFalse(matches("active eq false", BARBARA));
            assertTrue(matches("active eq false", BARE));
            assertTrue(matches("active ne false", BARBARA));
            assertFalse(matches("active ne true", BARBARA));
            assertFalse(matches("active eq \"true\"", BARBARA), "a string is not a boolean");
        }

        @Test
        @DisplayName("Given an escaped quote in the value, it compares the unescaped text")
        void escapedValue() {
            assertTrue(matches("displayName eq \"Say \\\"hi\\\"\"", json("{'displayName': 'Say \\'hi\\''}")));
        }
    }

    @Nested
    @DisplayName("Logic")
    class Logic {

        @ParameterizedTest(name = "{0} -> {1}")
        @DisplayName("Given and, or, not and parentheses, they combine as RFC 7644 says (and binds tighter than or)")
        @CsvSource(delimiter = '|', value = {
                "userName eq \"x\" or active eq true                                    | true",
                "userName eq \"x\" or active eq false                                   | false",
                "userName eq \"bjensen@example.com\" and active eq true                 | true",
                "userName eq \"x\" and active eq true                                   | false",
                "not (active eq true)                                                   | false",
                "not (userName eq \"x\")                                                | true",
                "not(userName eq \"x\") and not (active eq false)                      | true",
                "userName eq \"x\" and active eq false or displayName eq \"Barbara Jensen\" | true",
                "userName eq \"x\" and (active eq false or displayName eq \"Barbara Jensen\") | false",
                "(userName eq \"x\" or displayName co \"barbara\") and active eq true   | true",
                "userName EQ \"bjensen@example.com\" AND active Eq TRUE                 | true",
        })
        void combinations(String filter, boolean expected) {
            assertEquals(expected, matches(filter, BARBARA), filter);
        }
    }

    @Nested
    @DisplayName("Case")
    class Case {

        @Test
        @DisplayName("Given attribute names in any case or fully qualified by the core schema, they name the same attribute")
        void attributeNames() {
            assertTrue(matches("USERNAME eq \"bjensen@example.com\"", BARBARA));
            assertTrue(matches("Name.GivenName eq \"Barbara\"", BARBARA));
            assertTrue(matches("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen@example.com\"", BARBARA));
            assertTrue(matches("userName eq \"x\"", json("{'USERNAME': 'X'}")), "the resource's names too");
        }

        @Test
        @DisplayName("Given userName, emails and displayName, values compare case-insensitively")
        void caseInsensitiveValues() {
            assertTrue(matches("userName eq \"BJENSEN@EXAMPLE.COM\"", BARBARA));
            assertTrue(matches("emails.value eq \"BJensen@Example.COM\"", BARBARA));
            assertTrue(matches("displayName eq \"barbara jensen\"", BARBARA));
            assertTrue(matches("displayName eq \"tour guides\"", GUIDES));
        }

        @Test
        @DisplayName("Given id and externalId, values are caseExact")
        void caseExactValues() {
            assertTrue(matches("externalId eq \"Ext-42\"", BARBARA));
            assertFalse(matches("externalId eq \"ext-42\"", BARBARA));
            assertTrue(matches("id eq \"2819c223-7f76-453a-919d-413861904646\"", BARBARA));
            assertFalse(matches("id eq \"2819C223-7F76-453A-919D-413861904646\"", BARBARA));
            assertFalse(matches("externalId sw \"ext\"", BARBARA));
        }
    }

    @Nested
    @DisplayName("Multi-valued attributes and value paths")
    class MultiValued {

        @ParameterizedTest(name = "{0} -> {1}")
        @DisplayName("Given a multi-valued attribute, it matches when any value does; a value path ties the conditions to one value")
        @CsvSource(delimiter = '|', value = {
                "emails.value eq \"babs@jensen.org\"                                    | true",
                "emails.value eq \"nobody@example.com\"                                 | false",
                "emails.type eq \"home\"                                                | true",
                "emails co \"jensen.org\"                                               | true",
                "emails[type eq \"work\"].value eq \"bjensen@example.com\"              | true",
                "emails[type eq \"home\"].value eq \"bjensen@example.com\"              | false",
                "emails[type eq \"work\"].value ew \"@example.com\"                     | true",
                "emails[type eq \"work\"].value pr                                      | true",
                "emails[type eq \"other\"].value pr                                     | false",
                "emails[type eq \"work\" and value co \"@example.com\"]                 | true",
                "emails[type eq \"home\" and value co \"@example.com\"]                 | false",
                "emails[type eq \"work\" or type eq \"other\"].value ew \".org\"        | false",
                "emails[type eq \"work\"] and userName sw \"bjensen\"                   | true",
                "emails[type eq \"work\"].value eq \"bjensen@example.com\" and active eq false | false",
                "not (emails[type eq \"work\"].value eq \"x@example.com\")             | true",
        })
        void users(String filter, boolean expected) {
            assertEquals(expected, matches(filter, BARBARA), filter);
        }

        @Test
        @DisplayName("Given a Group, members.value and members[value eq ...] find a member")
        void groupMembers() {
            assertTrue(matches("members.value eq \"u2\"", GUIDES));
            assertTrue(matches("members[value eq \"u1\"]", GUIDES));
            assertFalse(matches("members[value eq \"u3\"]", GUIDES));
            assertFalse(matches("members.value eq \"U2\" and displayName eq \"Nope\"", GUIDES));
        }

        @Test
        @DisplayName("Given brackets and dots inside a string value, the sub-attribute rewrite leaves them alone")
        void bracketsInsideValues() {
            JsonNode odd = json("{'emails': [{'type': 'w].x', 'value': 'a[b].c'}]}");
            assertTrue(matches("emails[type eq \"w].x\"].value eq \"a[b].c\"", odd));
            assertFalse(matches("emails[type eq \"w].x\"].value eq \"a[b].d\"", odd));
        }
    }

    @Nested
    @DisplayName("Lookups")
    class Lookups {

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given an exact eq the whole filter requires, it is the lookup, in the canonical spelling")
        @CsvSource(delimiter = '|', value = {
                "userName eq \"Bjensen@Example.com\"                            | userName     | Bjensen@Example.com",
                "USERNAME eq \"u\"                                              | userName     | u",
                "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"u\"   | userName     | u",
                "externalId eq \"e-1\"                                          | externalId   | e-1",
                "id eq \"abc\"                                                  | id           | abc",
                "displayName eq \"Tour Guides\"                                 | displayName  | Tour Guides",
                "emails.value eq \"a@x.test\"                                   | emails.value | a@x.test",
                "emails[type eq \"work\"].value eq \"a@x.test\"                 | emails.value | a@x.test",
                "emails[type eq \"work\" and value eq \"a@x.test\"]             | emails.value | a@x.test",
                "userName eq \"u\" and active eq true                           | userName     | u",
                "active eq true and externalId eq \"e\"                         | externalId   | e",
                "active eq true and (name.givenName eq \"b\" and userName eq \"u\") | userName | u",
                "(userName eq \"u\")                                            | userName     | u",
                "externalId eq \"e\" and userName eq \"u\"                      | userName     | u",
                "userName eq \"u\" and (displayName eq \"x\" or active eq true) | userName     | u",
        })
        void required(String filter, String attribute, String value) {
            assertEquals(Optional.of(new Lookup(attribute, value)), lookup(filter), filter);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given the value is not required of every match (or, not, ne, co, another attribute), there is no lookup")
        @ValueSource(strings = {
                "userName eq \"x\" or userName eq \"y\"",
                "userName eq \"x\" or active eq true",
                "not (userName eq \"x\")",
                "active eq true and not (userName eq \"x\")",
                "emails[not (value eq \"a@x.test\")]",
                "userName ne \"x\"",
                "userName co \"x\"",
                "userName sw \"x\"",
                "userName eq null",
                "active eq true",
                "name.givenName eq \"x\"",
                "emails.type eq \"work\"",
                "userName pr",
        })
        void none(String filter) {
            assertEquals(Optional.empty(), lookup(filter), filter);
        }

        @Test
        @DisplayName("Given a lookup, the filter still decides: the index answer is a candidate, not a match")
        void lookupIsACandidate() {
            ScimFilter filter = ScimFilter.parse("userName eq \"bjensen@example.com\" and active eq false");
            assertEquals("userName", filter.lookup().orElseThrow().attribute());
            assertFalse(filter.matches(BARBARA));
        }
    }

    @Nested
    @DisplayName("Refused filters")
    class Refused {

        private ScimException refused(String filter, Set<String> attributes) {
            ScimException e = assertThrows(ScimException.class, () -> ScimFilter.parse(filter, attributes), filter);
            assertEquals(400, e.status());
            assertEquals("invalidFilter", e.scimType());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank());
            return e;
        }

        private ScimException refused(String filter) {
            return refused(filter, ScimFilter.USER_ATTRIBUTES);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given bad syntax (incl. characters Keycloak's lexer would silently drop), it is invalidFilter")
        @ValueSource(strings = {
                "userName eq",
                "userName xx \"a\"",
                "userName eq 'a'",
                "(userName eq \"a\"",
                "userName eq \"a\")",
                "userName eq \"a\" and",
                "and userName eq \"a\"",
                "userName eq \"a\" #",
                "_userName eq \"a\"",
                "userName eq \"a\"; drop",
                "emails[type eq \"work\"",
                "emails[type eq \"work\"].value",
                "emails[type eq \"work\"].value and active eq true",
                "emails.[type eq \"work\"]",
                "userName eq \"unterminated",
                "()",
                " ",
                "",
        })
        void syntax(String filter) {
            refused(filter);
        }

        @Test
        @DisplayName("Given no filter at all, it is invalidFilter, not a NullPointerException")
        void nullFilter() {
            refused(null);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given an attribute outside the allow-list, it is invalidFilter naming the attribute")
        @ValueSource(strings = {
                "title eq \"Boss\"",
                "password eq \"x\"",
                "members.value eq \"u1\"",
                "emails[display eq \"x\"]",
                "name.middleName eq \"x\"",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\"",
                "userName eq \"a\" or nickName pr",
        })
        void unknownAttribute(String filter) {
            refused(filter);
        }

        @Test
        @DisplayName("Given a caller's allow-list, only those attributes (in any case) may be named")
        void callersAllowList() {
            Set<String> groups = Set.of("displayName", "members.value");
            assertTrue(ScimFilter.parse("displayName eq \"Tour Guides\"", groups).matches(GUIDES));
            assertTrue(ScimFilter.parse("members[value eq \"u1\"]", groups).matches(GUIDES));
            assertTrue(refused("userName eq \"x\"", groups).getMessage().contains("userName"));
            refused("members[display eq \"Ann\"]", groups);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("Given an operator RFC 7644 rules out for the value (ordering or substring on booleans, substring on numbers), it is invalidFilter")
        @ValueSource(strings = {
                "active gt true",
                "active le false",
                "active co \"t\"",
                "active sw \"t\"",
                "userName co 5",
                "userName gt true",
                "userName lt null",
        })
        void unsupportedOperator(String filter) {
            refused(filter);
        }

        @Test
        @DisplayName("Given a value path inside a value path, it is invalidFilter (RFC 7644's valFilter has none)")
        void nestedValuePath() {
            refused("emails[value[type eq \"x\"]]", Set.of("emails.value", "emails.value.type"));
        }

        @Test
        @DisplayName("Given a filter over FilterUtils' length limit, it is invalidFilter; one at the limit parses")
        void tooLong() {
            String prefix = "userName eq \"";
            String atLimit = prefix + "a".repeat(FilterUtils.MAX_FILTER_LENGTH - prefix.length() - 1) + "\"";
            assertEquals(FilterUtils.MAX_FILTER_LENGTH, atLimit.length());
            assertTrue(ScimFilter.parse(atLimit).lookup().isPresent());
            assertTrue(refused(atLimit + " ").getMessage().contains(Integer.toString(FilterUtils.MAX_FILTER_LENGTH)));
        }

        @Test
        @DisplayName("Given parentheses nested deeper than FilterUtils allows, it is invalidFilter, not a stack overflow")
        void tooDeep() {
            int depth = FilterUtils.MAX_FILTER_DEPTH + 1;
            refused("(".repeat(depth) + "userName eq \"a\"" + ")".repeat(depth));
            int allowed = FilterUtils.MAX_FILTER_DEPTH;
            assertTrue(matches("(".repeat(allowed) + "userName eq \"bjensen@example.com\"" + ")".repeat(allowed), BARBARA));
        }

        @Test
        @DisplayName("Given a refused filter, its answer is the RFC 7644 §3.12 error body")
        void errorBody() {
            ScimException e = refused("title eq \"Boss\"");
            Map<String, Object> body = e.body();
            assertEquals(List.of("urn:ietf:params:scim:api:messages:2.0:Error"), body.get("schemas"));
            assertEquals("400", body.get("status"));
            assertEquals("invalidFilter", body.get("scimType"));
            assertEquals(e.getMessage(), body.get("detail"));
            assertEquals(0, e.getStackTrace().length, "an answer, not a bug: no stack trace");
        }
    }

    @Nested
    @DisplayName("Errors")
    class Errors {

        @Test
        @DisplayName("Given each factory, it answers its RFC 7644 status and scimType; 401, 404 and 413 have none")
        void factories() {
            assertStatus(ScimException.invalidFilter("d"), 400, "invalidFilter");
            assertStatus(ScimException.invalidPath("d"), 400, "invalidPath");
            assertStatus(ScimException.noTarget("d"), 400, "noTarget");
            assertStatus(ScimException.mutability("d"), 400, "mutability");
            assertStatus(ScimException.invalidValue("d"), 400, "invalidValue");
            assertStatus(ScimException.invalidSyntax("d"), 400, "invalidSyntax");
            assertStatus(ScimException.uniqueness("d"), 409, "uniqueness");
            assertStatus(ScimException.notFound("d"), 404, null);
            assertStatus(ScimException.unauthorized("d"), 401, null);
            assertStatus(ScimException.tooLarge("d"), 413, null);
            assertFalse(ScimException.notFound("gone").body().containsKey("scimType"));
            assertEquals("413", ScimException.tooLarge("big").body().get("status"));
        }

        private void assertStatus(ScimException e, int status, String scimType) {
            assertEquals(status, e.status());
            if (scimType == null) {
                assertNull(e.scimType());
            } else {
                assertEquals(scimType, e.scimType());
                assertEquals(scimType, e.body().get("scimType"));
            }
            assertEquals("d", e.body().get("detail"));
        }
    }
}
