package io.shardedjdbc.jmh.suite;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per operation, for the whole machine and for the benchmark's JVM, as secondary results of every
 * iteration: {@value #MACHINE} (µs of all cores per op: client, servers and kernel), {@value #CLIENT} (µs of this
 * JVM per op) and {@value #IDLE} (% of the machine's cores idle during the iteration).
 *
 * <p>Why: where the client and the servers share the cores, and those cores are busy, throughput is the machine's
 * CPU divided by the CPU one operation costs. CPU per operation is then the steadier comparison: it does not
 * follow what else the host did during one trial, and it says whether a difference is the client's or the servers'.
 * Idle time above a few percent means the run was not CPU-bound, and the throughput ratio is the one to read.
 *
 * <p>The machine's figures come from {@code /proc/stat} (Linux only; elsewhere only the JVM's figure is given).
 * Steal time, CPU the hypervisor gave to other guests, is left out. The last of several measurement iterations
 * is not measured: JMH runs the trial's tear-down (closing pools and data sources) inside it, and that time, mostly
 * idle, would be charged to the operations. It reports the mean of the trial's other measurement iterations, since
 * JMH would count a missing result as 0.
 */
public final class CpuProfiler implements InternalProfiler {
    static final String MACHINE = "cpu.machine.norm";
    static final String CLIENT = "cpu.client.norm";
    static final String IDLE = "cpu.idle";
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final com.sun.management.OperatingSystemMXBean os;
    private MachineTicks machineBefore;
    private long processBefore;
    /** The figures of this trial's measurement iterations so far. */
    private final List<Map<String, Double>> earlier = new ArrayList<>();

    public CpuProfiler() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
    }

    @Override
    public String getDescription() {
        return "CPU time per operation: the whole machine (Linux /proc/stat) and this JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        machineBefore = MachineTicks.read(PROC_STAT);
        processBefore = processCpuNanos();
    }

    @Override
    public List<Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                       IterationResult result) {
        long process = processCpuNanos();
        MachineTicks machine = MachineTicks.read(PROC_STAT);
        long ops = result.getMetadata().getAllOps();
        boolean measurement = iterationParams.getType() == IterationType.MEASUREMENT;
        if (!measurement) {
            earlier.clear();
        } else if (iterationParams.getCount() > 1 && earlier.size() == iterationParams.getCount() - 1) {
            // JMH averages over every iteration and counts a missing result as 0: the last one repeats the mean
            List<Result> mean = meanOfEarlier();
            earlier.clear();
            return mean;
        }
        List<Result> out = new ArrayList<>();
        if (ops <= 0) {
            return out;
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        if (process >= 0 && processBefore >= 0) {
            figures.put(CLIENT, (process - processBefore) / 1e3 / ops);
        }
        if (machine != null && machineBefore != null) {
            MachineTicks used = machine.minus(machineBefore);
            figures.put(MACHINE, used.busy() * MachineTicks.MICROS_PER_TICK / ops);
            long all = used.busy() + used.idle();
            if (all > 0) {
                figures.put(IDLE, 100.0 * used.idle() / all);
            }
        }
        if (measurement && iterationParams.getCount() > 1) {
            earlier.add(figures);
        }
        figures.forEach((label, value) -> out.add(result(label, value)));
        return out;
    }

    private List<Result> meanOfEarlier() {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map<String, Double> figures : earlier) {
            figures.forEach((label, value) -> {
                double[] sum = sums.computeIfAbsent(label, k -> new double[2]);
                sum[0] += value;
                sum[1]++;
            });
        }
        List<Result> out = new ArrayList<>();
        sums.forEach((label, sum) -> out.add(result(label, sum[0] / sum[1])));
        return out;
    }

    private static ScalarResult result(String label, double value) {
        return new ScalarResult(label, value, label.equals(IDLE) ? "%" : "us/op", AggregationPolicy.AVG);
    }

    private long processCpuNanos() {
        return os == null ? -1 : os.getProcessCpuTime();
    }

    /**
     * The first line of {@code /proc/stat}: ticks of all cores since boot, busy and idle.
     *
     * @param busy user, nice, system, irq and softirq (guest time is inside user)
     * @param idle idle and iowait
     */
    record MachineTicks(long busy, long idle) {
        /** USER_HZ is 100 on every Linux architecture the JDK runs on: a tick is 10 ms. */
        static final double MICROS_PER_TICK = 10_000;

        /** Null where the file does not exist or does not read as expected. */
        static MachineTicks read(Path procStat) {
            try (var lines = Files.lines(procStat)) {
                return lines.findFirst().map(MachineTicks::parse).orElse(null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static MachineTicks parse(String cpuLine) {
            String[] f = cpuLine.trim().split("\\s+");
            if (f.length < 8 || !f[0].equals("cpu")) {
                return null;
            }
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            return new MachineTicks(user + nice + system + irq + softirq, idle + iowait);
        }

        MachineTicks minus(MachineTicks earlier) {
            return new MachineTicks(busy - earlier.busy, idle - earlier.idle);
        }
    }
}
