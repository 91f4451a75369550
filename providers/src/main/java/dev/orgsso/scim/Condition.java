package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A parsed filter as plain data. Keycloak's parse tree ({@code ScimFilterParser}) carries tokens and the
 * grammar's nesting (expression, andExpression, notExpression, atom); evaluating and looking for an index lookup
 * are simpler on these few shapes, built once per filter by {@link FilterTree}.
 */
sealed interface Condition {

    /** Both hold ({@code and}). */
    record Both(Condition left, Condition right) implements Condition {
    }

    /** Either holds ({@code or}). */
    record Either(Condition left, Condition right) implements Condition {
    }

    /** {@code not (...)}. */
    record Not(Condition inner) implements Condition {
    }

    /** {@code attr op value}; the value is a text, boolean, number or null node. */
    record Compare(Attribute attribute, Operator operator, JsonNode value) implements Condition {
    }

    /** {@code attr pr}. */
    record Present(Attribute attribute) implements Condition {
    }

    /** A value path {@code emails[type eq "work"]}: some element of the attribute satisfies the inner condition. */
    record Some(Attribute attribute, Condition inner) implements Condition {
    }

    /**
     * An attribute as the filter names it: {@code path} is the canonical lowercase path from the resource (for the
     * allow-list and the case rules: {@code emails.value} inside {@code emails[...]}), {@code steps} the names to
     * follow from where it is evaluated (the resource, or an element inside a value path).
     */
    record Attribute(String path, List<String> steps) {
    }

    enum Operator {
        EQ, NE, CO, SW, EW, GT, GE, LT, LE;

        boolean orders() {
            return this == GT || this == GE || this == LT || this == LE;
        }

        boolean searchesText() {
            return this == CO || this == SW || this == EW;
        }
    }
}
