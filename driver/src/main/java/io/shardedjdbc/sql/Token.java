package io.shardedjdbc.sql;

/**
 * One lexical token of the statement text (comments and whitespace are not tokens).
 *
 * @param start offset of the first character
 * @param end   offset after the last character
 * @param depth parenthesis nesting at the token; an opening and its closing parenthesis carry the same depth
 */
record Token(Type type, int start, int end, int depth) {

    enum Type {
        /** Unquoted identifier or keyword. */
        WORD,
        /** Double-quoted identifier. */
        QUOTED_IDENTIFIER,
        /** String literal of any form, dollar-quoted included. */
        STRING,
        NUMBER,
        /** A JDBC parameter marker {@code ?}. */
        PARAMETER,
        /** {@code ??}: pgjdbc's escape for a literal {@code ?} operator character. */
        ESCAPED_QUESTION_MARK,
        OPEN_PAREN,
        CLOSE_PAREN,
        COMMA,
        SEMICOLON,
        DOT,
        /** Any other operator or punctuation character. */
        SYMBOL
    }

    String text(String sql) {
        return sql.substring(start, end);
    }

    boolean isWord(String sql, String lowerCaseWord) {
        return type == Type.WORD && end - start == lowerCaseWord.length()
                && sql.regionMatches(true, start, lowerCaseWord, 0, lowerCaseWord.length());
    }
}
