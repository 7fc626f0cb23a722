package io.shardedjdbc.merge;

import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.StatementAnalyzer;
import io.shardedjdbc.config.TableSpec;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The merge rules on rows as shards would return them for shapes the analyzer computed from real SQL. */
class RowMergerTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer(
            t -> t.equals("t") ? new TableSpec("t", "id", "default", false, null) : null, 10);

    private ScatterShape shape(String sql) {
        ScatterShape s = analyzer.analyze(sql).scatter();
        assertNull(s.refusal(), sql);
        return s;
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static List<Object[]> part(Object[]... rows) {
        return Arrays.asList(rows);
    }

    /** Merges in-memory parts and reads the whole merged result. */
    private static List<Object[]> merge(ScatterShape shape, List<String> labels, int[] types,
                                        List<List<Object[]>> parts, long limit, long offset) throws SQLException {
        List<RowSource> sources = new ArrayList<>();
        parts.forEach(p -> sources.add(RowSource.of(p)));
        List<Object[]> out = new ArrayList<>();
        try (RowSource merged = RowMerger.merge(shape, labels, types, sources, limit, offset)) {
            for (Object[] r = merged.next(); r != null; r = merged.next()) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<String> render(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(Arrays.toString(r)));
        return out;
    }

    @Test
    void ordersAcrossShardsWithNullsWhereThePostgresDefaultsPutThem() throws SQLException {
        List<List<Object[]>> parts = List.of(
                part(row(1L, "b"), row(4L, null)),
                part(row(2L, "a"), row(3L, "c")));
        assertEquals(List.of("[2, a]", "[1, b]", "[3, c]", "[4, null]"),
                render(merge(shape("SELECT id, name FROM t ORDER BY name"), List.of("id", "name"), null, parts, -1, 0)));
        assertEquals(List.of("[4, null]", "[3, c]", "[1, b]", "[2, a]"),
                render(merge(shape("SELECT id, name FROM t ORDER BY 2 DESC"), List.of("id", "name"), null, parts, -1, 0)));
        assertEquals(List.of("[1, b]", "[3, c]"), render(merge(
                shape("SELECT id, name FROM t ORDER BY name NULLS FIRST LIMIT 2 OFFSET 2"), List.of("id", "name"),
                null, parts, 2, 2)));
    }

    @Test
    void numbersOfDifferentClassesAndScalesCompareByValue() throws SQLException {
        List<List<Object[]>> parts = List.of(part(row(new BigDecimal("2.50"))), part(row(new BigDecimal("10"))),
                part(row(new BigDecimal("-1.0"))));
        assertEquals(List.of("[10]", "[2.50]", "[-1.0]"),
                render(merge(shape("SELECT v FROM t ORDER BY v DESC"), List.of("v"), null, parts, -1, 0)));
    }

    @Test
    void aggregatesWithoutGroupByCombineIntoOneRow() throws SQLException {
        List<List<Object[]>> parts = List.of(
                part(row(3L, new BigDecimal("1.50"), 7, "m", true)),
                part(row(0L, null, null, null, null)),
                part(row(2L, new BigDecimal("-0.50"), 2, "z", false)));
        assertEquals(List.of("[5, 1.00, 2, z, false]"), render(merge(
                shape("SELECT count(*), sum(amount), min(tier), max(name), bool_and(active) FROM t"),
                List.of("count", "sum", "min", "max", "bool_and"), null, parts, -1, 0)));
    }

    @Test
    void groupsMergeByTheirKeysThenSortAndLimit() throws SQLException {
        List<List<Object[]>> parts = List.of(
                part(row("eu", 2L, 10L), row("us", 1L, 5L)),
                part(row("eu", 1L, 1L), row(null, 4L, 4L)),
                part(row("ap", 3L, 30L)));
        assertEquals(List.of("[null, 4, 4]", "[eu, 3, 11]", "[ap, 3, 30]"), render(merge(
                shape("SELECT region, count(*) AS n, sum(x) FROM t GROUP BY region ORDER BY n DESC, 3 LIMIT 3"),
                List.of("region", "n", "sum"), null, parts, 3, 0)));
    }

    @Test
    void averagesComeFromTheShardsSumsAndCountsWithPostgresScale() throws SQLException {
        ScatterShape s = shape("SELECT region, avg(tier), avg(score) FROM t GROUP BY region");
        assertEquals("SELECT region, avg(tier), avg(score) , sum(tier) AS \"__sj_hidden_1\" , count(tier) AS"
                + " \"__sj_hidden_2\" , sum(score) AS \"__sj_hidden_3\" , count(score) AS \"__sj_hidden_4\" FROM t"
                + " GROUP BY region", s.shardSql());
        int[] types = {java.sql.Types.VARCHAR, java.sql.Types.NUMERIC, java.sql.Types.DOUBLE, java.sql.Types.BIGINT,
                java.sql.Types.BIGINT, java.sql.Types.DOUBLE, java.sql.Types.BIGINT};
        List<List<Object[]>> parts = List.of(
                part(row("eu", new BigDecimal("1.5"), 2.0, 3L, 2L, 4.0, 2L)),
                part(row("eu", new BigDecimal("2"), 0.5, 2L, 1L, 0.5, 1L), row("us", null, null, null, 0L, null, 0L)));
        List<Object[]> merged = merge(s, List.of("region", "avg", "avg", "a", "b", "c", "d"), types, parts,
                -1, 0);
        assertEquals(List.of("[eu, 1.6666666666666667, 1.5]", "[us, null, null]"), render(merged));
        assertEquals(16, ((BigDecimal) merged.get(0)[1]).scale(), "16 significant digits, as PostgreSQL prints");
        assertEquals(new BigDecimal("1234.5000000000000000"),
                NumericDivision.divide(new BigDecimal("2469"), BigDecimal.valueOf(2)));
        assertEquals(new BigDecimal("0.33333333333333333333"),
                NumericDivision.divide(BigDecimal.ONE, BigDecimal.valueOf(3)));
    }

    @Test
    void distinctRemovesDuplicatesAcrossShards() throws SQLException {
        List<List<Object[]>> parts = List.of(
                part(row("a", new BigDecimal("1.0")), row("b", new BigDecimal("2"))),
                part(row("a", new BigDecimal("1.00")), row("c", new BigDecimal("3"))));
        assertEquals(List.of("[a, 1.0]", "[b, 2]", "[c, 3]"), render(merge(
                shape("SELECT DISTINCT name, v FROM t ORDER BY 1"), List.of("name", "v"), null, parts, -1, 0)));
    }

    @Test
    void sortKeysOutsideTheSelectListTravelAsHiddenColumnsAndAreDropped() throws SQLException {
        ScatterShape s = shape("SELECT name FROM t WHERE id > ? ORDER BY lower(name) DESC, id LIMIT 2");
        assertEquals("SELECT name , lower(name) AS \"__sj_hidden_1\" , id AS \"__sj_hidden_2\" FROM t WHERE id > ?"
                + " ORDER BY lower(name) DESC, id  LIMIT 2", s.shardSql());
        assertEquals(2, s.hiddenColumns());
        List<List<Object[]>> parts = List.of(
                part(row("B", "b", 2L), row("a", "a", 1L)),
                part(row("b", "b", 1L)));
        assertEquals(List.of("[b]", "[B]"), render(merge(s, List.of("name", "__sj_hidden_1", "__sj_hidden_2"),
                null, parts, 2, 0)));
    }

    @Test
    void shardsGetLimitPlusOffsetOrNoLimitWhenRowsCombine() {
        ScatterShape plain = shape("SELECT id FROM t ORDER BY id LIMIT 10 OFFSET ? /* sharded: consistency=strong */");
        assertEquals("SELECT id FROM t ORDER BY id  LIMIT 10 + CAST(? AS bigint) /* sharded: consistency=strong */",
                plain.shardSql());
        assertEquals("[1]", Arrays.toString(plain.shardParameters()));
        ScatterShape grouped = shape("SELECT name, count(*) FROM t WHERE id > ? GROUP BY name LIMIT ?");
        assertEquals("SELECT name, count(*) FROM t WHERE id > ? GROUP BY name ", grouped.shardSql());
        assertEquals("[1]", Arrays.toString(grouped.shardParameters()));
        assertEquals(2, grouped.limit().parameter());
        ScatterShape fetch = shape("SELECT id FROM t ORDER BY id OFFSET 5 ROWS FETCH FIRST 3 ROWS ONLY");
        assertEquals("SELECT id FROM t ORDER BY id  LIMIT 3 + 5", fetch.shardSql());
    }
}
