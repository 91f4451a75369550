package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.core.Agents;
import dev.orgsso.core.Decision;
import dev.orgsso.core.Provisioned;
import dev.orgsso.core.VerifiedDomains;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.UserModel;

/**
 * The organisation's people as SCIM Users. What one token sees is the organisation's managed members
 * and nothing else: no member of another organisation, no agent, no admin, no account the organisation
 * deleted. Written here rather than with Keycloak's SCIM user resource type: that one serves the whole
 * realm (its filters and lists know no organisation), keeps no externalId and has no deprovisioning.
 */
final class ScimUsers {

    /** User attribute: the organisation's SCIM client deleted the account (disabled, kept so it cannot sign up anew). */
    static final String DELETED = "orgsso.scim.deleted";
    static final Set<String> READ_ONLY = Set.of("id", "meta", "schemas");

    private final ScimScope scope;

    ScimUsers(ScimScope scope) {
        this.scope = scope;
    }

    ObjectNode get(String id) {
        return ScimUserJson.of(visible(id), scope.baseUrl());
    }

    ScimPage list(String filter, int startIndex, int count) {
        ScimFilter parsed = filter == null || filter.isBlank() ? null : ScimFilter.parse(filter, ScimUserJson.FILTERABLE);
        Stream<UserModel> candidates = parsed == null ? members() : parsed.lookup().map(this::lookup).orElseGet(this::members);
        List<ObjectNode> matched = candidates.filter(this::isVisible)
                .map(u -> ScimUserJson.of(u, scope.baseUrl()))
                .filter(json -> parsed == null || parsed.matches(json))
                .toList();
        return ScimPage.of(matched, startIndex, count);
    }

    ObjectNode create(JsonNode body) {
        ScimUserJson.Fields f = ScimUserJson.read(body);
        String email = requireEmail(f.email());
        unique(f.userName(), email, null);
        UserModel user = scope.session().users().addUser(scope.realm(), f.userName());
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setFirstName(f.givenName());
        user.setLastName(f.familyName());
        user.setEnabled(f.active() == null || f.active());
        user.setSingleAttribute(Provisioned.ATTRIBUTE, "true");
        setExternalId(user, f.externalId());
        touch(user);
        scope.orgs().addManagedMember(scope.org(), user);
        ScimEvent.record(scope.session(), OperationType.CREATE, Decision.SCIM_USER_CREATED, scope.org(),
                scope.tokenId(), "Users", user.getId());
        return ScimUserJson.of(user, scope.baseUrl());
    }

    ObjectNode replace(String id, JsonNode body) {
        UserModel user = visible(id);
        JsonNode givenId = ScimUserJson.field(body, "id");
        if (givenId != null && !givenId.isNull() && !id.equals(givenId.asText())) {
            throw ScimException.mutability("\"id\" cannot change.");
        }
        return apply(user, ScimUserJson.read(body));
    }

    ObjectNode patch(String id, JsonNode body) {
        UserModel user = visible(id);
        // A PATCH is applied to the user as SCIM shows it, then saved as a PUT of the result would be.
        ObjectNode patched = ScimPatch.apply(ScimUserJson.of(user, scope.baseUrl()), body, READ_ONLY);
        return apply(user, ScimUserJson.read(patched));
    }

    void delete(String id) {
        UserModel user = visible(id);
        Deprovisioning.end(scope.session(), scope.realm(), user);
        user.setSingleAttribute(DELETED, "true");
        touch(user);
        ScimEvent.record(scope.session(), OperationType.DELETE, Decision.SCIM_USER_DELETED, scope.org(),
                scope.tokenId(), "Users", user.getId());
    }

