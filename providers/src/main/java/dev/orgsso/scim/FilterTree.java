package dev.orgsso.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orgsso.scim.Condition.Attribute;
import dev.orgsso.scim.Condition.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.keycloak.scim.filter.FilterUtils;
import org.keycloak.scim.filter.ScimFilterParser;
import org.keycloak.scim.filter.ScimFilterParserBaseVisitor;

/**
 * Turns Keycloak's parse tree into {@link Condition}s, refusing what the grammar accepts but a filter here may not
 * say: an attribute outside the caller's allow-list, a value path inside a value path (RFC 7644's valFilter has
 * none), and comparisons RFC 7644 §3.4.2.2 rules out (ordering or substring on booleans, substring on numbers).
 */
final class FilterTree extends ScimFilterParserBaseVisitor<Condition> {

    /** RFC 7643 §8.7.1 core schemas: an attribute may be written fully qualified, {@code urn:...:User:userName}. */
    private static final List<String> CORE_SCHEMAS = List.of("urn:ietf:params:scim:schemas:core:2.0:user:",
            "urn:ietf:params:scim:schemas:core:2.0:group:");
    /** The boolean attributes of the User schema (RFC 7643 §4.1): only eq, ne and pr make sense on them. */
    private static final Set<String> BOOLEANS = Set.of("active", "emails.primary");

    private final Set<String> allowed;
    /** "" at the top, "emails." inside {@code emails[...]}. */
    private final String parent;

    FilterTree(Set<String> allowed, String parent) {
        this.allowed = allowed;
        this.parent = parent;
    }

    @Override
    public Condition visitFilter(ScimFilterParser.FilterContext ctx) {
        return visit(ctx.expression());
    }

    @Override
    public Condition visitExpression(ScimFilterParser.ExpressionContext ctx) {
        return ctx.OR() == null ? visit(ctx.andExpression())
                : new Condition.Either(visit(ctx.expression()), visit(ctx.andExpression()));
    }

    @Override
    public Condition visitAndExpression(ScimFilterParser.AndExpressionContext ctx) {
        return ctx.AND() == null ? visit(ctx.notExpression())
                : new Condition.Both(visit(ctx.andExpression()), visit(ctx.notExpression()));
    }

    @Override
    public Condition visitNotExpression(ScimFilterParser.NotExpressionContext ctx) {
        return ctx.NOT() == null ? visit(ctx.atom()) : new Condition.Not(visit(ctx.notExpression()));
    }

    @Override
    public Condition visitAtom(ScimFilterParser.AtomContext ctx) {
        if (ctx.expression() != null) {
            return visit(ctx.expression());
        }
        return ctx.valuePath() != null ? visit(ctx.valuePath()) : visit(ctx.attributeExpression());
    }

    @Override
    public Condition visitValuePath(ScimFilterParser.ValuePathContext ctx) {
        if (!parent.isEmpty()) {
            throw ScimException.invalidFilter("A value filter [...] cannot contain another one");
        }
        Attribute attribute = attribute(ctx.ATTRPATH().getText(), false);
        return new Condition.Some(attribute, new FilterTree(allowed, attribute.path() + ".").visit(ctx.expression()));
    }

    @Override
    public Condition visitPresentExpression(ScimFilterParser.PresentExpressionContext ctx) {
        return new Condition.Present(attribute(ctx.ATTRPATH().getText(), true));
    }

    @Override
    public Condition visitComparisonExpression(ScimFilterParser.ComparisonExpressionContext ctx) {
        Attribute attribute = attribute(ctx.ATTRPATH().getText(), true);
        Operator operator = Operator.valueOf(ctx.compareOp().getText().toUpperCase(Locale.ROOT));
        JsonNode value = literal(ctx.compValue());
        boolean bool = value.isBoolean() || BOOLEANS.contains(attribute.path());
        if ((bool && operator != Operator.EQ && operator != Operator.NE) || (value.isNumber() && operator.searchesText())) {
            throw ScimException.invalidFilter("'%s' does not apply to %s".formatted(operator.name().toLowerCase(Locale.ROOT),
                    ctx.ATTRPATH().getText()));
        }
        return new Condition.Compare(attribute, operator, value);
    }

    private Attribute attribute(String written, boolean checked) {
        String lower = written.toLowerCase(Locale.ROOT);
        List<String> steps = new ArrayList<>();
        for (String schema : CORE_SCHEMAS) {
            if (lower.startsWith(schema)) {
                lower = lower.substring(schema.length());
            }
        }
        if (lower.startsWith("urn:")) {
            // An extension attribute sits under its schema's URN (which has dots of its own, "2.0").
            int colon = lower.lastIndexOf(':');
            steps.add(lower.substring(0, colon));
            steps.addAll(Arrays.asList(lower.substring(colon + 1).split("\\.")));
        } else {
            steps.addAll(Arrays.asList(lower.split("\\.")));
        }
        String path = parent + lower;
        if (checked && !allowed(path)) {
            throw ScimException.invalidFilter("Filtering on '%s' is not supported".formatted(parent + written));
        }
        return new Attribute(path, List.copyOf(steps));
    }

    /** Listed, or the parent of a listed path ({@code name pr} when {@code name.givenname} is listed). */
    private boolean allowed(String path) {
        return allowed.contains(path) || allowed.stream().anyMatch(a -> a.startsWith(path + "."));
    }

    private static JsonNode literal(ScimFilterParser.CompValueContext ctx) {
        if (ctx.TRUE() != null || ctx.FALSE() != null) {
            return BooleanNode.valueOf(ctx.TRUE() != null);
        }
        if (ctx.NUMBER() != null) {
            return DecimalNode.valueOf(new BigDecimal(ctx.NUMBER().getText()));
        }
        String text = FilterUtils.extractCompValue(ctx);
        return text == null ? NullNode.getInstance() : TextNode.valueOf(text);
    }
}
