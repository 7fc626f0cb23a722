package io.shardedjdbc.jmh.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite's smoke pass, run by the build: every benchmark in the jar runs one short iteration against real
 * servers (a local fleet the suite starts), so a benchmark that no longer sets up, checks its answers or runs fails
 * the build. Nothing here judges speed.
 */
class SuiteSmokeTest {

    @Test
    void everyBenchmarkRunsOnceAndTheTablesAreWritten(@TempDir Path out) throws Exception {
        Suite.Outcome outcome = Suite.run(new SuiteOptions(SuiteOptions.Length.SMOKE, null, null, null, out, null), "--smoke");

        Set<String> listed = new TreeSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())) {
            listed.add(entry.getUsername());
        }
        Set<String> ran = new TreeSet<>();
        for (RunResult r : outcome.results()) {
            ran.add(r.getParams().getBenchmark());
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + " "
                    + r.getParams().id() + " scored " + score);
        }
        assertFalse(listed.isEmpty(), "the benchmark list is empty: the annotation processor did not run");
        assertEquals(listed, ran, "benchmarks listed in the jar vs benchmarks the smoke pass ran");

        String md = Files.readString(outcome.markdown());
        assertTrue(Files.exists(out.resolve("results.json")), "results.json written");
        for (String sideBySide : List.of("PointOpsBenchmark.OneThread.pointSelect", "PointOpsBenchmark.EightThreads.batchInsert",
                "PointOpsBenchmark.EightThreads.batchInsertAtomic",
                "ScatterPeersBenchmark.topTen", "FirstResultBenchmark.firstResult")) {
            String row = md.lines().filter(line -> line.contains(sideBySide)).findFirst().orElse("");
            assertTrue(row.matches(".*\\| [0-9.]+x \\| [0-9.]+x \\|.*"), "both ratios of " + sideBySide
                    + " in the table: '" + row + "'");
        }
        if (Files.exists(Path.of("/proc/stat"))) {
            String cpuRow = "\\| `PointOpsBenchmark\\.OneThread\\.pointSelect` \\| [0-9.,]+ / [0-9.,]+ / [0-9.,]+ \\| [0-9.]+x \\|.*";
            assertTrue(md.lines().anyMatch(line -> line.matches(cpuRow)),
                    "the point SELECT's row of the CPU table:\n" + md);
        }
    }
}
