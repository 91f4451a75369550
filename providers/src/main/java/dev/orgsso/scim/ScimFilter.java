package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.scim.filter.FilterUtils;
import org.keycloak.scim.filter.ScimFilterException;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2), parsed by Keycloak's own SCIM filter parser ({@code FilterUtils}) and then
 * checked, evaluated against a resource's JSON, and asked for an exact value the caller can look up by index.
 */
final class ScimFilter {

    /** What a Users filter may name (canonical lowercase paths). */
    static final Set<String> USER_ATTRIBUTES = Set.of("id", "externalid", "username", "emails.value", "emails.type",
            "active", "name.givenname", "name.familyname", "displayname", "meta.created", "meta.lastmodified");
    /** What a Groups filter may name. */
    static final Set<String> GROUP_ATTRIBUTES = Set.of("id", "externalid", "displayname", "members.value",
            "meta.created", "meta.lastmodified");
    private static final Set<String> ANY_ATTRIBUTE = Stream.concat(USER_ATTRIBUTES.stream(), GROUP_ATTRIBUTES.stream())
            .collect(Collectors.toUnmodifiableSet());
    /** Lookups by priority (the most selective first), canonical path to the spelling the caller is given. */
    private static final Map<String, String> LOOKUPS = Map.of("id", "id", "username", "userName",
            "externalid", "externalId", "emails.value", "emails.value", "displayname", "displayName");
    private static final List<String> LOOKUP_ORDER = List.of("id", "username", "externalid", "emails.value", "displayname");

    /** An exact value the whole filter requires: fetch candidates by it, then {@link #matches} each one. */
    record Lookup(String attribute, String value) {
    }

    private final Condition condition;

    private ScimFilter(Condition condition) {
        this.condition = condition;
    }

    /** A filter over any User or Group attribute this pack serves. */
    static ScimFilter parse(String filter) {
        return parse(filter, ANY_ATTRIBUTE);
    }

    /** A filter that may name only the given attributes (canonical paths such as {@code emails.value}). */
    static ScimFilter parse(String filter, Set<String> attributes) {
        String text = FilterSource.prepare(filter);
        try {
            Set<String> allowed = attributes.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            return new ScimFilter(new FilterTree(allowed, "").visit(FilterUtils.parseFilter(text)));
        } catch (ScimFilterException e) {
            throw ScimException.invalidFilter(e.getMessage());
        }
    }

    boolean matches(JsonNode resource) {
        return FilterMatch.holds(condition, resource);
    }

    /**
     * An {@code eq} on userName, externalId, emails.value, displayName or id that the whole filter requires: the
     * filter itself, a side of an {@code and} (at any depth), or inside a value path that must hold. Nothing under
     * {@code or} or {@code not}: there the filter also matches resources without that value. The index may
     * compare differently (case), so the caller still runs {@link #matches} on what it fetched.
     */
    Optional<Lookup> lookup() {
        List<Condition.Compare> required = new ArrayList<>();
        collectRequired(condition, required);
        for (String path : LOOKUP_ORDER) {
            for (Condition.Compare c : required) {
                if (c.attribute().path().equals(path) && c.operator() == Condition.Operator.EQ && c.value().isTextual()) {
                    return Optional.of(new Lookup(LOOKUPS.get(path), c.value().textValue()));
                }
            }
        }
        return Optional.empty();
    }

    private static void collectRequired(Condition c, List<Condition.Compare> into) {
        if (c instanceof Condition.Compare compare) {
            into.add(compare);
        } else if (c instanceof Condition.Both both) {
            collectRequired(both.left(), into);
            collectRequired(both.right(), into);
        } else if (c instanceof Condition.Some some) {
            collectRequired(some.inner(), into);
        }
    }

    /**
     * The element a value filter describes, when it is only {@code eq} on sub-attributes joined by {@code and}:
     * {@code type eq "work"} gives {@code {"type":"work"}}. PATCH uses it to create the element a filtered path
     * names when there is none yet (Entra replaces {@code emails[type eq "work"].value} on users without one).
     */
    Optional<ObjectNode> describedElement() {
        ObjectNode element = JsonNodeFactory.instance.objectNode();
        return describe(condition, element) ? Optional.of(element) : Optional.empty();
    }

    private static boolean describe(Condition c, ObjectNode into) {
        if (c instanceof Condition.Both both) {
            return describe(both.left(), into) && describe(both.right(), into);
        }
        if (c instanceof Condition.Compare compare && compare.operator() == Condition.Operator.EQ
                && compare.attribute().steps().size() == 1 && !compare.value().isNull()) {
            into.set(compare.attribute().steps().get(0), compare.value());
            return true;
        }
        return false;
    }
}
