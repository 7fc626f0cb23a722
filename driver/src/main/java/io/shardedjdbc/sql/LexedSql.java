package io.shardedjdbc.sql;

import java.util.List;

/**
 * The statement text cut into tokens, with the comments that carry hints.
 *
 * @param parameterOffsets offset of each JDBC parameter, in textual (= JDBC index) order
 * @param hintComments     bodies of the comments that start with {@code sharded:}, without that prefix
 */
record LexedSql(String sql, List<Token> tokens, int[] parameterOffsets, List<String> hintComments) {

    /** @return the index of the first token at or after {@code from} that is the given word at depth 0, or -1 */
    int findTopLevelWord(int from, String lowerCaseWord) {
        for (int i = from; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() == 0 && t.isWord(sql, lowerCaseWord)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the parenthesis closing the one at {@code openIndex}, or -1 when it is unbalanced */
    int matchingClose(int openIndex) {
        int depth = tokens.get(openIndex).depth();
        for (int i = openIndex + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Token.Type.CLOSE_PAREN && t.depth() == depth) {
                return i;
            }
        }
        return -1;
    }

    boolean isWordAt(int index, String lowerCaseWord) {
        return index >= 0 && index < tokens.size() && tokens.get(index).isWord(sql, lowerCaseWord);
    }

    Token.Type typeAt(int index) {
        return index >= 0 && index < tokens.size() ? tokens.get(index).type() : null;
    }
}
