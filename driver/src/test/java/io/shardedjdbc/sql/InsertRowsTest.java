package io.shardedjdbc.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InsertRowsTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);

    private InsertRows rows(String sql) {
        InsertRows rows = analyzer.analyze(sql).insertRows();
        assertNotNull(rows, sql);
        return rows;
    }

    @Test
    void splitsRowsAndKeepsConflictAndReturning() {
        InsertRows rows = rows("insert into users (user_id, name) values (?, ?), (?, ?), (5, 'x') "
                + "on conflict (user_id) do update set name = excluded.name || ? returning user_id");
        assertEquals(3, rows.rowCount());
        assertEquals(new KeyExpr.Param(3), rows.keyOf(1));
        assertEquals(new KeyExpr.Literal(5L), rows.keyOf(2));
        assertEquals("insert into users (user_id, name) values (5, 'x'), (?, ?) "
                        + "on conflict (user_id) do update set name = excluded.name || ? returning user_id",
                rows.sqlForRows(new int[] {2, 0}));
        assertArrayEquals(new int[] {1, 2, 5}, rows.parameterIndexesForRows(new int[] {2, 0}));
        assertArrayEquals(new int[] {3, 4, 1, 2, 5}, rows.parameterIndexesForRows(new int[] {1, 0}));
    }

    @Test
    void keepsParametersBeforeTheRows() {
        InsertRows rows = rows("with src as (select ?::text as v) insert into posts (title, user_id) "
                + "values ((select v from src), ?), (?, ?)");
        assertEquals("with src as (select ?::text as v) insert into posts (title, user_id) values (?, ?)",
                rows.sqlForRows(new int[] {1}));
        assertArrayEquals(new int[] {1, 3, 4}, rows.parameterIndexesForRows(new int[] {1}));
        assertArrayEquals(new int[] {1, 2}, rows.parameterIndexesForRows(new int[] {0}));
        assertEquals(new KeyExpr.Param(2), rows.keyOf(0));
    }

    @Test
    void rowTextWithParenthesesStringsAndCommentsStaysWhole() {
        String sql = "insert into likes (post_id, note) values (?, 'a), (b ?'), /* (x) */ (coalesce(?, 1), f(?, ?))";
        InsertRows rows = rows(sql);
        assertEquals(2, rows.rowCount());
        assertEquals("insert into likes (post_id, note) values (coalesce(?, 1), f(?, ?))",
                rows.sqlForRows(new int[] {1}));
        assertArrayEquals(new int[] {2, 3, 4}, rows.parameterIndexesForRows(new int[] {1}));
        assertEquals(sql.replace(", /* (x) */ ", ", "), rows.sqlForRows(new int[] {0, 1}));
        assertEquals(null, rows.keyOf(1));
    }

    @Test
    void singleRowAndHintSurvive() {
        InsertRows rows = rows("/* sharded: key=1 */ insert into users (user_id) values (?)");
        assertEquals(1, rows.rowCount());
        assertEquals("/* sharded: key=1 */ insert into users (user_id) values (?)", rows.sqlForRows(new int[] {0}));
        assertArrayEquals(new int[] {1}, rows.parameterIndexesForRows(new int[] {0}));
    }

    @Test
    void rejectsBadRowSelections() {
        InsertRows rows = rows("insert into users (user_id) values (1), (2)");
        assertThrows(IllegalArgumentException.class, () -> rows.sqlForRows(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> rows.sqlForRows(new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> rows.parameterIndexesForRows(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> rows.keyOf(5));
    }
}
