package io.shardedjdbc.sql;

import java.util.List;
import java.util.Objects;

/**
 * A statement text with its value literals taken out: {@code SELECT * FROM t WHERE id = 42} becomes the shape
 * {@code SELECT * FROM t WHERE id = ?} with 42 in slot 1. Texts that differ only in those values share one analysis
 * of their shape, and routing reads the key from the slot as it reads a bound parameter; the text itself, literals
 * and all, is what the server gets.
 *
 * <p>Only literals in a value position become slots: right after a comparison or assignment ({@code =}, {@code <},
 * {@code >} and the operators ending in them), an opening parenthesis or a comma. Integer literals that fit a
 * bigint (with a minus sign right after such a position, the sign included) and plain single-quoted strings without
 * a backslash; everything else stays in the shape, so that a literal whose value changes what the statement is
 * keeps it: {@code LIMIT 5}, {@code ORDER BY 2}, {@code DATE '2026-01-01'}, {@code INTERVAL '1 day'},
 * {@code E'...'}, numbers with a fraction or an exponent. The text's own {@code ?} markers stay parameters of the
 * shape, numbered with the slots in textual order.
 */
public final class LiteralShape {
    private final String text;
    /** Per parameter of the shape: the slot's value, or null where the shape's parameter is one of the text's. */
    private final Object[] values;
    /** Per parameter of the shape: the text's own parameter it is (1-based), or 0 for a slot. */
    private final int[] textParameters;
    private final int textParameterCount;

    private LiteralShape(String text, Object[] values, int[] textParameters, int textParameterCount) {
        this.text = text;
        this.values = values;
        this.textParameters = textParameters;
        this.textParameterCount = textParameterCount;
    }

    /** The text with each slot a {@code ?}: what is analysed, and the key of the shape cache. */
    public String text() {
        return text;
    }

    /** @return the value of the shape's parameter {@code index} (1-based) when it is a slot: Long or String; else null */
    public Object slotValue(int index) {
        return values[index - 1];
    }

    /** @return the text's own parameter that the shape's parameter {@code index} is (1-based), or 0 for a slot */
    public int textParameter(int index) {
        return textParameters[index - 1];
    }

    /** @return the number of {@code ?} markers of the text itself (those the application binds) */
    public int textParameterCount() {
        return textParameterCount;
    }

    /** Slot values in textual order (test view). */
    Object[] slotValues() {
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (Object v : values) {
            if (v != null) {
                out.add(v);
            }
        }
        return out.toArray();
    }

