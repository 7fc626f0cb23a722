package io.shardedjdbc.jmh.suite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The machine's ticks are read as Linux writes them, and an iteration that burns CPU reports it per operation. */
class CpuProfilerTest {
    private static final IterationParams ONE_MEASUREMENT =
            new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);

    @Test
    void theCpuLineSplitsIntoBusyAndIdleWithoutSteal() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuProfiler.MachineTicks t = CpuProfiler.MachineTicks.parse("cpu  100 2 30 500 7 1 4 900 0 0");
        assertEquals(100 + 2 + 30 + 1 + 4, t.busy());
        assertEquals(500 + 7, t.idle());
        assertNull(CpuProfiler.MachineTicks.parse("cpu0 1 2 3 4 5 6 7"));
        CpuProfiler.MachineTicks later = CpuProfiler.MachineTicks.parse("cpu  150 2 40 510 7 1 4 900 0 0");
        assertEquals(new CpuProfiler.MachineTicks(60, 10), later.minus(t));
    }

    @Test
    void aMissingOrStrangeFileGivesNoMachineFigures(@TempDir Path dir) throws Exception {
        assertNull(CpuProfiler.MachineTicks.read(dir.resolve("absent")));
        Path odd = Files.writeString(dir.resolve("stat"), "intr 1 2 3\n");
        assertNull(CpuProfiler.MachineTicks.read(odd));
    }

    @Test
    void anIterationThatBurnsCpuReportsItPerOperation() {
        CpuProfiler profiler = new CpuProfiler();
        profiler.beforeIteration(null, null);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        int ops = 1000;
        Map<String, Double> out = profiler.afterIteration(null, ONE_MEASUREMENT,
                        new IterationResult(null, null, new IterationResultMetaData(ops, ops))).stream()
                .collect(Collectors.toMap(Result::getLabel, Result::getScore));
        // 300 ms of this thread's CPU over 1000 operations: at least 300 µs each (ticks are 10 ms apart)
        assertTrue(out.get(CpuProfiler.CLIENT) >= 300, out + " " + sink);
        if (Files.exists(Path.of("/proc/stat"))) {
            assertTrue(out.get(CpuProfiler.MACHINE) >= 250, out.toString());
            assertTrue(out.get(CpuProfiler.IDLE) >= 0 && out.get(CpuProfiler.IDLE) <= 100, out.toString());
        }
    }

    @Test
    void theLastOfSeveralMeasurementIterationsRepeatsTheMeanOfTheOthers() {
        CpuProfiler profiler = new CpuProfiler();
        IterationParams warmup = new IterationParams(IterationType.WARMUP, 2, TimeValue.seconds(1), 1);
        IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 3, TimeValue.seconds(1), 1);
        for (int trial = 0; trial < 2; trial++) {
            List<Map<String, Double>> reported = new ArrayList<>();
            for (IterationParams iteration : List.of(warmup, warmup, measurement, measurement, measurement)) {
                profiler.beforeIteration(null, iteration);
                reported.add(profiler.afterIteration(null, iteration,
                                new IterationResult(null, null, new IterationResultMetaData(10, 10))).stream()
                        .collect(Collectors.toMap(Result::getLabel, Result::getScore)));
            }
            Map<String, Double> last = reported.get(4);
            double client = (reported.get(2).get(CpuProfiler.CLIENT) + reported.get(3).get(CpuProfiler.CLIENT)) / 2;
            assertEquals(client, last.get(CpuProfiler.CLIENT), 1e-9, "trial " + trial + ": " + reported);
            if (Files.exists(Path.of("/proc/stat"))) {
                double machine = (reported.get(2).get(CpuProfiler.MACHINE) + reported.get(3).get(CpuProfiler.MACHINE)) / 2;
                assertEquals(machine, last.get(CpuProfiler.MACHINE), 1e-9, reported.toString());
            }
        }
    }

    @Test
    void theCpuRatioReadsLikeASpeed() {
        ResultsTable.Pass cheap = cpu(5_000);
        ResultsTable.Pass dear = cpu(6_000);
        assertEquals("1.20x", ResultsTable.cpuRatio(cheap, dear));
        assertEquals("n/a", ResultsTable.cpuRatio(cheap, cpu(Double.NaN)));
        ResultsTable.Pass merged = ResultsTable.Pass.merge(List.of(cheap, dear));
        assertEquals(5_500, merged.machineCpu(), 1e-9);
    }

    private static ResultsTable.Pass cpu(double machine) {
        return new ResultsTable.Pass(100, 1, "ops/s", true, Double.NaN, machine, machine / 10, 1);
    }
}
