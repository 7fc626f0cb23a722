package io.shardedjdbc.merge;

import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.StatementAnalyzer;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming merge pulls rows from the parts only as the merged rows are read, and always closes the parts. */
class StreamingMergeTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer(
            t -> t.equals("t") ? new TableSpec("t", "id", "default", false, null) : null, 10);

    private ScatterShape shape(String sql) {
        ScatterShape s = analyzer.analyze(sql).scatter();
        assertNull(s.refusal(), sql);
        return s;
    }

    /** A part that counts the rows pulled from it and its closes, and can fail at a given row. */
    private static final class CountingPart implements RowSource {
        private final List<Object[]> rows;
        private final int failAt;
        int pulled;
        int closes;

        CountingPart(List<Object[]> rows, int failAt) {
            this.rows = rows;
            this.failAt = failAt;
        }

        CountingPart(List<Object[]> rows) {
            this(rows, -1);
        }

        @Override
        public Object[] next() throws SQLException {
            if (closes > 0) {
                throw new SQLException("pulled after close");
            }
            if (pulled == failAt) {
                throw new SQLException("connection lost", "08006");
            }
            if (pulled >= rows.size()) {
                return null;
            }
            return rows.get(pulled++);
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private static List<Object[]> rows(Object[]... rows) {
        return new ArrayList<>(Arrays.asList(rows));
    }

    /** Rows (id, name) with ids {@code part}, {@code part + parts}, ... below {@code total}: sorted by id. */
    private static List<CountingPart> interleaved(int parts, int total) {
        List<CountingPart> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<Object[]> rows = new ArrayList<>();
            for (long id = p; id < total; id += parts) {
                rows.add(new Object[]{id, "n" + id});
            }
            out.add(new CountingPart(rows));
        }
        return out;
    }

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("s" + i);
        }
        return out;
    }

    private RowSource stream(String sql, List<String> labels, List<CountingPart> parts, long limit, long offset)
            throws SQLException {
        return RowMerger.stream(shape(sql), labels, null, List.copyOf(parts), names(parts.size()), limit, offset);
    }

    private static int pulled(List<CountingPart> parts) {
        return parts.stream().mapToInt(p -> p.pulled).sum();
    }

    private static void assertAllClosedOnce(List<CountingPart> parts) {
        for (CountingPart p : parts) {
            assertEquals(1, p.closes, "every part closed exactly once");
        }
    }

    private static List<String> readAll(RowSource rows) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object[] r = rows.next(); r != null; r = rows.next()) {
            out.add(Arrays.toString(r));
        }
        return out;
    }

    @Test
    void orderedMergeHoldsOneRowPerPartAheadOfTheReader() throws SQLException {
        List<CountingPart> parts = interleaved(4, 4000);
        try (RowSource merged = stream("SELECT id, name FROM t ORDER BY id", List.of("id", "name"), parts, -1, 0)) {
            assertEquals(0, pulled(parts), "nothing is pulled before the first row is asked for");
            for (long k = 1; k <= 50; k++) {
                Object[] row = merged.next();
                assertEquals(k - 1, row[0]);
                assertTrue(pulled(parts) <= k + parts.size(), "after " + k + " rows: " + pulled(parts) + " pulled");
            }
            long expected = 50;
            for (Object[] row = merged.next(); row != null; row = merged.next()) {
                assertEquals(expected++, row[0]);
            }
            assertEquals(4000, expected);
            assertAllClosedOnce(parts);
        }
        assertAllClosedOnce(parts);
    }

    @Test
    void limitStopsPullingAndReleasesThePartsBeforeTheResultIsClosed() throws SQLException {
        List<CountingPart> parts = interleaved(3, 3000);
        try (RowSource merged = stream("SELECT id, name FROM t ORDER BY id LIMIT 5", List.of("id", "name"), parts,
                5, 0)) {
            assertEquals(List.of("[0, n0]", "[1, n1]", "[2, n2]", "[3, n3]", "[4, n4]"), readAll(merged));
            assertTrue(pulled(parts) <= 5 + parts.size(), pulled(parts) + " pulled");
            assertAllClosedOnce(parts);
        }
        assertAllClosedOnce(parts);
    }

    @Test
    void limitZeroPullsNothing() throws SQLException {
        List<CountingPart> parts = interleaved(2, 10);
        try (RowSource merged = stream("SELECT id, name FROM t ORDER BY id LIMIT 0", List.of("id", "name"), parts,
                0, 0)) {
            assertNull(merged.next());
            assertEquals(0, pulled(parts));
        }
        assertAllClosedOnce(parts);
    }

    @Test
    void offsetSkipsMergedRows() throws SQLException {
        List<CountingPart> parts = interleaved(4, 100);
        try (RowSource merged = stream("SELECT id, name FROM t ORDER BY id DESC LIMIT 3 OFFSET 10",
                List.of("id", "name"), reversed(parts), 3, 10)) {
            assertEquals(List.of("[89, n89]", "[88, n88]", "[87, n87]"), readAll(merged));
            assertTrue(pulled(parts) <= 13 + parts.size(), pulled(parts) + " pulled");
        }
        assertAllClosedOnce(parts);
    }

    /** The same parts' rows in descending order, counted on the originals. */
    private static List<CountingPart> reversed(List<CountingPart> parts) {
        for (CountingPart p : parts) {
            java.util.Collections.reverse(p.rows);
        }
        return parts;
    }

    @Test
    void hiddenSortColumnsAreDropped() throws SQLException {
        ScatterShape s = shape("SELECT name FROM t ORDER BY id");
        assertEquals(1, s.hiddenColumns());
        List<CountingPart> parts = List.of(
                new CountingPart(rows(new Object[]{"b", 1L}, new Object[]{"d", 3L})),
                new CountingPart(rows(new Object[]{"a", 2L})));
        try (RowSource merged = RowMerger.stream(s, List.of("name", "__sj_hidden_1"), null, List.copyOf(parts),
                names(2), -1, 0)) {
            assertEquals(List.of("[b]", "[a]", "[d]"), readAll(merged));
        }
        assertAllClosedOnce(parts);
    }

    @Test
    void nullsFirstOrLastAndDescendingKeysMergeAsPostgresSorts() throws SQLException {
        // ORDER BY v DESC (nulls first by default), id: each part sorted so.
        List<CountingPart> parts = List.of(
                new CountingPart(rows(new Object[]{1L, null}, new Object[]{3L, 5L}, new Object[]{2L, 1L})),
                new CountingPart(rows(new Object[]{4L, null}, new Object[]{5L, 7L}, new Object[]{6L, 1L})));
        try (RowSource merged = stream("SELECT id, v FROM t ORDER BY v DESC, id", List.of("id", "v"), parts, -1, 0)) {
            assertEquals(List.of("[1, null]", "[4, null]", "[5, 7]", "[3, 5]", "[2, 1]", "[6, 1]"), readAll(merged));
        }
        List<CountingPart> last = List.of(
                new CountingPart(rows(new Object[]{2L, "a"}, new Object[]{1L, null})),
                new CountingPart(rows(new Object[]{3L, "b"}, new Object[]{4L, null})));
        try (RowSource merged = stream("SELECT id, v FROM t ORDER BY v NULLS LAST, id DESC", List.of("id", "v"),
                last, -1, 0)) {
            assertEquals(List.of("[2, a]", "[3, b]", "[4, null]", "[1, null]"), readAll(merged));
        }
        List<CountingPart> first = List.of(
                new CountingPart(rows(new Object[]{1L, null}, new Object[]{2L, "b"})),
                new CountingPart(rows(new Object[]{3L, "a"})));
        try (RowSource merged = stream("SELECT id, v FROM t ORDER BY v ASC NULLS FIRST", List.of("id", "v"),
                first, -1, 0)) {
            assertEquals(List.of("[1, null]", "[3, a]", "[2, b]"), readAll(merged));
        }
    }

    @Test
    void closingEarlyClosesEveryPartOnce() throws SQLException {
        List<CountingPart> parts = interleaved(4, 400);
        RowSource merged = stream("SELECT id, name FROM t ORDER BY id", List.of("id", "name"), parts, -1, 0);
        assertEquals(0L, merged.next()[0]);
        merged.close();
        merged.close();
        assertAllClosedOnce(parts);
        assertTrue(pulled(parts) <= 1 + parts.size());
    }

    @Test
    void aPartFailingMidStreamFailsTheReadAndClosesEveryPart() throws SQLException {
        List<CountingPart> parts = new ArrayList<>(interleaved(3, 30));
        List<Object[]> rows = new ArrayList<>();
        for (long id = 100; id < 110; id++) {
            rows.add(new Object[]{id, "x"});
        }
        parts.add(new CountingPart(rows, 3));
        RowSource merged = stream("SELECT id, name FROM t ORDER BY id", List.of("id", "name"), parts, -1, 0);
        SQLException e = assertThrows(SQLException.class, () -> readAll(merged));
        assertEquals("08006", e.getSQLState());
        assertAllClosedOnce(parts);
        assertNull(merged.next(), "a failed merge has no more rows");
        merged.close();
        assertAllClosedOnce(parts);
    }

    @Test
    void emptyPartsAreSkippedAndClosed() throws SQLException {
        List<CountingPart> parts = List.of(new CountingPart(rows()),
                new CountingPart(rows(new Object[]{2L, "b"})), new CountingPart(rows()),
                new CountingPart(rows(new Object[]{1L, "a"})));
        try (RowSource merged = stream("SELECT id, name FROM t ORDER BY id", List.of("id", "name"), parts, -1, 0)) {
            assertEquals(List.of("[1, a]", "[2, b]"), readAll(merged));
        }
        assertAllClosedOnce(parts);
        List<CountingPart> none = List.of(new CountingPart(rows()), new CountingPart(rows()));
        try (RowSource merged = stream("SELECT id, name FROM t ORDER BY id", List.of("id", "name"), none, -1, 0)) {
            assertNull(merged.next());
        }
        assertAllClosedOnce(none);
        none = List.of(new CountingPart(rows()), new CountingPart(rows()));
        try (RowSource merged = stream("SELECT id, name FROM t", List.of("id", "name"), none, -1, 0)) {
            assertNull(merged.next());
        }
    }

    @Test
    void withoutOrderByThePartsFollowOneAnotherAndAreReadOnlyAsNeeded() throws SQLException {
        List<CountingPart> parts = interleaved(3, 30);
        try (RowSource merged = stream("SELECT id, name FROM t LIMIT 12 OFFSET 2", List.of("id", "name"), parts, 12,
                2)) {
            List<Object> ids = new ArrayList<>();
            for (Object[] r = merged.next(); r != null; r = merged.next()) {
                ids.add(r[0]);
            }
            assertEquals(List.of(6L, 9L, 12L, 15L, 18L, 21L, 24L, 27L, 1L, 4L, 7L, 10L), ids);
            assertEquals(0, parts.get(2).pulled, "the third part was never needed");
            assertEquals(14, pulled(parts));
        }
        assertAllClosedOnce(parts);
    }

    @Test
    void aPartOutOfTheMergeOrderIsRefusedRatherThanMisplaced() throws SQLException {
        List<CountingPart> parts = List.of(
                new CountingPart(rows(new Object[]{1L, "b"}, new Object[]{2L, "a"})),
                new CountingPart(rows(new Object[]{3L, "c"})));
        RowSource merged = stream("SELECT id, name FROM t ORDER BY name", List.of("id", "name"), parts, -1, 0);
        SQLException e = assertThrows(SQLException.class, () -> readAll(merged));
        assertEquals("SJ005", e.getSQLState());
        assertTrue(e.getMessage().contains("s0"), e.getMessage());
        assertAllClosedOnce(parts);
    }

    @Test
    void combinedRowsStreamIntoTheGroupsAndThePartsAreReleasedOnceRead() throws SQLException {
        List<CountingPart> parts = List.of(
                new CountingPart(rows(new Object[]{"eu", 2L}, new Object[]{"us", 1L})),
                new CountingPart(rows(new Object[]{"eu", 5L})),
                new CountingPart(rows()));
        RowSource merged = stream("SELECT region, count(*) FROM t GROUP BY region ORDER BY 2 DESC",
                List.of("region", "count"), parts, -1, 0);
        assertAllClosedOnce(parts);
        assertEquals(List.of("[eu, 7]", "[us, 1]"), readAll(merged));
        merged.close();
        assertAllClosedOnce(parts);
    }

    @Test
    void unsortedPartsAreSortedInMemoryByTheEagerMerge() throws SQLException {
        List<CountingPart> parts = List.of(
                new CountingPart(rows(new Object[]{1L, "b"}, new Object[]{2L, "a"})),
                new CountingPart(rows(new Object[]{3L, "c"})));
        try (RowSource merged = RowMerger.merge(shape("SELECT id, name FROM t ORDER BY name"), List.of("id", "name"),
                null, List.copyOf(parts), -1, 0)) {
            assertAllClosedOnce(parts);
            assertEquals(List.of("[2, a]", "[1, b]", "[3, c]"), readAll(merged));
        }
    }

    @Test
    void aSortKeyNamingNoColumnClosesThePartsBeforeFailing() {
        List<CountingPart> parts = interleaved(2, 4);
        SQLException e = assertThrows(SQLException.class, () -> stream("SELECT id, name FROM t ORDER BY name",
                List.of("id"), parts, -1, 0));
        assertEquals("SJ005", e.getSQLState());
        assertAllClosedOnce(parts);
    }
}