    /** @return the shape of a text that has at least one slot; null otherwise */
    public static LiteralShape of(String sql) {
        LexedSql lexed = SqlLexer.lex(sql);
        List<Token> tokens = lexed.tokens();
        int slots = 0;
        int parameters = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token.Type type = tokens.get(i).type();
            if (type == Token.Type.ESCAPED_QUESTION_MARK) {
                return null; // pgjdbc rewrites "??" before sending: the text is not what the server gets
            }
            if (type == Token.Type.PARAMETER) {
                parameters++;
            } else if (slotStart(sql, tokens, i) != 0) {
                slots++;
            }
        }
        if (slots == 0) {
            return null;
        }
        Object[] values = new Object[slots + parameters];
        int[] textParameters = new int[slots + parameters];
        StringBuilder shape = new StringBuilder(sql.length());
        int copied = 0;
        int n = 0;
        int parameter = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Token.Type.PARAMETER) {
                textParameters[n++] = ++parameter;
                continue;
            }
            int kind = slotStart(sql, tokens, i);
            if (kind != 0) {
                // a signed number's slot starts at its sign
                int start = kind < 0 ? tokens.get(i - 1).start() : t.start();
                values[n++] = value(sql, t, kind < 0);
                shape.append(sql, copied, start).append('?');
                copied = t.end();
            }
        }
        shape.append(sql, copied, sql.length());
        return new LiteralShape(shape.toString(), values, textParameters, parameters);
    }

    /**
     * @return 0 when token {@code i} is not a slot, 1 when it is, -1 when it is a number whose slot includes the minus
     * sign before it ({@code hits > -5}: the sign directly follows a value position)
     */
    static int slotStart(String sql, List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (t.type() == Token.Type.NUMBER) {
            if (!digitsOnly(sql, t) || !fitsLong(sql, t) || i == 0) {
                return 0;
            }
            Token before = tokens.get(i - 1);
            if (i >= 2 && before.type() == Token.Type.SYMBOL && sql.charAt(before.start()) == '-'
                    && valuePosition(sql, tokens.get(i - 2))) {
                // the slot runs from the sign to the digits: only blanks may be between them, never a comment
                // (a hint there would vanish from the shape)
                return sql.substring(before.end(), t.start()).isBlank() ? -1 : 0;
            }
            return valuePosition(sql, before) ? 1 : 0;
        }
        if (t.type() != Token.Type.STRING || t.end() - t.start() < 2 || sql.charAt(t.start()) != '\''
                || sql.charAt(t.end() - 1) != '\'' || i == 0) {
            return 0;
        }
        if (!closedPlainString(sql, t)) {
            return 0;
        }
        Token before = tokens.get(i - 1);
        if (before.end() == t.start() && before.type() == Token.Type.WORD) {
            return 0; // a prefix glued to the string: E'..', B'..', X'..', U&'..' are other literals
        }
        return valuePosition(sql, before) ? 1 : 0;
    }

    /** After a comparison or assignment operator, an opening parenthesis or a comma. */
    private static boolean valuePosition(String sql, Token before) {
        return switch (before.type()) {
            case OPEN_PAREN, COMMA -> true;
            case SYMBOL -> {
                char c = sql.charAt(before.start());
                yield c == '=' || c == '<' || c == '>';
            }
            default -> false;
        };
    }

    /** ASCII digits only: Java would read other scripts' digits, PostgreSQL does not. */
    private static boolean digitsOnly(String sql, Token t) {
        for (int p = t.start(); p < t.end(); p++) {
            char c = sql.charAt(p);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A string the lexer closed, without a backslash: between its quotes only doubled quotes (the lexer runs an
     * unterminated string to the end of the text, and {@code 'abc''} ends in an escaped quote, not a closing one).
     */
    private static boolean closedPlainString(String sql, Token t) {
        for (int p = t.start() + 1; p < t.end() - 1; p++) {
            char c = sql.charAt(p);
            if (c == '\\') {
                return false;
            }
            if (c == '\'') {
                if (p + 1 >= t.end() - 1 || sql.charAt(p + 1) != '\'') {
                    return false;
                }
                p++;
            }
        }
        return true;
    }

    private static boolean fitsLong(String sql, Token t) {
        int length = t.end() - t.start();
        if (length < 19) {
            return true;
        }
        try {
            Long.parseLong(sql, t.start(), t.end(), 10);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Object value(String sql, Token t, boolean negative) {
        if (t.type() == Token.Type.NUMBER) {
            long v = Long.parseLong(sql, t.start(), t.end(), 10);
            return negative ? -v : v;
        }
        return sql.substring(t.start() + 1, t.end() - 1).replace("''", "'");
    }

    /**
     * Whether the shape's analysis places every text of the shape as the text's own analysis would: checked once,
     * on the first text of a shape, before its plan is shared. Both analyses must agree on what the statement is and
     * which tables it touches, and each key the text's analysis found as a literal must be the shape's slot holding
     * that value. Statements whose plan depends on more than keys are never shared: session commands, statements
     * with effects on the session, column-less INSERTs (placed by the server's column order), partitions still
     * being learnt, key changes and anything the parser rejects.
     */
    static boolean sharesRouting(StatementPlan text, StatementPlan shape, LiteralShape slots) {
        StatementKind kind = text.kind();
        if (kind != StatementKind.SELECT && kind != StatementKind.INSERT && kind != StatementKind.UPDATE
                && kind != StatementKind.DELETE) {
            return false;
        }
        if (shape.kind() != kind || text.isRead() != shape.isRead() || text.error() != null || shape.error() != null
                || !text.session().none() || !shape.session().none() || text.changesShardKey()
                || shape.changesShardKey() || text.writes().columnsOf() != null || shape.writes().columnsOf() != null
                || !text.unknownTables().isEmpty() || !shape.unknownTables().isEmpty()
                || text.hintError() != null || shape.hintError() != null
                || !Objects.equals(text.hint(), shape.hint()) || !text.tables().equals(shape.tables())
                || text.touchesBroadcast() != shape.touchesBroadcast()
                || text.writes().keylessInsert() != shape.writes().keylessInsert()) {
            return false;
        }
        List<TableKey> a = text.shardedTables();
        List<TableKey> b = shape.shardedTables();
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).table() != b.get(i).table() || !sameKey(a.get(i).key(), b.get(i).key(), slots)) {
                return false;
            }
        }
        InsertRows ra = text.insertRows();
        InsertRows rb = shape.insertRows();
        if (ra == null || rb == null) {
            return ra == rb;
        }
        if (ra.rowCount() != rb.rowCount()) {
            return false;
        }
        for (int row = 0; row < ra.rowCount(); row++) {
            if (!sameKey(ra.keyOf(row), rb.keyOf(row), slots)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameKey(KeyExpr text, KeyExpr shape, LiteralShape slots) {
        if (text == null || shape == null) {
            return text == shape;
        }
        if (shape instanceof KeyExpr.Param p) {
            if (p.index() < 1 || p.index() > slots.values.length) {
                return false;
            }
            int own = slots.textParameters[p.index() - 1];
            return own == 0 ? text instanceof KeyExpr.Literal l && slots.values[p.index() - 1].equals(l.value())
                    : text instanceof KeyExpr.Param q && q.index() == own;
        }
        if (shape instanceof KeyExpr.AnyArray a) {
            return text instanceof KeyExpr.AnyArray t && a.index() >= 1 && a.index() <= slots.values.length
                    && slots.textParameters[a.index() - 1] == t.index();
        }
        if (shape instanceof KeyExpr.Literal l) {
            return text instanceof KeyExpr.Literal t && Objects.equals(t.value(), l.value());
        }
        if (shape instanceof KeyExpr.InList s && text instanceof KeyExpr.InList t) {
            if (s.items().size() != t.items().size()) {
                return false;
            }
            for (int i = 0; i < s.items().size(); i++) {
                if (!sameKey(t.items().get(i), s.items().get(i), slots)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