    private ObjectNode apply(UserModel user, ScimUserJson.Fields f) {
        String email = requireEmail(f.email());
        unique(f.userName(), email, user);
        if (!f.userName().equalsIgnoreCase(user.getUsername())) {
            user.setUsername(f.userName());
        }
        if (!email.equalsIgnoreCase(user.getEmail())) {
            user.setEmail(email);
            user.setEmailVerified(true);
        }
        user.setFirstName(f.givenName());
        user.setLastName(f.familyName());
        setExternalId(user, f.externalId());
        user.setSingleAttribute(Provisioned.ATTRIBUTE, "true");
        touch(user);
        Decision decision = Decision.SCIM_USER_UPDATED;
        if (f.active() != null && f.active() != user.isEnabled()) {
            if (f.active()) {
                user.setEnabled(true);
                decision = Decision.SCIM_USER_REACTIVATED;
            } else {
                Deprovisioning.end(scope.session(), scope.realm(), user);
                decision = Decision.SCIM_USER_DEACTIVATED;
            }
        }
        ScimEvent.record(scope.session(), OperationType.UPDATE, decision, scope.org(), scope.tokenId(), "Users", user.getId());
        return ScimUserJson.of(user, scope.baseUrl());
    }

    /** The account behind an id, when this organisation's token may see it; 404 otherwise (whatever the reason). */
    private UserModel visible(String id) {
        UserModel user = id == null || id.length() > 64 ? null : scope.session().users().getUserById(scope.realm(), id);
        if (user == null || !isVisible(user)) {
            throw ScimException.notFound("No user " + (id == null ? "" : id.length() > 64 ? id.substring(0, 64) : id) + ".");
        }
        return user;
    }

    private boolean isVisible(UserModel user) {
        return user != null && !"true".equals(user.getFirstAttribute(DELETED)) && scope.orgs().isManagedMember(scope.org(), user)
                && !Agents.isAgent(scope.realm(), user);
    }

    private Stream<UserModel> members() {
        return scope.orgs().getMembersStream(scope.org(), (String) null, Boolean.FALSE, null, null);
    }

    /** An exact lookup through Keycloak's indexes instead of a scan of every member. */
    private Stream<UserModel> lookup(ScimFilter.Lookup lookup) {
        String value = lookup.value();
        return switch (lookup.attribute()) {
            case "userName" -> Stream.ofNullable(scope.session().users().getUserByUsername(scope.realm(), value));
            case "emails.value" -> Stream.ofNullable(scope.session().users().getUserByEmail(scope.realm(), value));
            case "externalId" -> scope.session().users().searchForUserByUserAttributeStream(scope.realm(), Provisioned.EXTERNAL_ID, value);
            case "id" -> Stream.ofNullable(value.length() > 64 ? null : scope.session().users().getUserById(scope.realm(), value));
            default -> members();
        };
    }

    private String requireEmail(String email) {
        if (email == null || email.isBlank()) {
            throw ScimException.invalidValue("A work email is required (\"emails\").");
        }
        String domain = VerifiedDomains.domainOf(email);
        Set<String> verified = scope.org().getDomains().filter(OrganizationDomainModel::isVerified)
                .map(d -> d.getName().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (domain == null || !verified.contains(domain)) {
            throw ScimException.invalidValue("The email must be at one of the organisation's verified domains " + verified + ".");
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** userName and email belong to one account in the realm: another holder is a conflict, nothing is changed. */
    private void unique(String userName, String email, UserModel self) {
        UserModel byName = scope.session().users().getUserByUsername(scope.realm(), userName);
        UserModel byEmail = scope.session().users().getUserByEmail(scope.realm(), email);
        for (UserModel holder : new UserModel[] {byName, byEmail}) {
            if (holder != null && (self == null || !Objects.equals(holder.getId(), self.getId()))) {
                throw ScimException.uniqueness(holder == byName ? "userName is already taken." : "The email is already used by another account.");
            }
        }
    }

    private static void setExternalId(UserModel user, String externalId) {
        if (externalId == null || externalId.isBlank()) {
            user.removeAttribute(Provisioned.EXTERNAL_ID);
        } else {
            user.setSingleAttribute(Provisioned.EXTERNAL_ID, externalId.strip());
        }
    }

    private static void touch(UserModel user) {
        user.setSingleAttribute(ScimUserJson.LAST_MODIFIED, Long.toString(System.currentTimeMillis()));
    }
}
