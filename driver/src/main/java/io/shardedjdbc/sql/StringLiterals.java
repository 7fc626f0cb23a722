package io.shardedjdbc.sql;

/** PostgreSQL string literal forms the parser does not read (E'...' escapes, dollar quotes), as plain literals. */
final class StringLiterals {

    private StringLiterals() {
    }

    static boolean needsRewrite(String sql, Token t) {
        char c = sql.charAt(t.start());
        return c == '$' || c == 'e' || c == 'E';
    }

    /** The value of an E'' or dollar-quoted literal token (an unterminated one: what the text holds). */
    static String value(String sql, Token t) {
        char c = sql.charAt(t.start());
        if (c == '$') {
            int tagEnd = sql.indexOf('$', t.start() + 1) + 1;
            String tag = sql.substring(t.start(), tagEnd);
            int bodyEnd = sql.startsWith(tag, t.end() - tag.length()) && t.end() - tag.length() >= tagEnd
                    ? t.end() - tag.length() : t.end();
            return sql.substring(tagEnd, bodyEnd);
        }
        int start = t.start() + 2;
        int end = t.end() > start && sql.charAt(t.end() - 1) == '\'' ? t.end() - 1 : t.end();
        return unescape(sql.substring(start, Math.max(start, end)));
    }

    /** Backslash escapes of E'' strings; any other escaped character stands for itself, as in PostgreSQL. */
    static String unescape(String body) {
        StringBuilder sb = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i++);
            if (c == '\'' && i < body.length() && body.charAt(i) == '\'') {
                sb.append('\'');
                i++;
            } else if (c != '\\' || i >= body.length()) {
                sb.append(c);
            } else {
                char e = body.charAt(i++);
                switch (e) {
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'x' -> i = appendCode(sb, body, i, 2, 16);
                    case 'u' -> i = appendCode(sb, body, i, 4, 16);
                    case 'U' -> i = appendCode(sb, body, i, 8, 16);
                    default -> {
                        if (e >= '0' && e <= '7') {
                            i = appendCode(sb, body, i - 1, 3, 8);
                        } else {
                            sb.append(e);
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    private static int appendCode(StringBuilder sb, String body, int from, int maxDigits, int radix) {
        int end = from;
        while (end < body.length() && end - from < maxDigits && Character.digit(body.charAt(end), radix) >= 0) {
            end++;
        }
        if (end == from) {
            sb.append(radix == 16 ? body.charAt(from - 1) : '\\');
            return from;
        }
        sb.appendCodePoint(Integer.parseInt(body.substring(from, end), radix));
        return end;
    }

    /** The value of a '...', E'...' or dollar-quoted literal; null for other forms (U&'', B'', X''). */
    static String plainValue(String sql, Token t) {
        if (needsRewrite(sql, t)) {
            return value(sql, t);
        }
        if (sql.charAt(t.start()) != '\'' || t.end() - t.start() < 2) {
            return null;
        }
        return sql.substring(t.start() + 1, t.end() - 1).replace("''", "'");
    }

    static void appendStandard(StringBuilder sb, String value) {
        sb.append('\'').append(value.replace("'", "''")).append('\'');
    }
}
