package dev.orgsso.scim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.keycloak.scim.filter.FilterUtils;
import org.keycloak.scim.filter.ScimFilterLexer;

/**
 * The text handed to Keycloak's {@code FilterUtils.parseFilter}, with the two things it cannot do done first.
 * <ul>
 * <li>{@code FilterUtils} listens for parser errors only: the lexer's "token recognition error" goes to stderr and
 * the character is dropped, so {@code userName eq "a" #} or {@code _id eq "x"} would parse (checked against
 * keycloak-scim-core 26.7.0). Every character the lexer cannot read is refused here.</li>
 * <li>Its grammar's value path is {@code ATTRPATH '[' expression ']'} with nothing after the bracket, but clients
 * send {@code emails[type eq "work"].value eq "x"} (the PATCH path form, RFC 7644 §3.5.2, used as a filter). That
 * means "some work email has value x", which the grammar can say: {@code emails[(type eq "work") and value eq "x"]}.
 * The rewrite is done on the lexer's tokens, so brackets and dots inside string values are left alone.</li>
 * </ul>
 */
final class FilterSource {

    private FilterSource() {
    }

    static String prepare(String filter) {
        if (filter == null || filter.isBlank()) {
            throw ScimException.invalidFilter("The filter is empty");
        }
        // Checked before lexing so an over-long filter costs nothing; the limit is FilterUtils' own.
        if (filter.length() > FilterUtils.MAX_FILTER_LENGTH) {
            throw ScimException.invalidFilter(
                    "The filter is longer than %d characters".formatted(FilterUtils.MAX_FILTER_LENGTH));
        }
        Set<Integer> unreadable = new HashSet<>();
        Lexer lexer = new ScimFilterLexer(CharStreams.fromString(filter));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int column, String msg, RecognitionException e) {
                unreadable.add(((Lexer) r)._tokenStartCharIndex);
            }
        });
        List<? extends Token> tokens = lexer.getAllTokens();
        Set<Integer> subAttributeDots = new HashSet<>();
        for (int at : unreadable) {
            if (filter.charAt(at) == '.' && endsAt(tokens, ScimFilterLexer.RBRACKET, at - 1)
                    && startsAt(tokens, ScimFilterLexer.ATTRPATH, at + 1)) {
                subAttributeDots.add(at);
            } else {
                throw ScimException.invalidFilter(
                        "The filter has an unexpected character '%c' at position %d".formatted(filter.charAt(at), at));
            }
        }
        return subAttributeDots.isEmpty() ? filter : moveSubAttributesInside(tokens, subAttributeDots);
    }

    /** {@code a[f].s op v} becomes {@code a[(f) and s op v]}; everything else is copied token by token. */
    private static String moveSubAttributesInside(List<? extends Token> tokens, Set<Integer> dots) {
        StringBuilder out = new StringBuilder();
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getType() == ScimFilterLexer.LBRACKET) {
                open.push(out.length());
            } else if (t.getType() == ScimFilterLexer.RBRACKET && dots.contains(t.getStopIndex() + 1) && !open.isEmpty()) {
                int comparison = comparisonLength(tokens, i + 1);
                out.insert(open.pop() + 1, '(');
                out.append(") and");
                for (int k = i + 1; k <= i + comparison; k++) {
                    out.append(' ').append(tokens.get(k).getText());
                }
                out.append(" ] ");
                i += comparison;
                continue;
            } else if (t.getType() == ScimFilterLexer.RBRACKET && !open.isEmpty()) {
                open.pop();
            }
            out.append(t.getText()).append(' ');
        }
        return out.toString().strip();
    }

    /** How many tokens the sub-attribute's comparison takes: {@code s pr} is 2, {@code s op v} is 3. */
    private static int comparisonLength(List<? extends Token> tokens, int from) {
        int op = from + 1 < tokens.size() ? tokens.get(from + 1).getType() : Token.EOF;
        if (op == ScimFilterLexer.PR) {
            return 2;
        }
        int value = from + 2 < tokens.size() ? tokens.get(from + 2).getType() : Token.EOF;
        if (op >= ScimFilterLexer.EQ && op <= ScimFilterLexer.LE && value >= ScimFilterLexer.TRUE
                && value <= ScimFilterLexer.NUMBER) {
            return 3;
        }
        throw ScimException.invalidFilter("A sub-attribute after ']' must be compared: emails[type eq \"work\"].value eq \"...\"");
    }

    private static boolean endsAt(List<? extends Token> tokens, int type, int index) {
        return tokens.stream().anyMatch(t -> t.getType() == type && t.getStopIndex() == index);
    }

    private static boolean startsAt(List<? extends Token> tokens, int type, int index) {
        return tokens.stream().anyMatch(t -> t.getType() == type && t.getStartIndex() == index);
    }
}
