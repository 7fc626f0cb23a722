package io.shardedjdbc.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private static int[] params(String sql) {
        return SqlLexer.lex(sql).parameterOffsets();
    }

    @Test
    void findsOnlyRealParameters() {
        assertArrayEquals(new int[] {7, 10}, params("select ?, ?"));
        assertArrayEquals(new int[] {}, params("select '?', \"?\", $$?$$, $a$ ? $a$ /* ? /* ? */ ? */ -- ?"));
        assertArrayEquals(new int[] {19}, params("select E'\\'?' from ?"));
        assertArrayEquals(new int[] {}, params("select a ?? 'k', b ??| c, d ??& e"));
        assertArrayEquals(new int[] {9}, params("select a ?| 'k'"));
        assertArrayEquals(new int[] {}, params("select $1, $2"));
        assertArrayEquals(new int[] {16}, params("select 'it''s', ?"));
        assertArrayEquals(new int[] {}, params("select 'unterminated ?"));
    }

    @Test
    void tracksParenthesisDepth() {
        LexedSql lexed = SqlLexer.lex("insert into t (a) values ((1), 2)");
        int values = lexed.findTopLevelWord(0, "values");
        assertEquals(6, values);
        int open = values + 1;
        assertEquals(Token.Type.OPEN_PAREN, lexed.typeAt(open));
        assertEquals(lexed.tokens().size() - 1, lexed.matchingClose(open));
    }

    @Test
    void unescapesStringLiteralsForTheParser() {
        assertEquals("a'b\\c\n\u0041\u00e9", StringLiterals.unescape("a\\'b\\\\c\\n\\x41\\u00e9"));
        assertEquals("q", StringLiterals.unescape("\\q"));
        assertEquals("\u0007", StringLiterals.unescape("\\007"));
    }
}
