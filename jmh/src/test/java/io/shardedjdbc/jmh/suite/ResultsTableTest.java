package io.shardedjdbc.jmh.suite;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passes merge into one row without hiding how each pass compared; the suite's filters select what they say. */
class ResultsTableTest {

    private static ResultsTable.Pass ops(double score, double error, double bytes) {
        return new ResultsTable.Pass(score, error, "ops/s", true, bytes, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void passesMergeIntoMeansAndTheLargestError() {
        ResultsTable.Pass merged = ResultsTable.Pass.merge(List.of(ops(100, 5, 1000), ops(300, 20, 3000)));
        assertEquals(200, merged.score(), 1e-9);
        assertEquals(20, merged.error(), 1e-9);
        assertEquals(2000, merged.allocation(), 1e-9);
        assertNull(ResultsTable.Pass.merge(null));
        ResultsTable.Pass one = ops(7, Double.NaN, Double.NaN);
        assertEquals(one, ResultsTable.Pass.merge(List.of(one)));
    }

    @Test
    void eachPassKeepsItsOwnRatio() {
        List<ResultsTable.Pass> sharded = List.of(ops(90, 1, 0), ops(110, 1, 0));
        List<ResultsTable.Pass> direct = List.of(ops(100, 1, 0), ops(100, 1, 0));
        assertEquals("1.00x (0.90x, 1.10x)", ResultsTable.ratios(sharded, direct));
        assertEquals("0.90x", ResultsTable.ratios(sharded.subList(0, 1), direct.subList(0, 1)));
        assertEquals("n/a", ResultsTable.ratios(sharded, null));
    }

    @Test
    void timeRatiosAreSpeedsToo() {
        ResultsTable.Pass fast = new ResultsTable.Pass(2, 0, "ms/op", false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        ResultsTable.Pass slow = new ResultsTable.Pass(3, 0, "ms/op", false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        assertEquals("1.50x", ResultsTable.speedRatio(fast, slow));
    }

    @Test
    void includeNarrowsEveryGroupPatternToNamesThatMatchBoth() {
        List<String> narrowed = Suite.narrowed(List.of("io\\.shardedjdbc\\.jmh\\.PointOpsBenchmark\\."), "EightThreads");
        Pattern p = Pattern.compile(narrowed.get(0));
        assertTrue(p.matcher("io.shardedjdbc.jmh.PointOpsBenchmark.EightThreads.batchInsert").find());
        assertFalse(p.matcher("io.shardedjdbc.jmh.PointOpsBenchmark.OneThread.batchInsert").find());
        assertFalse(p.matcher("io.shardedjdbc.jmh.ScatterPeersBenchmark.EightThreads").find());
        assertEquals(List.of("a"), Suite.narrowed(List.of("a"), null));
    }

    @Test
    void theIncludeOptionIsParsedAndABadPatternRefused() {
        SuiteOptions options = SuiteOptions.parse(List.of("--include", "batch", "--out", "x"));
        assertEquals("batch", options.include());
        assertEquals(Path.of("x"), options.out());
        assertNull(SuiteOptions.parse(List.of()).include());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuiteOptions.parse(List.of("--include", "(")));
        assertTrue(e.getMessage().startsWith("--include:"), e.getMessage());
    }
}
