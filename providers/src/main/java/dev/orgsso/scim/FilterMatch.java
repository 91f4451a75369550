package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgsso.scim.Condition.Operator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a {@link Condition} against a resource's SCIM JSON the way RFC 7644 §3.4.2.2 reads: attribute names
 * are case-insensitive, text compares case-insensitively unless the attribute is caseExact, a multi-valued
 * attribute matches when any of its values does, a complex multi-valued attribute compared as a whole means its
 * {@code value} (RFC 7643 §2.4), dateTimes compare chronologically. An attribute that is absent compares to
 * nothing, as SQL's NULL does: {@code externalId ne "x"} does not match a resource without one, and
 * {@code not (externalId eq "x")} does.
 */
final class FilterMatch {

    /** caseExact in RFC 7643 §3.1: ids are the provider's and the client's opaque keys. */
    private static final Set<String> CASE_EXACT = Set.of("id", "externalid");

    private FilterMatch() {
    }

    static boolean holds(Condition condition, JsonNode node) {
        if (condition instanceof Condition.Both both) {
            return holds(both.left(), node) && holds(both.right(), node);
        }
        if (condition instanceof Condition.Either either) {
            return holds(either.left(), node) || holds(either.right(), node);
        }
        if (condition instanceof Condition.Not not) {
            return !holds(not.inner(), node);
        }
        if (condition instanceof Condition.Present present) {
            return values(node, present.attribute().steps()).stream().anyMatch(FilterMatch::hasValue);
        }
        if (condition instanceof Condition.Some some) {
            return values(node, some.attribute().steps()).stream().anyMatch(element -> holds(some.inner(), element));
        }
        Condition.Compare compare = (Condition.Compare) condition;
        List<JsonNode> values = new ArrayList<>();
        for (JsonNode v : values(node, compare.attribute().steps())) {
            JsonNode inner = member(v, "value");
            values.add(inner != null ? inner : v);
        }
        if (compare.value().isNull()) {
            // RFC 7643 §2.5: null is the same as unassigned.
            boolean assigned = values.stream().anyMatch(FilterMatch::hasValue);
            return compare.operator() == Operator.EQ ? !assigned : assigned;
        }
        boolean caseExact = CASE_EXACT.contains(compare.attribute().path());
        return values.stream().anyMatch(v -> compares(v, compare.operator(), compare.value(), caseExact));
    }

    /** The values at the path, arrays flattened at every step, names matched case-insensitively. */
    private static List<JsonNode> values(JsonNode node, List<String> steps) {
        List<JsonNode> current = List.of(node);
        for (String step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : flatten(current)) {
                JsonNode child = member(n, step);
                if (child != null && !child.isNull()) {
                    next.add(child);
                }
            }
            current = next;
        }
        return flatten(current);
    }

    private static List<JsonNode> flatten(List<JsonNode> nodes) {
        List<JsonNode> flat = new ArrayList<>();
        for (JsonNode n : nodes) {
            if (n.isArray()) {
                n.forEach(flat::add);
            } else {
                flat.add(n);
            }
        }
        return flat;
    }

    private static JsonNode member(JsonNode node, String name) {
        if (!node.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static boolean hasValue(JsonNode v) {
        return !v.isNull() && !(v.isTextual() && v.asText().isEmpty()) && !(v.isContainerNode() && v.isEmpty());
    }

    private static boolean compares(JsonNode actual, Operator op, JsonNode expected, boolean caseExact) {
        if (expected.isBoolean()) {
            return actual.isBoolean() && (actual.booleanValue() == expected.booleanValue()) == (op == Operator.EQ);
        }
        if (expected.isNumber()) {
            return actual.isNumber() && ordered(actual.decimalValue().compareTo(expected.decimalValue()), op);
        }
        if (!actual.isTextual()) {
            return false;
        }
        String a = actual.textValue();
        String e = expected.textValue();
        Integer chronological = chronologically(a, e);
        if (chronological != null && !op.searchesText()) {
            return ordered(chronological, op);
        }
        if (!caseExact) {
            a = a.toLowerCase(Locale.ROOT);
            e = e.toLowerCase(Locale.ROOT);
        }
        return switch (op) {
            case CO -> a.contains(e);
            case SW -> a.startsWith(e);
            case EW -> a.endsWith(e);
            default -> ordered(a.compareTo(e), op);
        };
    }

    private static boolean ordered(int comparison, Operator op) {
        return switch (op) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            default -> false;
        };
    }

    /** Both xsd:dateTime (RFC 7643 §2.3.5)? Then "…:34Z" and "…:34.000Z" are the same instant. */
    private static Integer chronologically(String a, String b) {
        if (a.length() < 20 || b.length() < 20 || a.charAt(10) != 'T' || b.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(a).toInstant().compareTo(OffsetDateTime.parse(b).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
