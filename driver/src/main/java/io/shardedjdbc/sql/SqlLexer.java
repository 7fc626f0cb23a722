package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts PostgreSQL statement text into tokens the way pgjdbc and the server see it: a {@code ?} inside a string
 * literal, a quoted identifier, a dollar-quoted string or a comment is not a parameter, and {@code ??} is the escaped
 * form of a literal question-mark operator ({@code ??|}, {@code ??&}, {@code ??}). Never fails: unterminated
 * literals and comments run to the end of the text, and the parser reports the error.
 */
final class SqlLexer {

    private static final String HINT_PREFIX = "sharded:";

    private final String sql;
    private final int length;
    private final List<Token> tokens = new ArrayList<>();
    private final List<String> hintComments = new ArrayList<>(1);
    private int[] parameterOffsets = new int[8];
    private int parameterCount;
    private int depth;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    static LexedSql lex(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.run();
        return new LexedSql(sql, List.copyOf(lexer.tokens),
                Arrays.copyOf(lexer.parameterOffsets, lexer.parameterCount), List.copyOf(lexer.hintComments));
    }

    private void run() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                lineComment();
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else if (c == '\'') {
                quoted(pos, '\'', false, Token.Type.STRING);
            } else if (c == '"') {
                quoted(pos, '"', false, Token.Type.QUOTED_IDENTIFIER);
            } else if (c == '$' && dollarQuote()) {
                // consumed
            } else if (c == '?') {
                if (peek(1) == '?') {
                    add(Token.Type.ESCAPED_QUESTION_MARK, pos, pos + 2);
                    pos += 2;
                } else {
                    if (parameterCount == parameterOffsets.length) {
                        parameterOffsets = Arrays.copyOf(parameterOffsets, parameterCount * 2);
                    }
                    parameterOffsets[parameterCount++] = pos;
                    add(Token.Type.PARAMETER, pos, pos + 1);
                    pos++;
                }
            } else if (isIdentifierStart(c)) {
                word();
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                number();
            } else {
                symbol(c);
            }
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < length ? sql.charAt(i) : '\0';
    }

    private void add(Token.Type type, int start, int end) {
        tokens.add(new Token(type, start, end, depth));
    }

    private void lineComment() {
        int start = pos + 2;
        int end = sql.indexOf('\n', start);
        end = end < 0 ? length : end;
        hintBody(start, end);
        pos = end;
    }

    private void blockComment() {
        int start = pos + 2;
        int nesting = 1;
        int i = start;
        while (i < length && nesting > 0) {
            char c = sql.charAt(i);
            if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                nesting++;
                i += 2;
            } else if (c == '*' && i + 1 < length && sql.charAt(i + 1) == '/') {
                nesting--;
                i += 2;
            } else {
                i++;
            }
        }
        int bodyEnd = nesting == 0 ? i - 2 : length;
        hintBody(start, bodyEnd);
        pos = i;
    }

    private void hintBody(int start, int end) {
        int s = start;
        while (s < end && Character.isWhitespace(sql.charAt(s))) {
            s++;
        }
        if (end - s >= HINT_PREFIX.length() && sql.regionMatches(true, s, HINT_PREFIX, 0, HINT_PREFIX.length())) {
            hintComments.add(sql.substring(s + HINT_PREFIX.length(), end));
        }
    }

    /** A quoted run where the quote character doubled stands for itself; E'' strings also escape with backslash. */
    private void quoted(int tokenStart, char quote, boolean backslashEscapes, Token.Type type) {
        int i = pos + 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < length && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    i++;
                    break;
                }
            } else {
                i++;
            }
        }
        i = Math.min(i, length);
        add(type, tokenStart, i);
        pos = i;
    }

    /** {@code $tag$ ... $tag$}; a {@code $} not opening a dollar quote is a symbol ({@code $1}). */
    private boolean dollarQuote() {
        int i = pos + 1;
        if (i < length && (isIdentifierStart(sql.charAt(i)))) {
            while (i < length && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
        }
        if (i >= length || sql.charAt(i) != '$') {
            return false;
        }
        String tag = sql.substring(pos, i + 1);
        int close = sql.indexOf(tag, i + 1);
        int end = close < 0 ? length : close + tag.length();
        add(Token.Type.STRING, pos, end);
        pos = end;
        return true;
    }

    private void word() {
        int start = pos;
        int i = pos + 1;
        while (i < length && isIdentifierPart(sql.charAt(i))) {
            i++;
        }
        // E'...' (and e'...') strings treat backslash as an escape; other prefixes (B, X, N, U&) do not.
        if (i < length && sql.charAt(i) == '\'' && i - start == 1 && (sql.charAt(start) == 'e' || sql.charAt(start) == 'E')) {
            pos = i;
            quoted(start, '\'', true, Token.Type.STRING);
            return;
        }
        add(Token.Type.WORD, start, i);
        pos = i;
    }

    private void number() {
        int start = pos;
        int i = pos;
        while (i < length) {
            char c = sql.charAt(i);
            boolean exponentSign = (c == '+' || c == '-') && i > start
                    && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E');
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
                i++;
            } else {
                break;
            }
        }
        add(Token.Type.NUMBER, start, i);
        pos = i;
    }

    private void symbol(char c) {
        switch (c) {
            case '(' -> {
                add(Token.Type.OPEN_PAREN, pos, pos + 1);
                depth++;
            }
            case ')' -> {
                depth = Math.max(0, depth - 1);
                add(Token.Type.CLOSE_PAREN, pos, pos + 1);
            }
            case ',' -> add(Token.Type.COMMA, pos, pos + 1);
            case ';' -> add(Token.Type.SEMICOLON, pos, pos + 1);
            case '.' -> add(Token.Type.DOT, pos, pos + 1);
            default -> add(Token.Type.SYMBOL, pos, pos + 1);
        }
        pos++;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 0x7f;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
    }
}
