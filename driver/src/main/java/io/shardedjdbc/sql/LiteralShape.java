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

    private LiteralShape(String text, Object[] values) {
        this.text = text;
        this.values = values;
        int[] own = new int[values.length];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                own[i] = ++n;
            }
        }
        this.textParameters = own;
        this.textParameterCount = n;
    }

    /** The text with each slot a {@code ?}: what is analysed, and the key of the shape cache. */
    public String text() {
        return text;
    }

    /**
     * @return the value of the shape's parameter {@code index} (1-based) when it is a slot: Long or String, or an
     * {@code Object[]} of them for an {@code IN} list; else null
     */
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
            if (v instanceof Object[] list) {
                out.add(java.util.List.of(list));
            } else if (v != null) {
                out.add(v);
            }
        }
        return out.toArray();
    }

    /** @return the shape of a text that has at least one slot; null otherwise */
    public static LiteralShape of(String sql) {
        List<Token> tokens = SqlLexer.lex(sql).tokens();
        List<Object> values = new java.util.ArrayList<>(); // per shape parameter: a slot's value, or null for a ?
        StringBuilder shape = new StringBuilder(sql.length());
        int copied = 0;
        boolean slots = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Token.Type.ESCAPED_QUESTION_MARK) {
                return null; // pgjdbc rewrites "??" before sending: the text is not what the server gets
            }
            if (t.type() == Token.Type.PARAMETER) {
                values.add(null);
                continue;
            }
            int listEnd = slotList(sql, tokens, i);
            int kind = listEnd > 0 ? 1 : slotStart(sql, tokens, i);
            if (kind == 0) {
                continue;
            }
            int start = kind < 0 ? tokens.get(i - 1).start() : t.start(); // a signed number's slot starts at its sign
            if (listEnd > 0) {
                // IN (1, 2, 3): one slot holding the list, so that lists of any length share the shape
                List<Object> items = new java.util.ArrayList<>();
                for (int k = i; k < listEnd; k++) {
                    int itemKind = slotStart(sql, tokens, k);
                    if (itemKind != 0) {
                        items.add(value(sql, tokens.get(k), itemKind < 0));
                    }
                }
                values.add(items.toArray());
                copied = appendSlot(shape, sql, copied, start, tokens.get(listEnd - 1).end());
                i = listEnd - 1;
            } else {
                values.add(value(sql, t, kind < 0));
                copied = appendSlot(shape, sql, copied, start, t.end());
            }
            slots = true;
        }
        if (!slots) {
            return null;
        }
        return new LiteralShape(shape.append(sql, copied, sql.length()).toString(), values.toArray());
    }

    /** Copies the text up to the slot, then a {@code ?} for it; returns where the copy goes on. */
    private static int appendSlot(StringBuilder shape, String sql, int copied, int start, int end) {
        shape.append(sql, copied, start).append('?');
        return end;
    }

    /**
     * @return when token {@code i} opens the items of {@code IN (...)} and every item is a slot literal, the index
     * after the last item's last token; else 0
     */
    private static int slotList(String sql, List<Token> tokens, int i) {
        if (i < 2 || tokens.get(i - 1).type() != Token.Type.OPEN_PAREN || !tokens.get(i - 2).isWord(sql, "in")) {
            return 0;
        }
        int k = i;
        while (k < tokens.size()) {
            Token item = tokens.get(k);
            if (item.type() == Token.Type.SYMBOL && k + 1 < tokens.size()
                    && slotStart(sql, tokens, k + 1) < 0) {
                k++; // the sign of a signed item
                continue;
            }
            if (slotStart(sql, tokens, k) == 0) {
                return 0;
            }
            Token next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
            if (next == null) {
                return 0;
            }
            if (next.type() == Token.Type.CLOSE_PAREN) {
                return k + 1;
            }
            if (next.type() != Token.Type.COMMA) {
                return 0;
            }
            k += 2;
        }
        return 0;
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

    /** An IN list slot against the text's own key: its literals in order (a list of one: that literal). */
    private static boolean sameList(KeyExpr text, Object[] list) {
        if (list.length == 1) {
            return text instanceof KeyExpr.Literal l && list[0].equals(l.value());
        }
        if (!(text instanceof KeyExpr.InList in) || in.items().size() != list.length) {
            return false;
        }
        for (int i = 0; i < list.length; i++) {
            if (!(in.items().get(i) instanceof KeyExpr.Literal l) || !list[i].equals(l.value())) {
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
            if (own != 0) {
                return text instanceof KeyExpr.Param q && q.index() == own;
            }
            Object v = slots.values[p.index() - 1];
            if (v instanceof Object[] list) {
                return sameList(text, list);
            }
            return text instanceof KeyExpr.Literal l && v.equals(l.value());
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
