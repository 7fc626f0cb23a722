package io.shardedjdbc.itest.scatter;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle's own judgement, without servers: what counts as equal, and that differences are caught. */
class ResultComparisonTest {

    private static ResultTable table(List<String> labels, List<Integer> types, List<List<String>> rows) {
        return new ResultTable(labels, types, rows);
    }

    private static ResultTable twoColumns(List<List<String>> rows) {
        return table(List.of("tier", "account_id"), List.of(Types.INTEGER, Types.BIGINT), rows);
    }

    @Test
    void numericsCompareByValueNotScale() throws SQLException {
        assertEquals(CellValue.canonical(new BigDecimal("5.00")), CellValue.canonical(new BigDecimal("5")));
        assertEquals(CellValue.canonical(new BigDecimal("0.00")), CellValue.canonical(BigDecimal.ZERO));
        assertEquals(CellValue.canonical(new BigDecimal("1E+2")), CellValue.canonical(new BigDecimal("100.0")));
        assertNotEquals(CellValue.canonical(new BigDecimal("0.3333333333333333")),
                CellValue.canonical(new BigDecimal("0.33333333333333333333")));
    }

    @Test
    void typesAndInstantsAreKept() throws SQLException {
        assertNotEquals(CellValue.canonical(5L), CellValue.canonical(5));
        assertNotEquals(CellValue.canonical(null), CellValue.canonical("NULL"));
        Instant at = Instant.parse("2021-03-04T05:06:07.123456Z");
        assertEquals(CellValue.canonical(Timestamp.from(at)),
                CellValue.canonical(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(3))));
        assertEquals("array:[Long:1,NULL]", CellValue.canonical(new Long[]{1L, null}));
    }

    @Test
    void totalOrderComparesPositions() {
        ResultTable ref = twoColumns(List.of(List.of("a", "1"), List.of("b", "2")));
        ResultTable swapped = twoColumns(List.of(List.of("b", "2"), List.of("a", "1")));
        assertTrue(ResultComparison.diff(ref, ref, Ordering.TOTAL).isEmpty());
        String diff = ResultComparison.diff(ref, swapped, Ordering.TOTAL).orElseThrow();
        assertTrue(diff.contains("row 0"), diff);
        assertTrue(ResultComparison.diff(ref, swapped, Ordering.NONE).isEmpty());
    }

    @Test
    void multisetsCountDuplicates() {
        ResultTable ref = twoColumns(List.of(List.of("a", "1"), List.of("a", "1"), List.of("b", "2")));
        ResultTable other = twoColumns(List.of(List.of("a", "1"), List.of("b", "2"), List.of("b", "2")));
        assertTrue(ResultComparison.diff(ref, other, Ordering.NONE).isPresent());
        ResultTable shorter = twoColumns(List.of(List.of("a", "1"), List.of("b", "2")));
        String diff = ResultComparison.diff(ref, shorter, Ordering.NONE).orElseThrow();
        assertTrue(diff.contains("reference 3 rows, sharded 2 rows"), diff);
    }

    @Test
    void orderKeysMustBeInOrderWhileTiesMayNot() {
        ResultTable ref = twoColumns(List.of(List.of("1", "a"), List.of("1", "b"), List.of("2", "c")));
        ResultTable tiesSwapped = twoColumns(List.of(List.of("1", "b"), List.of("1", "a"), List.of("2", "c")));
        ResultTable keysOutOfOrder = twoColumns(List.of(List.of("1", "a"), List.of("2", "c"), List.of("1", "b")));
        assertTrue(ResultComparison.diff(ref, tiesSwapped, Ordering.keys(1)).isEmpty());
        assertTrue(ResultComparison.diff(ref, keysOutOfOrder, Ordering.keys(1)).isPresent());
    }

    @Test
    void labelsAndTypesMustAgree() {
        ResultTable ref = twoColumns(List.of());
        ResultTable relabelled = table(List.of("tier", "id"), List.of(Types.INTEGER, Types.BIGINT), List.of());
        ResultTable retyped = table(List.of("tier", "account_id"), List.of(Types.BIGINT, Types.BIGINT), List.of());
        assertTrue(ResultComparison.diff(ref, relabelled, Ordering.NONE).orElseThrow().contains("labels"));
        assertTrue(ResultComparison.diff(ref, retyped, Ordering.NONE).orElseThrow().contains("types"));
    }

    @Test
    void mustMatchNamesKnownCategoriesOnly() {
        assertEquals(Set.of(Category.SINGLE, Category.ORDER), OracleSettings.mustMatch(" single, ORDER ,"));
        assertTrue(OracleSettings.mustMatch("").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> OracleSettings.mustMatch("ORDERS"));
        assertThrows(IllegalArgumentException.class, () -> OracleSettings.mustMatch("MUST_REFUSE"));
    }

    @Test
    void reportFailsOnWrongAnswersRefusedMustMatchAndAnsweredMustRefuse() {
        OracleQuery single = new OracleQuery("SINGLE-01", Category.SINGLE, Ordering.TOTAL, "SELECT 1", List.of());
        OracleQuery refuse = new OracleQuery("MUST_REFUSE-01", Category.MUST_REFUSE, Ordering.NONE, "SELECT 2", List.of());
        OracleQuery plain = new OracleQuery("PLAIN-01", Category.PLAIN, Ordering.NONE, "SELECT 3", List.of());
        List<Outcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < OracleReport.MIN_QUERIES; i++) {
            outcomes.add(new Outcome(plain, Outcome.Kind.REFUSED, "SJ005 no key"));
        }
        assertTrue(new OracleReport(1, outcomes, Set.of(Category.SINGLE)).failures().isEmpty());
        assertEquals(1, new OracleReport(1, outcomes, Set.of(Category.PLAIN)).failures().size() / OracleReport.MIN_QUERIES);
        outcomes.add(new Outcome(single, Outcome.Kind.REFUSED, "SJ005 no key"));
        outcomes.add(new Outcome(refuse, Outcome.Kind.MATCH, "1 rows"));
        outcomes.add(new Outcome(plain, Outcome.Kind.WRONG, "row 0 differs"));
        List<String> failures = new OracleReport(1, outcomes, Set.of(Category.SINGLE)).failures();
        assertEquals(3, failures.size(), String.join("\n", failures));
        assertTrue(new OracleReport(1, outcomes.subList(0, 10), Set.of()).failures().get(0).contains("fewer than"));
    }
}
