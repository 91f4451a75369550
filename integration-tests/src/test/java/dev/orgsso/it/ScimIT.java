package dev.orgsso.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.UserResource;
import dev.orgsso.it.pages.AppPage;
import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.it.pages.RefusalPage;
import dev.orgsso.testkit.AdminClient;
import dev.orgsso.testkit.DemoApp;
import dev.orgsso.testkit.FakeIdentityProviders;
import dev.orgsso.testkit.FakeIdentityProviders.Issuer;
import dev.orgsso.testkit.FakeIdentityProviders.Shape;
import dev.orgsso.testkit.OrgSsoStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * SCIM 2.0 per organisation (RFC 7643/7644): the vendor's tokens, a real SCIM client library (UnboundID's
 * SCIM 2 SDK) creating, finding, paging, changing and removing users, Entra ID's and Okta's provisioning
 * replayed request by request with the bodies their documentation shows, one organisation's token against
 * another's users, every refused request with its RFC 7644 error, and deprovisioning that ends a signed-in
 * browser's session, the next IdP sign-in and the next handoff at once.
 */
@DisplayName("SCIM provisioning per organisation")
class ScimIT {

    private static final String ADMIN = "/admin/realms/helpdesk";
    private static final String ONBOARDING = "/realms/helpdesk/orgsso/admin/organizations/";

