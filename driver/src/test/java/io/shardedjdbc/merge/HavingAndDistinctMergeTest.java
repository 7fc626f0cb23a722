package io.shardedjdbc.merge;

import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.StatementAnalyzer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAVING applied to the merged groups, and COUNT/SUM/AVG(DISTINCT x) computed exactly from the shards' rows grouped
 * by x too: the shard text the analysis writes, and the merge over rows as shards would return them.
 */
class HavingAndDistinctMergeTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer(
            t -> t.equals("t") ? new TableSpec("t", "id", "default", false, null) : null, 10);

    private ScatterShape shape(String sql) {
        ScatterShape s = analyzer.analyze(sql).scatter();
        assertNull(s.refusal(), sql);
        return s;
    }

    private String refusal(String sql) {
        ScatterShape s = analyzer.analyze(sql).scatter();
        assertNotNull(s.refusal(), sql);
        return s.refusal();
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static List<Object[]> part(Object[]... rows) {
        return Arrays.asList(rows);
    }

    private static List<String> merge(ScatterShape shape, int[] types, List<List<Object[]>> parts, long limit)
            throws SQLException {
        List<RowSource> sources = new ArrayList<>();
        parts.forEach(p -> sources.add(RowSource.of(p)));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < shape.aggregates().size(); i++) {
            labels.add("c" + i);
        }
        List<String> out = new ArrayList<>();
        try (RowSource merged = RowMerger.merge(shape, labels, types, sources, limit, 0)) {
            for (Object[] r = merged.next(); r != null; r = merged.next()) {
                out.add(Arrays.toString(r));
            }
        }
        return out;
    }

    @Test
    void shardsRunWithoutHavingAndReturnTheAggregatesAndParametersItReads() {
        ScatterShape s = shape("SELECT name, count(*) FROM t WHERE id > ? GROUP BY name"
                + " HAVING sum(x) > ? AND count(*) < 10 ORDER BY name LIMIT ?");
        assertEquals("SELECT name, count(*) , sum(x) AS \"__sj_hidden_1\" , CASE WHEN false THEN (sum(x)) ELSE ? END"
                + " AS \"__sj_hidden_2\" FROM t WHERE id > ? GROUP BY name  ORDER BY name ", s.shardSql());
        assertEquals("[2, 1]", Arrays.toString(s.shardParameters()));
        assertEquals(2, s.hiddenColumns());
        assertEquals(List.of(ScatterShape.Aggregate.NONE, ScatterShape.Aggregate.COUNT, ScatterShape.Aggregate.SUM,
                ScatterShape.Aggregate.PARAMETER), s.aggregates());
        assertEquals(3, s.limit().parameter());
    }

    @Test
    void havingFiltersTheMergedGroupsNotTheShardsParts() throws SQLException {
        ScatterShape s = shape("SELECT name, count(*) FROM t GROUP BY name HAVING count(*) >= 3 ORDER BY name");
        assertEquals("SELECT name, count(*) FROM t GROUP BY name  ORDER BY name", s.shardSql());
        List<List<Object[]>> parts = List.of(
                part(row("a", 2L), row("b", 1L), row("c", 5L)),
                part(row("a", 1L), row("b", 1L)));
        assertEquals(List.of("[a, 3]", "[c, 5]"), merge(s, null, parts, -1));
    }

    @Test
    void havingOnAnAggregateOutsideTheSelectListUsesAHiddenColumnTheMergeDrops() throws SQLException {
        ScatterShape s = shape("SELECT name FROM t GROUP BY name HAVING avg(x) > 2 OR max(x) IS NULL ORDER BY 1 LIMIT 2");
        assertEquals("SELECT name , avg(x) AS \"__sj_hidden_1\" , sum(x) AS \"__sj_hidden_2\" , count(x) AS"
                + " \"__sj_hidden_3\" , max(x) AS \"__sj_hidden_4\" FROM t GROUP BY name  ORDER BY 1 ", s.shardSql());
        int[] types = {Types.VARCHAR, Types.NUMERIC, Types.BIGINT, Types.BIGINT, Types.INTEGER};
        List<List<Object[]>> parts = List.of(
                part(row("a", new BigDecimal("1"), 1L, 1L, 1), row("b", null, null, 0L, null),
                        row("c", new BigDecimal("1"), 2L, 2L, 1)),
                part(row("a", new BigDecimal("5"), 5L, 1L, 5), row("c", new BigDecimal("3"), 3L, 1L, 3),
                        row("d", new BigDecimal("9"), 9L, 1L, 9)));
        // a: avg 3 passes; b: avg NULL, max NULL passes; c: avg 5/3 fails; d passes but LIMIT 2 cuts it
        assertEquals(List.of("[a]", "[b]"), merge(s, types, parts, 2));
    }

    @Test
    void havingUsesThreeValuedLogicAndKeepsOnlyTrueGroups() throws SQLException {
        ScatterShape s = shape("SELECT g, sum(x), min(x) FROM t GROUP BY g"
                + " HAVING NOT (sum(x) > 10) AND (min(x) <> 1 OR g IN ('a', 'q')) ORDER BY g");
        List<List<Object[]>> parts = List.of(
                part(row("a", 4L, 1), row("b", 3L, 2), row("n", null, null), row("z", 1L, 1)),
                part(row("a", 4L, 2), row("b", 9L, 2), row("m", 2L, null)));
        // a: 8, min 1, in list -> kept; b: 12 -> NOT true; n: NOT NULL -> dropped; z: min 1 not in list -> dropped;
        // m: min NULL <> 1 is NULL, g not in list: NULL -> dropped
        assertEquals(List.of("[a, 8, 1]"), merge(s, null, parts, -1));
        ScatterShape between = shape("SELECT g, count(*) FROM t GROUP BY g HAVING count(*) NOT BETWEEN 2 AND 3"
                + " AND g IS NOT NULL ORDER BY 2 DESC");
        assertEquals(List.of("[c, 5]", "[a, 1]"), merge(between, null, List.of(
                part(row("a", 1L), row("b", 2L), row(null, 7L)), part(row("c", 5L), row("b", 1L))), -1));
    }

    @Test
    void havingArithmeticAndLiteralsAreTypedAsPostgresTypesThem() throws SQLException {
        // integer division truncates: 7 / 2 = 3
        ScatterShape s = shape("SELECT g, count(*) FROM t GROUP BY g HAVING count(*) / 2 = 3 ORDER BY g");
        assertEquals(List.of("[a, 7]"), merge(s, null, List.of(part(row("a", 4L), row("b", 8L)),
                part(row("a", 3L))), -1));
        // a numeric literal makes it numeric: 7 / 2.0 = 3.5
        ScatterShape numeric = shape("SELECT g, count(*) FROM t GROUP BY g HAVING count(*) / 2.0 = 3.5 AND"
                + " count(*) > '6' ORDER BY g");
        assertEquals(List.of("[a, 7]"), merge(numeric, null, List.of(part(row("a", 7L), row("b", 6L))), -1));
        ScatterShape zero = shape("SELECT g, sum(x) FROM t GROUP BY g HAVING 1 / sum(x) > 0");
        SQLException e = assertThrows(SQLException.class, () -> merge(zero, null,
                List.of(part(row("a", 2L)), part(row("a", -2L))), -1));
        assertEquals("22012", e.getSQLState());
    }

    @Test
    void comparisonsTheMergeCannotMakeExactlyFailInsteadOfGuessing() {
        ScatterShape s = shape("SELECT g, max(at) FROM t GROUP BY g HAVING max(at) > '2020-01-01'");
        SQLException e = assertThrows(SQLException.class, () -> merge(s, null,
                List.of(part(row("a", java.sql.Timestamp.valueOf("2021-01-01 00:00:00")))), -1));
        assertEquals("SJ005", e.getSQLState());
    }

    @Test
    void anInListFollowedByOrIsOneConditionOfTheOr() throws SQLException {
        ScatterShape s = shape("SELECT g, count(*) FROM t GROUP BY g HAVING count(*) IN (1, 2) OR g = 'z' ORDER BY g");
        assertEquals(List.of("[a, 2]", "[z, 3]"), merge(s, null, List.of(
                part(row("a", 1L), row("b", 2L), row("z", 3L)), part(row("a", 1L), row("b", 1L))), -1));
    }

    @Test
    void havingTheMergeCannotEvaluateIsRefusedByName() {
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING count(*) > (SELECT 1)").contains("SELECT 1"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING length(g) > 1").contains("length(g)"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING string_agg(g, ',') = 'a'").contains("string_agg"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING count(*) > ? * 2").contains("parameter"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING count(*) % 2 = 0").contains("%"));
        assertTrue(refusal("SELECT 1 FROM t HAVING count(*) > 1").contains("HAVING without GROUP BY"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING sum(x) FILTER (WHERE x > 0) > 1").contains("HAVING"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING avg(x + ?) > 1").contains("AVG"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g HAVING sum(x * ?) > 1").contains("parameter"));
        assertTrue(refusal("SELECT g FROM t GROUP BY g ORDER BY sum(x * ?)").contains("parameter"));
    }

    @Test
    void shardParametersFollowTheMarkersInTheShardTextWithHavingsParametersInTheSelectList() {
        ScatterShape s = shape("SELECT g, sum(x * ?) FROM t WHERE y = ? GROUP BY g HAVING count(*) > ? ORDER BY g"
                + " LIMIT ?");
        assertEquals("SELECT g, sum(x * ?) , count(*) AS \"__sj_hidden_1\" , CASE WHEN false THEN (count(*)) ELSE ? END"
                + " AS \"__sj_hidden_2\" FROM t WHERE y = ? GROUP BY g  ORDER BY g ", s.shardSql());
        assertEquals("[1, 3, 2]", Arrays.toString(s.shardParameters()));
        assertTrue(refusal("SELECT g, sum(x * ?) FROM t GROUP BY g HAVING sum(x * ?) > 1").contains("parameter"));
    }

    @Test
    void havingWithoutGroupByFiltersTheOneRow() throws SQLException {
        ScatterShape s = shape("SELECT count(*), sum(x) FROM t HAVING count(*) > ?");
        assertEquals("SELECT count(*), sum(x) , CASE WHEN false THEN (count(*)) ELSE ? END AS \"__sj_hidden_1\" FROM t ",
                s.shardSql());
        assertEquals(List.of("[3, 6]"), merge(s, null, List.of(part(row(1L, 2L, 2L)),
                part(row(2L, 4L, 2L))), -1));
        assertEquals(List.of(), merge(s, null, List.of(part(row(1L, 2L, 5L)),
                part(row(2L, 4L, 5L))), -1));
    }

    @Test
    void countDistinctGroupsTheShardsByTheArgumentAndCountsEachValueOnce() throws SQLException {
        ScatterShape s = shape("SELECT g, count(DISTINCT x), count(*) FROM t GROUP BY g ORDER BY g");
        assertEquals("SELECT g, count(DISTINCT x), count(*) , x AS \"__sj_hidden_1\" FROM t GROUP BY g, 4 ORDER BY g",
                s.shardSql());
        List<List<Object[]>> parts = List.of(
                part(row("a", 1L, 2L, 10), row("a", 1L, 1L, 11), row("a", 0L, 3L, null), row("b", 0L, 1L, null)),
                part(row("a", 1L, 5L, 10), row("a", 1L, 1L, 12), row("c", 1L, 1L, 10)));
        assertEquals(List.of("[a, 3, 12]", "[b, 0, 1]", "[c, 1, 1]"), merge(s, null, parts, -1));
    }

    @Test
    void distinctAggregatesWithoutGroupByAddOneAndStillReturnOneRowOverNoRows() throws SQLException {
        ScatterShape s = shape("SELECT count(DISTINCT x), sum(DISTINCT x), avg(DISTINCT x), count(*), max(y) FROM t"
                + " WHERE y > 0");
        assertEquals("SELECT count(DISTINCT x), sum(DISTINCT x), avg(DISTINCT x), count(*), max(y) , x AS"
                + " \"__sj_hidden_1\" FROM t WHERE y > 0 GROUP BY 6", s.shardSql());
        int[] types = {Types.BIGINT, Types.BIGINT, Types.NUMERIC, Types.BIGINT, Types.INTEGER, Types.INTEGER};
        List<List<Object[]>> parts = List.of(
                part(row(1L, 1L, new BigDecimal("1"), 2L, 5, 1), row(1L, 2L, new BigDecimal("2"), 1L, 3, 2)),
                part(row(1L, 2L, new BigDecimal("2"), 4L, 9, 2), row(0L, null, null, 1L, 4, null)));
        assertEquals(List.of("[2, 3, 1.5000000000000000, 8, 9]"), merge(s, types, parts, -1));
        assertEquals(List.of("[0, null, null, 0, null]"), merge(s, types, List.of(part(), part()), -1));
    }

    @Test
    void distinctArgumentsAreSharedAndHavingCanUseThem() throws SQLException {
        ScatterShape s = shape("SELECT g, count(DISTINCT x) AS n FROM t GROUP BY g HAVING count(DISTINCT x) > 1"
                + " AND sum(DISTINCT x) < 100 ORDER BY n DESC, g");
        assertEquals("SELECT g, count(DISTINCT x) AS n , x AS \"__sj_hidden_1\" , sum(DISTINCT x) AS"
                + " \"__sj_hidden_2\" FROM t GROUP BY g, 3  ORDER BY n DESC, g", s.shardSql());
        List<List<Object[]>> parts = List.of(
                part(row("a", 1L, 1, 1L), row("a", 1L, 2, 2L), row("b", 1L, 50, 50L), row("c", 1L, 1, 1L)),
                part(row("a", 1L, 2, 2L), row("b", 1L, 60, 60L), row("c", 1L, 1, 1L)));
        assertEquals(List.of("[a, 2]"), merge(s, null, parts, -1));
    }

    @Test
    void distinctFloatingPointSumsAddInAscendingOrder() throws SQLException {
        ScatterShape s = shape("SELECT sum(DISTINCT f), avg(DISTINCT f) FROM t");
        int[] types = {Types.DOUBLE, Types.DOUBLE, Types.DOUBLE};
        // in arrival order 1e16 - 1e16 + 1 is 1; ascending, -1e16 + 1 rounds back to -1e16 and the sum is 0
        List<List<Object[]>> parts = List.of(part(row(1e16, 1e16, 1e16), row(-1e16, -1e16, -1e16)),
                part(row(1.0, 1.0, 1.0), row(1e16, 1e16, 1e16)));
        assertEquals(List.of("[0.0, 0.0]"), merge(s, types, parts, -1));
    }

    @Test
    void orderByAnAggregateOutsideTheSelectListTravelsHidden() throws SQLException {
        ScatterShape s = shape("SELECT g FROM t GROUP BY g ORDER BY sum(x) DESC, g LIMIT 2");
        assertEquals("SELECT g , sum(x) AS \"__sj_hidden_1\" FROM t GROUP BY g ORDER BY sum(x) DESC, g ",
                s.shardSql());
        assertEquals(List.of("[b]", "[a]"), merge(s, null, List.of(part(row("a", 3L), row("b", 2L)),
                part(row("b", 5L), row("c", 1L))), 2));
    }
}