    private final OrgSsoStack stack = TestStack.get();
    private final FakeIdentityProviders idps = TestStack.idps();
    private final AdminClient admin = new AdminClient(stack.keycloak().baseUrl());
    private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> orgs = new ArrayList<>();
    private final List<String> userIds = new ArrayList<>();
    private final List<ScimClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clients.forEach(ScimClient::close);
        // SCIM's DELETE keeps the (disabled) account; the test removes it for good.
        userIds.forEach(id -> admin.send("DELETE", ADMIN + "/users/" + id, null));
        orgs.forEach(alias -> admin.deleteOrganization("helpdesk", alias));
    }

    @Nested
    @DisplayName("The vendor's SCIM tokens")
    class Tokens {

        @Test
        @DisplayName("Given a new organisation, a token is shown once, at most two live, the list never shows one, and a revoked token gets 401")
        void aTokenIsShownOnceAtMostTwoAreLiveAndARevokedOneIsRefused() throws Exception {
            Org org = organisation("tokens");
            String path = ONBOARDING + org.alias() + "/scim/tokens";
            // organisation() made the secondAnswer token; this is the second live one.
            HttpResponse<String> issued = api().send("POST", path, null);
            assertEquals(201, issued.statusCode(), issued.body());
            JsonNode secondAnswer = AdminClient.JSON.readTree(issued.body());
            assertTrue(secondAnswer.hasNonNull("id") && secondAnswer.hasNonNull("createdAt"), secondAnswer.toString());
            String second = secondAnswer.get("token").asText();
            SecretLedger.secret(second);
            assertTrue(second.length() >= 32, "a long random token");

            HttpResponse<String> third = api().send("POST", path, null);
            assertEquals(409, third.statusCode(), third.body());
            assertEquals("two_tokens_live", AdminClient.JSON.readTree(third.body()).get("error").asText());

            HttpResponse<String> listed = api().send("GET", path, null);
            assertEquals(200, listed.statusCode(), listed.body());
            JsonNode list = AdminClient.JSON.readTree(listed.body());
            assertTrue(list.hasNonNull("organization"), listed.body());
            Set<String> ids = new HashSet<>();
            list.get("tokens").forEach(t -> {
                ids.add(t.get("id").asText());
                assertTrue(t.hasNonNull("createdAt"), t.toString());
                assertFalse(t.has("token"), "a listed token has no secret: " + t);
            });
            assertEquals(Set.of(org.tokenId(), secondAnswer.get("id").asText()), ids);
            assertFalse(listed.body().contains(org.token()) || listed.body().contains(second), "the list never shows a token");

            // Both tokens work, through the library and by hand.
            ServiceProviderConfigResource config = org.scim().sdk().getServiceProviderConfig();
            assertTrue(config.getPatch().isSupported() && config.getFilter().isSupported(), "PATCH and filters announced");
            assertEquals(200, org.scim().send(second, "GET", "/ServiceProviderConfig", null).statusCode());
            ListResponse<ResourceTypeResource> types = org.scim().sdk().getResourceTypes();
            assertTrue(types.getResources().stream().anyMatch(t -> "User".equals(t.getName()) && "/Users".equals(t.getEndpoint().toString())),
                    "the User resource type at /Users");
            assertEquals(200, org.scim().get("/Schemas").statusCode());

            assertEquals(204, api().status("DELETE", path + "/" + org.tokenId()));
            HttpResponse<String> revoked = org.scim().get("/Users");
            assertScimError(revoked, 401, null);
            assertTrue(revoked.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), "WWW-Authenticate: Bearer");
            ScimException viaLibrary = assertThrows(ScimException.class, () -> org.scim().sdk().search("Users", null, UserResource.class));
            assertEquals(401, viaLibrary.getScimError().getStatus());
            assertEquals(200, org.scim().send(second, "GET", "/Users", null).statusCode(), "the other token still works");
            assertEquals(201, api().send("POST", path, null).statusCode(), "one live again: a new one may be made");

            HttpResponse<String> unknown = api().send("DELETE", path + "/" + UUID.randomUUID(), null);
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertEquals("not_found", AdminClient.JSON.readTree(unknown.body()).get("error").asText());
            HttpResponse<String> noOrg = api().send("POST", ONBOARDING + unique("nobody") + "/scim/tokens", null);
            assertEquals(404, noOrg.statusCode(), noOrg.body());
            assertEquals("organization_not_found", AdminClient.JSON.readTree(noOrg.body()).get("error").asText());
            assertEquals(401, api().send(null, "POST", path, null).statusCode(), "tokens need the onboarding API's rights");
        }
    }

    @Nested
    @DisplayName("A SCIM client library (UnboundID SCIM 2 SDK)")
    class ClientLibrary {

        @Test
        @DisplayName("Given a new user, it is created (201, Location), read back, and replaced, and Keycloak holds it as a managed member")
        void createdReadAndReplaced() throws Exception {
            Org org = organisation("lib");
            String email = "ann.lee@" + org.domain();
            UserResource created = create(org, user(email, "Ann", "Lee", "ext-ann"));
            assertEquals(201, org.scim().last().status());
            String id = created.getId();
            assertEquals(org.scim().baseUrl() + "/Users/" + id, org.scim().last().location(), "Location of the new user");
            assertEquals(org.scim().last().location(), created.getMeta().getLocation().toString(), "meta.location = Location");
            assertEquals("User", created.getMeta().getResourceType());
            assertNotNull(created.getMeta().getCreated());
            assertEquals("Ann Lee", created.getDisplayName(), "displayName derived from the names");
            assertTrue(created.getActive());

            JsonNode kc = admin.get(ADMIN + "/users/" + id);
            assertEquals(email, kc.get("username").asText(), "id is the Keycloak user id, userName its username");
            assertEquals(email, kc.get("email").asText());
            assertTrue(kc.get("emailVerified").asBoolean(), "the organisation vouched for the email");
            assertTrue(kc.get("enabled").asBoolean());
            assertEquals("ext-ann", kc.at("/attributes/orgsso.scim.externalId/0").asText());
            assertEquals("true", kc.at("/attributes/orgsso.scim.provisioned/0").asText());
            JsonNode members = admin.get(ADMIN + "/organizations/" + org.id() + "/members?search=" + email + "&exact=true");
            assertEquals(1, members.size(), "a member of the organisation");
            assertEquals("MANAGED", members.get(0).path("membershipType").asText());

            UserResource read = org.scim().sdk().retrieve("Users", id, UserResource.class);
            assertEquals(id, read.getId());
            assertTrue(email.equalsIgnoreCase(read.getUserName()));
            assertEquals("ext-ann", read.getExternalId());
            assertEquals("Ann", read.getName().getGivenName());
            assertEquals("Lee", read.getName().getFamilyName());
            assertEquals(email, read.getEmails().get(0).getValue());
            assertEquals("work", read.getEmails().get(0).getType());

            read.setName(new Name().setGivenName("Annie").setFamilyName("Leigh"));
            read.setExternalId("ext-ann-2");
            UserResource replaced = org.scim().sdk().replace(read);
            assertEquals(200, org.scim().last().status());
            assertEquals("Annie", replaced.getName().getGivenName());
            assertEquals("ext-ann-2", replaced.getExternalId());
            assertNotNull(replaced.getMeta().getLastModified());
            JsonNode after = admin.get(ADMIN + "/users/" + id);
            assertEquals("Annie", after.get("firstName").asText());
            assertEquals("Leigh", after.get("lastName").asText());
            assertEquals("ext-ann-2", after.at("/attributes/orgsso.scim.externalId/0").asText());
        }

        @Test
        @DisplayName("Given three users, filters by userName, externalId, emails.value, active, and/or/not find exactly the right ones")
        void filtersFindExactlyTheRightUsers() throws Exception {
            Org org = organisation("filters");
            UserResource ann = create(org, user("ann@" + org.domain(), "Ann", "Lee", "ext-ann"));
            UserResource bob = create(org, user("bob@" + org.domain(), "Bob", "Ray", "ext-bob"));
            UserResource cat = create(org, user("cat@" + org.domain(), "Cat", "Sun", "ext-cat"));
            org.scim().sdk().modifyRequest("Users", bob.getId()).replaceValue("active", false).invoke(UserResource.class);

            assertEquals(Set.of(ann.getId()), ids(search(org, Filter.eq("userName", "ann@" + org.domain()))));
            assertEquals(Set.of(ann.getId()), ids(search(org, Filter.eq("userName", "ANN@" + org.domain().toUpperCase(Locale.ROOT)))),
                    "userName compares case-insensitively");
            assertEquals(Set.of(bob.getId()), ids(search(org, Filter.eq("externalId", "ext-bob"))));
            assertEquals(Set.of(cat.getId()), ids(search(org, Filter.eq("emails.value", "cat@" + org.domain()))));
            assertEquals(Set.of(cat.getId()), ids(search(org, "emails[type eq \"work\"].value eq \"cat@" + org.domain() + "\"")));
            assertEquals(Set.of(ann.getId(), cat.getId()), ids(search(org, Filter.eq("active", true))));
            assertEquals(Set.of(ann.getId()), ids(search(org, Filter.and(Filter.eq("active", true), Filter.eq("externalId", "ext-ann")))));
            assertEquals(Set.of(), ids(search(org, Filter.and(Filter.eq("active", true), Filter.eq("externalId", "ext-bob")))));
            assertEquals(Set.of(ann.getId(), bob.getId()), ids(search(org, Filter.or(Filter.eq("userName", "ann@" + org.domain()),
                    Filter.eq("externalId", "ext-bob")))));
            assertEquals(Set.of(bob.getId()), ids(search(org, "not (active eq true)")));
            assertEquals(Set.of(cat.getId()), ids(search(org, "(userName eq \"ann@" + org.domain() + "\" or userName eq \"cat@" + org.domain()
                    + "\") and externalId eq \"ext-cat\"")));
            assertEquals(0, search(org, Filter.eq("userName", "nobody@" + org.domain())).getTotalResults());
        }

        @Test
        @DisplayName("Given seven users, startIndex and count page through them with totalResults, itemsPerPage and startIndex")
        void pagingWalksThroughSevenUsers() throws Exception {
            Org org = organisation("paging");
            Set<String> all = new HashSet<>();
            for (int i = 1; i <= 7; i++) {
                all.add(create(org, user("p" + i + "@" + org.domain(), "Page" + i, "User", "ext-p" + i)).getId());
            }
            Set<String> walked = new HashSet<>();
            int[][] pages = {{1, 3, 3}, {4, 3, 3}, {7, 3, 1}};
            for (int[] p : pages) {
                ListResponse<UserResource> page = org.scim().sdk().searchRequest("Users").page(p[0], p[1]).invoke(UserResource.class);
                assertEquals(7, page.getTotalResults(), "startIndex " + p[0]);
                assertEquals(p[0], page.getStartIndex());
                assertEquals(p[2], page.getItemsPerPage());
                assertEquals(p[2], page.getResources().size());
                page.getResources().forEach(u -> walked.add(u.getId()));
            }
            assertEquals(all, walked, "the three pages hold all seven, none twice");
            ListResponse<UserResource> beyond = org.scim().sdk().searchRequest("Users").page(8, 3).invoke(UserResource.class);
            assertEquals(7, beyond.getTotalResults());
            assertTrue(beyond.getResources() == null || beyond.getResources().isEmpty(), "past the end: no resources");
            ListResponse<UserResource> whole = org.scim().sdk().searchRequest("Users").invoke(UserResource.class);
            assertEquals(7, whole.getResources().size(), "the default count (100) holds them all");
            assertEquals(1, whole.getStartIndex(), "startIndex is 1-based");
            ListResponse<UserResource> filtered = org.scim().sdk().searchRequest("Users").filter(Filter.eq("active", true))
                    .page(2, 2).invoke(UserResource.class);
            assertEquals(7, filtered.getTotalResults(), "totalResults counts the matches, not the page");
            assertEquals(2, filtered.getItemsPerPage());
        }

        @Test
        @DisplayName("Given a user, PATCH replaces names and active turns Keycloak's enabled off and on")
        void patchReplacesNamesAndActive() throws Exception {
            Org org = organisation("patch");
            String id = create(org, user("dan@" + org.domain(), "Dan", "Ito", "ext-dan")).getId();
            UserResource renamed = org.scim().sdk().modifyRequest("Users", id).replaceValue("name.givenName", "Daniel")
                    .replaceValue("name.familyName", "Itō").invoke(UserResource.class);
            assertEquals("Daniel", renamed.getName().getGivenName());
            assertEquals("Daniel Itō", renamed.getDisplayName());
            assertEquals("Daniel", admin.get(ADMIN + "/users/" + id).get("firstName").asText());
            assertEquals("Itō", admin.get(ADMIN + "/users/" + id).get("lastName").asText());

            UserResource off = org.scim().sdk().modifyRequest("Users", id).replaceValue("active", false).invoke(UserResource.class);
            assertFalse(off.getActive());
            assertFalse(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean(), "active false disables the account");
            assertFalse(org.scim().sdk().retrieve("Users", id, UserResource.class).getActive(), "the resource stays, inactive");

            UserResource on = org.scim().sdk().modifyRequest("Users", id).replaceValue("active", true).invoke(UserResource.class);
            assertTrue(on.getActive());
            assertTrue(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean(), "active true enables it again");
        }

        @Test
        @DisplayName("Given a user, DELETE answers 204, then the user is 404 for SCIM and a disabled account for Keycloak")
        void deleteLeavesADisabledAccountThatScimNoLongerFinds() throws Exception {
            Org org = organisation("delete");
            String email = "eve@" + org.domain();
            String id = create(org, user(email, "Eve", "Ng", "ext-eve")).getId();
            org.scim().sdk().delete("Users", id);
            assertEquals(204, org.scim().last().status());
            ScimException gone = assertThrows(ScimException.class, () -> org.scim().sdk().retrieve("Users", id, UserResource.class));
            assertEquals(404, gone.getScimError().getStatus());
            assertScimError(org.scim().get("/Users/" + id), 404, null);
            assertEquals(0, search(org, Filter.eq("userName", email)).getTotalResults(), "nor found by a filter");
            assertScimError(org.scim().send("DELETE", "/Users/" + id, null), 404, null);
            JsonNode kc = admin.get(ADMIN + "/users/" + id);
            assertFalse(kc.get("enabled").asBoolean(), "the account stays, disabled, so that a later sign-in is refused rather than a sign-up");
        }
    }

    @Nested
    @DisplayName("Entra ID's and Okta's provisioning, request by request")
    class VendorSequences {

        /**
         * The sample requests of Microsoft's "Develop a SCIM endpoint for provisioning users and groups from
         * Microsoft Entra ID to applications" (the user operations), with the organisation's domain for
         * testuser.com and fresh GUIDs: the probe, create, read, the multi- and single-valued PATCHes, the
         * disable with the string "False" that Entra sent before aadOptscim062020, the PATCH without a path
         * whose value holds several attributes, and the hard delete.
         */
        @Test
        @DisplayName("Given Entra ID's sample requests, each one gets the answer Entra expects")
        void entraIdsSequence() throws Exception {
            Org org = organisation("entra");
            ScimClient scim = org.scim();
            String userName = "Test_User_" + UUID.randomUUID();
            String externalId = UUID.randomUUID().toString();
            String email = "Test_User_" + UUID.randomUUID().toString().substring(0, 8) + "@" + org.domain();

            HttpResponse<String> probe = scim.get("/Users" + ScimClient.filter("userName eq \"" + userName + "\""));
            assertEquals(200, probe.statusCode(), probe.body());
            JsonNode empty = ScimClient.json(probe);
            assertEquals(ScimClient.LIST_SCHEMA, empty.at("/schemas/0").asText());
            assertEquals(0, empty.get("totalResults").asInt());
            assertEquals(0, empty.path("Resources").size());

            HttpResponse<String> created = scim.send("POST", "/Users", """
                    {
                        "schemas": [
                            "urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                        "externalId": "%s",
                        "userName": "%s",
                        "active": true,
                        "emails": [{
                            "primary": true,
                            "type": "work",
                            "value": "%s"
                        }],
                        "meta": {
                            "resourceType": "User"
                        },
                        "name": {
                            "formatted": "givenName familyName",
                            "familyName": "familyName",
                            "givenName": "givenName"
                        },
                        "roles": []
                    }""".formatted(externalId, userName, email));
            assertEquals(201, created.statusCode(), created.body());
            JsonNode user = ScimClient.json(created);
            String id = user.get("id").asText();
            userIds.add(id);
            assertEquals(scim.baseUrl() + "/Users/" + id, created.headers().firstValue("Location").orElseThrow());
            assertTrue(userName.equalsIgnoreCase(user.get("userName").asText()), user.toString());
            assertEquals(externalId, user.get("externalId").asText());
            assertTrue(user.get("active").asBoolean());
            assertEquals(email.toLowerCase(Locale.ROOT), user.at("/emails/0/value").asText().toLowerCase(Locale.ROOT));
            assertEquals("familyName", user.at("/name/familyName").asText());
            assertEquals("User", user.at("/meta/resourceType").asText());
            assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith(ScimClient.MEDIA_TYPE));

            HttpResponse<String> read = scim.get("/Users/" + id);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(externalId, ScimClient.json(read).get("externalId").asText());

            HttpResponse<String> found = scim.get("/Users" + ScimClient.filter("userName eq \"" + userName + "\""));
            assertEquals(1, ScimClient.json(found).get("totalResults").asInt(), found.body());
            assertEquals(id, ScimClient.json(found).at("/Resources/0/id").asText());

            String newEmail = "updatedEmail-" + UUID.randomUUID().toString().substring(0, 8) + "@" + org.domain();
            assertPatched(scim.send("PATCH", "/Users/" + id, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [
                                {
                                "op": "Replace",
                                "path": "emails[type eq \\"work\\"].value",
                                "value": "%s"
                                },
                                {
                                "op": "Replace",
                                "path": "name.familyName",
                                "value": "updatedFamilyName"
                                }
                        ]
                    }""".formatted(newEmail)));
            JsonNode afterMulti = ScimClient.json(scim.get("/Users/" + id));
            assertEquals(newEmail.toLowerCase(Locale.ROOT), afterMulti.at("/emails/0/value").asText().toLowerCase(Locale.ROOT));
            assertEquals("updatedFamilyName", afterMulti.at("/name/familyName").asText());
            assertEquals(newEmail.toLowerCase(Locale.ROOT), admin.get(ADMIN + "/users/" + id).get("email").asText());

            String newUserName = UUID.randomUUID() + "@" + org.domain();
            assertPatched(scim.send("PATCH", "/Users/" + id, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                            "op": "Replace",
                            "path": "userName",
                            "value": "%s"
                        }]
                    }""".formatted(newUserName)));
            assertTrue(newUserName.equalsIgnoreCase(ScimClient.json(scim.get("/Users/" + id)).get("userName").asText()));
            assertEquals(newUserName.toLowerCase(Locale.ROOT), admin.get(ADMIN + "/users/" + id).get("username").asText());

            assertPatched(scim.send("PATCH", "/Users/" + id, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [
                            {
                                "op": "Replace",
                                "path": "active",
                                "value": "False"
                            }
                        ]
                    }"""));
            assertFalse(ScimClient.json(scim.get("/Users/" + id)).get("active").asBoolean(), "the string \"False\" is false");
            assertFalse(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean());

            assertPatched(scim.send("PATCH", "/Users/" + id, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [
                            {
                                "op": "replace",
                                "value": {
                                    "active": true,
                                    "name.givenName": "Pippa",
                                    "name.familyName": "Dunphy",
                                    "externalId": "%s"
                                }
                            }
                        ]
                    }""".formatted(externalId + "-moved")));
            JsonNode afterMany = ScimClient.json(scim.get("/Users/" + id));
            assertTrue(afterMany.get("active").asBoolean());
            assertEquals("Pippa", afterMany.at("/name/givenName").asText());
            assertEquals("Dunphy", afterMany.at("/name/familyName").asText());
            assertEquals(externalId + "-moved", afterMany.get("externalId").asText());
            assertTrue(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean());

            HttpResponse<String> deleted = scim.send("DELETE", "/Users/" + id, null);
            assertEquals(204, deleted.statusCode(), deleted.body());
            assertScimError(scim.get("/Users/" + id), 404, null);
            assertEquals(0, ScimClient.json(scim.get("/Users" + ScimClient.filter("userName eq \"" + newUserName + "\""))).get("totalResults").asInt());
        }

        /**
         * Okta's "Okta and SCIM Version 2.0" guide: the userName probe with startIndex and count, create (with the
         * password and groups Okta sends), read, PUT of the whole profile, and deactivation by a PATCH without a
         * path ({@code {"op":"replace","value":{"active":false}}}); Okta never sends DELETE.
         */
        @Test
        @DisplayName("Given Okta's documented requests, each one gets the answer Okta expects")
        void oktasSequence() throws Exception {
            Org org = organisation("okta");
            ScimClient scim = org.scim();
            String userName = "test.user-" + UUID.randomUUID().toString().substring(0, 8) + "@" + org.domain();
            String oktaId = "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);

            HttpResponse<String> probe = scim.get("/Users" + ScimClient.filter("userName eq \"" + userName + "\"") + "&startIndex=1&count=100");
            assertEquals(200, probe.statusCode(), probe.body());
            JsonNode empty = ScimClient.json(probe);
            assertEquals(ScimClient.LIST_SCHEMA, empty.at("/schemas/0").asText());
            assertEquals(0, empty.get("totalResults").asInt());
            assertEquals(1, empty.get("startIndex").asInt());

            HttpResponse<String> created = scim.send("POST", "/Users", """
                    {
                        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                        "userName": "%1$s",
                        "name": {
                            "givenName": "Test",
                            "familyName": "User"
                        },
                        "emails": [{
                            "primary": true,
                            "value": "%1$s",
                            "type": "work"
                        }],
                        "displayName": "Test User",
                        "locale": "en-US",
                        "externalId": "%2$s",
                        "groups": [],
                        "password": "1mz050nq",
                        "active": true
                    }""".formatted(userName, oktaId));
            assertEquals(201, created.statusCode(), created.body());
            JsonNode user = ScimClient.json(created);
            String id = user.get("id").asText();
            userIds.add(id);
            assertTrue(created.headers().firstValue("Location").isPresent());
            assertEquals(oktaId, user.get("externalId").asText());
            assertEquals("Test User", user.get("displayName").asText());
            assertTrue(user.get("active").asBoolean());
            assertFalse(created.body().contains("1mz050nq"), "a password is never answered");

            HttpResponse<String> read = scim.get("/Users/" + id);
            assertEquals(200, read.statusCode(), read.body());
            assertTrue(userName.equalsIgnoreCase(ScimClient.json(read).get("userName").asText()));

            HttpResponse<String> put = scim.send("PUT", "/Users/" + id, """
                    {
                        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                        "id": "%1$s",
                        "userName": "%2$s",
                        "name": {
                            "givenName": "Another",
                            "familyName": "User"
                        },
                        "emails": [{
                            "primary": true,
                            "value": "%2$s",
                            "type": "work"
                        }],
                        "displayName": "Another User",
                        "locale": "en-US",
                        "externalId": "%3$s",
                        "groups": [],
                        "password": "1mz050nq",
                        "active": true
                    }""".formatted(id, userName, oktaId));
            assertEquals(200, put.statusCode(), put.body());
            assertEquals("Another", ScimClient.json(put).at("/name/givenName").asText());
            assertEquals("Another User", ScimClient.json(put).get("displayName").asText());
            assertEquals("Another", admin.get(ADMIN + "/users/" + id).get("firstName").asText());

            assertPatched(scim.send("PATCH", "/Users/" + id, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                            "op": "replace",
                            "value": {
                                "active": false
                            }
                        }]
                    }"""));
            assertFalse(ScimClient.json(scim.get("/Users/" + id)).get("active").asBoolean());
            assertFalse(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean());
            assertEquals(1, ScimClient.json(scim.get("/Users" + ScimClient.filter("userName eq \"" + userName + "\""))).get("totalResults").asInt(),
                    "a deactivated user is still there for Okta's next probe");

            assertPatched(scim.send("PATCH", "/Users/" + id, """
                    {
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{
                            "op": "replace",
                            "value": {
                                "active": true
                            }
                        }]
                    }"""));
            assertTrue(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean(), "reactivated");
        }
    }

    @Nested
    @DisplayName("One organisation's token reaches only that organisation's users")
    class Isolation {

        @Test
        @DisplayName("Given users of A, B's token gets 404 for them by id, finds none by filter, cannot change them, and is refused at A's endpoint")
        void anotherOrganisationsTokenGetsNothing() throws Exception {
            Org a = organisation("iso-a");
            Org b = organisation("iso-b");
            String email = "fay@" + a.domain();
            UserResource fay = create(a, user(email, "Fay", "Ko", "ext-fay"));
            String id = fay.getId();

            assertScimError(b.scim().get("/Users/" + id), 404, null);
            assertEquals(0, ScimClient.json(b.scim().get("/Users" + ScimClient.filter("userName eq \"" + email + "\""))).get("totalResults").asInt());
            assertEquals(0, ScimClient.json(b.scim().get("/Users" + ScimClient.filter("externalId eq \"ext-fay\""))).get("totalResults").asInt());
            assertEquals(0, ScimClient.json(b.scim().get("/Users")).get("totalResults").asInt(), "B lists none of A's users");
            assertScimError(b.scim().send("PATCH", "/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}"""), 404, null);
            assertScimError(b.scim().send("PUT", "/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":false}""".formatted(email)), 404, null);
            assertScimError(b.scim().send("DELETE", "/Users/" + id, null), 404, null);
            ScimException viaLibrary = assertThrows(ScimException.class, () -> b.scim().sdk().retrieve("Users", id, UserResource.class));
            assertEquals(404, viaLibrary.getScimError().getStatus());

            // B's token at A's endpoint is no token of A's.
            HttpResponse<String> crossed = a.scim().send(b.token(), "GET", "/Users/" + id, null);
            assertScimError(crossed, 401, null);

            UserResource unchanged = a.scim().sdk().retrieve("Users", id, UserResource.class);
            assertTrue(unchanged.getActive(), "A's user still active");
            assertEquals("Fay", unchanged.getName().getGivenName());
            JsonNode kc = admin.get(ADMIN + "/users/" + id);
            assertTrue(kc.get("enabled").asBoolean());
            assertEquals("Ko", kc.get("lastName").asText());
        }

        @Test
        @DisplayName("Given the realm's agents and other users, an organisation's token lists none of them and a Keycloak access token is refused")
        void aTokenNeverReachesAgentsOrTheRealmsOtherUsers() throws Exception {
            Org org = organisation("iso-realm");
            String id = create(org, user("gus@" + org.domain(), "Gus", "Wu", "ext-gus")).getId();
            // A user of the realm in the organisation's own domain but not made by SCIM nor a member: not SCIM's either.
            String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8) + "@" + org.domain();
            admin.createUser("helpdesk", outsider, "Out", "Sider", "outsider-password-1");
            userIds.add(admin.usersByEmail("helpdesk", outsider).get(0).get("id").asText());

            JsonNode listed = ScimClient.json(org.scim().get("/Users?count=200"));
            assertEquals(1, listed.get("totalResults").asInt(), listed.toString());
            assertEquals(id, listed.at("/Resources/0/id").asText());
            String agentId = admin.get(ADMIN + "/users?username=agent.smith@helpdesk.test&exact=true").get(0).get("id").asText();
            assertEquals(0, ScimClient.json(org.scim().get("/Users" + ScimClient.filter("userName eq \"agent.smith@helpdesk.test\"")))
                    .get("totalResults").asInt(), "no agent");
            assertScimError(org.scim().get("/Users/" + agentId), 404, null);
            assertScimError(org.scim().send("PATCH", "/Users/" + agentId, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}"""), 404, null);
            assertTrue(admin.get(ADMIN + "/users/" + agentId).get("enabled").asBoolean(), "the agent untouched");
            assertEquals(0, ScimClient.json(org.scim().get("/Users" + ScimClient.filter("userName eq \"" + outsider + "\""))).get("totalResults").asInt());

            // Even the onboarding account's own access token (manage-realm) is no SCIM token.
            String keycloakToken = OnboardingApi.clientToken(stack.keycloak().baseUrl(), "helpdesk", "orgsso-onboarding", "demo-onboarding-secret");
            assertScimError(org.scim().send(keycloakToken, "GET", "/Users", null), 401, null);
        }
    }

    @Nested
    @DisplayName("Bad requests get their RFC 7644 error and change nothing")
    class Errors {

        @Test
        @DisplayName("Given bad filters, each gets 400 invalidFilter, also through the client library")
        void badFiltersAreInvalidFilter() throws Exception {
            Org org = organisation("err-filter");
            for (String bad : List.of("userName eq", "userName eq \"unclosed", "userName zz \"x\"", "(userName eq \"x\"",
                    "noSuchAttribute eq \"x\"", "userName eq \"x\" and")) {
                assertScimError(org.scim().get("/Users" + ScimClient.filter(bad)), 400, "invalidFilter");
            }
            ScimException viaLibrary = assertThrows(ScimException.class,
                    () -> org.scim().sdk().searchRequest("Users").filter("userName eq").invoke(UserResource.class));
            assertEquals(400, viaLibrary.getScimError().getStatus());
            assertEquals("invalidFilter", viaLibrary.getScimError().getScimType());
        }

        @Test
        @DisplayName("Given malformed JSON, an unknown PATCH path, a changed id or a bad value, each gets its scimType and the user is unchanged")
        void badBodiesAndPatchesChangeNothing() throws Exception {
            Org org = organisation("err-body");
            String email = "hal@" + org.domain();
            String id = create(org, user(email, "Hal", "Jo", "ext-hal")).getId();
            JsonNode before = admin.get(ADMIN + "/users/" + id);

            assertScimError(org.scim().send("POST", "/Users", "{\"schemas\":[\"" + ScimClient.USER_SCHEMA + "\"],\"userName\":"), 400, "invalidSyntax");
            assertScimError(org.scim().send("POST", "/Users", "not json at all"), 400, "invalidSyntax");
            assertScimError(org.scim().send("PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":"), 400, "invalidSyntax");

            HttpResponse<String> unknownPath = org.scim().send("PATCH", "/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"noSuchAttribute","value":"x"},
                    {"op":"replace","path":"name.givenName","value":"Changed"}]}""");
            assertEquals(400, unknownPath.statusCode(), unknownPath.body());
            String scimType = ScimClient.json(unknownPath).path("scimType").asText();
            assertTrue(scimType.equals("invalidPath") || scimType.equals("noTarget"), "invalidPath (or noTarget): " + unknownPath.body());
            assertScimError(unknownPath, 400, scimType);
            assertScimError(org.scim().send("PATCH", "/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"id","value":"another-id"}]}"""),
                    400, "mutability");
            assertScimError(org.scim().send("PATCH", "/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":"perhaps"}]}"""),
                    400, "invalidValue");

            ScimException viaLibrary = assertThrows(ScimException.class,
                    () -> org.scim().sdk().modifyRequest("Users", id).replaceValue("name.givenName", "Changed").replaceValue("noSuchAttribute", "x")
                            .invoke(UserResource.class));
            assertEquals(400, viaLibrary.getScimError().getStatus());

            JsonNode after = admin.get(ADMIN + "/users/" + id);
            assertEquals(before.get("firstName").asText(), after.get("firstName").asText(), "no operation of a refused PATCH applied");
            assertEquals(before.get("enabled").asBoolean(), after.get("enabled").asBoolean());
            assertEquals(id, after.get("id").asText());
            assertEquals(1, ScimClient.json(org.scim().get("/Users")).get("totalResults").asInt(), "nothing created by the bad POSTs");
        }

        @Test
        @DisplayName("Given a taken userName or email, a create gets 409 uniqueness and the existing account is untouched")
        void duplicatesAreUniqueness() throws Exception {
            Org org = organisation("err-dup");
            String email = "ida@" + org.domain();
            String id = create(org, user(email, "Ida", "Ma", "ext-ida")).getId();

            HttpResponse<String> sameName = org.scim().send("POST", "/Users", body(email.toUpperCase(Locale.ROOT), "other-" + email, "Imposter"));
            assertScimError(sameName, 409, "uniqueness");
            HttpResponse<String> sameEmail = org.scim().send("POST", "/Users", body("someone-else-" + UUID.randomUUID().toString().substring(0, 6),
                    email, "Imposter"));
            assertScimError(sameEmail, 409, "uniqueness");
            ScimException viaLibrary = assertThrows(ScimException.class, () -> org.scim().sdk().create("Users", user(email, "Imp", "Oster", "x")));
            assertEquals(409, viaLibrary.getScimError().getStatus());
            assertEquals("uniqueness", viaLibrary.getScimError().getScimType());

            assertEquals(1, ScimClient.json(org.scim().get("/Users")).get("totalResults").asInt());
            JsonNode kc = admin.get(ADMIN + "/users/" + id);
            assertEquals("Ida", kc.get("firstName").asText(), "the existing account untouched");
            assertEquals(1, admin.usersByEmail("helpdesk", email).size());
        }

        @Test
        @DisplayName("Given an email outside the organisation's verified domains, a create or change gets 400 invalidValue")
        void anEmailOutsideTheVerifiedDomainsIsInvalidValue() throws Exception {
            Org org = organisation("err-domain");
            Org other = organisation("err-other");
            String outside = "jo@" + other.domain();
            assertScimError(org.scim().send("POST", "/Users", body(outside, outside, "Jo")), 400, "invalidValue");
            assertScimError(org.scim().send("POST", "/Users", body("jo2@elsewhere.example", "jo2@elsewhere.example", "Jo")), 400, "invalidValue");
            assertEquals(0, admin.usersByEmail("helpdesk", outside).size(), "nothing created");
            assertEquals(0, admin.usersByEmail("helpdesk", "jo2@elsewhere.example").size());

            String id = create(org, user("kim@" + org.domain(), "Kim", "Lo", "ext-kim")).getId();
            assertScimError(org.scim().send("PATCH", "/Users/" + id, """
                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"%s"}]}"""
                    .formatted("kim@" + other.domain())), 400, "invalidValue");
            assertEquals("kim@" + org.domain(), admin.get(ADMIN + "/users/" + id).get("email").asText(), "the email unchanged");
        }

        @Test
        @DisplayName("Given a body over 1 MiB, the answer is 413 and nothing is created")
        void anOversizedBodyIs413() throws Exception {
            Org org = organisation("err-size");
            String email = "big@" + org.domain();
            String huge = "{\"schemas\":[\"" + ScimClient.USER_SCHEMA + "\"],\"userName\":\"" + email + "\",\"emails\":[{\"value\":\"" + email
                    + "\",\"type\":\"work\",\"primary\":true}],\"title\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
            HttpResponse<String> r = org.scim().send("POST", "/Users", huge);
            assertScimError(r, 413, null);
            assertEquals(0, admin.usersByEmail("helpdesk", email).size(), "nothing created");
        }

        @Test
        @DisplayName("Given no token, a garbage token or a revoked one, every endpoint answers 401 with WWW-Authenticate: Bearer")
        void missingOrGarbageTokensAre401() throws Exception {
            Org org = organisation("err-auth");
            String id = create(org, user("lou@" + org.domain(), "Lou", "Po", "ext-lou")).getId();
            for (String bearer : new String[] {null, "garbage", org.token() + "x", "", UUID.randomUUID().toString()}) {
                for (String[] request : new String[][] {{"GET", "/Users"}, {"GET", "/Users/" + id}, {"GET", "/ServiceProviderConfig"},
                        {"DELETE", "/Users/" + id}}) {
                    HttpResponse<String> r = org.scim().send(bearer, request[0], request[1], null);
                    assertScimError(r, 401, null);
                    assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), request[0] + " " + request[1]);
                }
                HttpResponse<String> patch = org.scim().send(bearer, "PATCH", "/Users/" + id, """
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}""");
                assertScimError(patch, 401, null);
            }
            assertTrue(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean(), "nothing changed");
            assertEquals(200, org.scim().get("/Users/" + id).statusCode(), "and the user is still there");
        }
    }

    @Nested
    @DisplayName("Deprovisioning ends access at once")
    class Deprovisioning {

        @Test
        @DisplayName("Given a provisioned user signed in through Okta, active=false ends the browser's session, the next sign-in and handoff; active=true lets them in again")
        void deactivationEndsTheSessionTheNextSignInAndTheHandoff() throws Exception {
            Org org = organisation("deprov");
            Issuer okta = idps.issuer(Shape.OKTA, "/" + unique("okta") + "/oauth2/default").client("deprov-app", "deprov-secret");
            HttpResponse<String> sso = api().send("PUT", ONBOARDING + org.alias() + "/sso", Map.of("type", "okta", "issuer", okta.url(),
                    "clientId", "deprov-app", "clientSecret", "deprov-secret"));
            assertTrue(sso.statusCode() == 200 || sso.statusCode() == 201, sso.body());
            String idpAlias = AdminClient.JSON.readTree(sso.body()).get("alias").asText();
            String handoffSecret = handoffSecret(org);

            String email = "mia@" + org.domain();
            String oktaId = "00u" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
            String id = create(org, user(email, "Mia", "Ruiz", oktaId)).getId();
            okta.signIn(Map.of("sub", oktaId, "email", email, "email_verified", true, "given_name", "Mia", "family_name", "Ruiz"));

            try (Browser b = new Browser("ScimIT-deprovisioning")) {
                int mails = stack.mail().messagesTo(email).size();
                AppPage app = b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso().enter(org.alias(), AppPage::new);
                b.screenshot("provisioned-user-signed-in");
                JsonNode claims = app.claims();
                assertEquals(id, claims.get("sub").asText(), "the provisioned account, no second one");
                assertEquals(email, claims.get("email").asText());
                assertEquals(mails, stack.mail().messagesTo(email).size(), "no code mail: the organisation vouched for the email");
                assertEquals(1, admin.usersByEmail("helpdesk", email).size());
                JsonNode links = admin.get(ADMIN + "/users/" + id + "/federated-identity");
                assertEquals(idpAlias, links.get(0).get("identityProvider").asText(), "linked to the organisation's IdP");

                // The SSO session: the app's login lands signed in.
                b.open(stack.app().loginUrl("main-app"), AppPage::new);
                assertEquals(1, admin.get(ADMIN + "/users/" + id + "/sessions").size());

                UserResource off = org.scim().sdk().modifyRequest("Users", id).replaceValue("active", false).invoke(UserResource.class);
                assertFalse(off.getActive());
                JsonNode kc = admin.get(ADMIN + "/users/" + id);
                assertFalse(kc.get("enabled").asBoolean(), "disabled");
                assertEquals(0, admin.get(ADMIN + "/users/" + id + "/sessions").size(), "no session left");

                b.open(stack.app().loginUrl("main-app"), LoginPage::new);
                assertFalse(b.has(By.id("claims")), "the login again, not the signed-in app");
                b.screenshot("session-ended-by-scim");

                RefusalPage refused = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + org.alias(), RefusalPage::new);
                b.screenshot("disabled-at-next-sign-in");
                String page = refused.text().toLowerCase(Locale.ROOT);
                assertTrue(page.contains("disabled"), "a page that says the account is disabled: " + refused.text());
                assertFalse(b.has(By.id("claims")));
                assertEquals(0, admin.get(ADMIN + "/users/" + id + "/sessions").size(), "the refused sign-in left no session");
                assertEquals(1, admin.usersByEmail("helpdesk", email).size(), "no new account from the refused sign-in");

                HttpResponse<String> handoff = handoff(org.alias(), HandoffTokens.sign(HandoffTokens.claims(email), handoffSecret));
                assertEquals(4, handoff.statusCode() / 100, handoff.statusCode() + " " + handoff.body());
                assertTrue(handoff.body().contains("user_disabled"), "refused as user_disabled: " + handoff.body());
                assertTrue(handoff.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("KEYCLOAK_IDENTITY=ey")), "no session");

                UserResource on = org.scim().sdk().modifyRequest("Users", id).replaceValue("active", true).invoke(UserResource.class);
                assertTrue(on.getActive());
                JsonNode again = b.open(stack.app().loginUrl("main-app") + "?kc_org=" + org.alias(), AppPage::new).claims();
                b.screenshot("signed-in-again-after-reactivation");
                assertEquals(id, again.get("sub").asText());
                assertEquals(mails, stack.mail().messagesTo(email).size(), "still no code mail");
            }
            assertEquals(303, handoff(org.alias(), HandoffTokens.sign(HandoffTokens.claims(email), handoffSecret)).statusCode(),
                    "the handoff is accepted again");
        }

        @Test
        @DisplayName("Given a user with a handoff session, DELETE ends the session and later handoffs are refused as user_disabled")
        void deleteEndsTheSessionAndRefusesTheNextHandoff() throws Exception {
            Org org = organisation("deprov-del");
            String handoffSecret = handoffSecret(org);
            String email = "ned@" + org.domain();
            String id = create(org, user(email, "Ned", "Oak", "ext-ned")).getId();
            HttpResponse<String> first = handoff(org.alias(), HandoffTokens.sign(HandoffTokens.claims(email), handoffSecret));
            assertEquals(303, first.statusCode(), first.body());
            assertEquals(1, admin.get(ADMIN + "/users/" + id + "/sessions").size(), "the handoff found the provisioned account");

            org.scim().sdk().delete("Users", id);
            assertEquals(0, admin.get(ADMIN + "/users/" + id + "/sessions").size());
            assertFalse(admin.get(ADMIN + "/users/" + id).get("enabled").asBoolean());
            HttpResponse<String> refused = handoff(org.alias(), HandoffTokens.sign(HandoffTokens.claims(email), handoffSecret));
            assertEquals(4, refused.statusCode() / 100, refused.body());
            assertTrue(refused.body().contains("user_disabled"), refused.body());
            assertEquals(1, admin.usersByEmail("helpdesk", email).size(), "refused, not signed up anew");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A test's organisation: made by the admin API with one verified domain, with one SCIM token from the onboarding API. */
    private record Org(String alias, String id, String domain, String tokenId, String token, ScimClient scim) {
    }

    private Org organisation(String prefix) throws Exception {
        String alias = unique(prefix);
        String domain = alias + ".test";
        HttpResponse<String> created = admin.send("POST", ADMIN + "/organizations", Map.of("name", alias, "alias", alias, "enabled", true,
                "domains", List.of(Map.of("name", domain, "verified", true))));
        assertEquals(201, created.statusCode(), created.body());
        orgs.add(alias);
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> issued = api().send("POST", ONBOARDING + alias + "/scim/tokens", null);
        assertEquals(201, issued.statusCode(), issued.body());
        JsonNode token = AdminClient.JSON.readTree(issued.body());
        String secret = token.get("token").asText();
        SecretLedger.secret(secret);
        ScimClient scim = new ScimClient(ScimClient.baseUrl(stack.keycloak().baseUrl(), alias), secret);
        clients.add(scim);
        return new Org(alias, location.substring(location.lastIndexOf('/') + 1), domain, token.get("id").asText(), secret, scim);
    }

    /** Handoff on for the organisation, and its first shared secret (as HandoffIT's second organisation). */
    private String handoffSecret(Org org) throws Exception {
        String path = ONBOARDING + org.alias() + "/handoff";
        api().call("PUT", path, Map.of("enabled", true));
        return api().call("POST", path + "/secrets", null).get("secret").asText();
    }

    private HttpResponse<String> handoff(String alias, String jwt) throws Exception {
        return noRedirects.send(HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl() + "/realms/helpdesk/orgsso/jwt/" + alias))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(DemoApp.form(Map.of("jwt", jwt)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static UserResource user(String email, String given, String family, String externalId) {
        UserResource u = new UserResource().setUserName(email).setName(new Name().setGivenName(given).setFamilyName(family))
                .setEmails(List.of(new Email().setValue(email).setType("work").setPrimary(true))).setActive(true);
        u.setExternalId(externalId);
        return u;
    }

    private UserResource create(Org org, UserResource user) throws ScimException {
        UserResource created = org.scim().sdk().create("Users", user);
        userIds.add(created.getId());
        return created;
    }

    private static String body(String userName, String email, String given) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","name":{"givenName":"%s","familyName":"Test"},
                 "emails":[{"value":"%s","type":"work","primary":true}],"active":true}""".formatted(userName, given, email);
    }

    private static ListResponse<UserResource> search(Org org, Filter filter) throws ScimException {
        return org.scim().sdk().searchRequest("Users").filter(filter).invoke(UserResource.class);
    }

    private static ListResponse<UserResource> search(Org org, String filter) throws ScimException {
        return org.scim().sdk().searchRequest("Users").filter(filter).invoke(UserResource.class);
    }

    private static Set<String> ids(ListResponse<UserResource> list) {
        Set<String> ids = new HashSet<>();
        if (list.getResources() != null) {
            list.getResources().forEach(u -> ids.add(u.getId()));
        }
        assertEquals(ids.size(), list.getTotalResults(), "totalResults counts what was found");
        return ids;
    }

    /** A PATCH that worked: 200 with the resource, or 204 without one (RFC 7644 §3.5.2 allows both). */
    private static void assertPatched(HttpResponse<String> r) {
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.statusCode() + " " + r.body());
        if (r.statusCode() == 200) {
            assertEquals(ScimClient.USER_SCHEMA, ScimClient.json(r).at("/schemas/0").asText(), r.body());
        }
    }

    /** RFC 7644 §3.12: the HTTP status, the Error schema, "status" as a string equal to it, the scimType (none when null). */
    static void assertScimError(HttpResponse<String> r, int status, String scimType) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode error = ScimClient.json(r);
        assertTrue(error.path("schemas").toString().contains(ScimClient.ERROR_SCHEMA), "the Error schema: " + r.body());
        assertTrue(error.path("status").isTextual(), "status is a string: " + r.body());
        assertEquals(String.valueOf(status), error.get("status").asText());
        if (scimType == null) {
            // RFC 7644 defines scimType for 400 and 409 only; the contract says 413 has none.
            assertFalse(error.hasNonNull("scimType"), "no scimType for " + status + ": " + r.body());
        } else {
            assertEquals(scimType, error.path("scimType").asText(), r.body());
        }
        assertFalse(r.body().contains("Exception"), "no stack trace: " + r.body());
    }

    private OnboardingApi api() throws Exception {
        return new OnboardingApi(stack.keycloak().baseUrl());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
