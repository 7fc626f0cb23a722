package io.shardedjdbc.jmh.suite;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown of a suite run. Benchmarks with a {@code peer} parameter become one row per benchmark (and other
 * parameters) with the three peers side by side and two ratios; the rest are listed with score and allocation.
 * Ratios are speeds: 1.00 is as fast as the other, 0.95 is 5% slower, 2.00 twice as fast, whether JMH measured
 * throughput (higher is better) or time (lower is better).
 *
 * <p>A row measured in several passes (the full suite runs the side-by-side benchmarks twice, the peers in opposite
 * orders) shows each peer's mean over the passes, the largest of the passes' errors, and each pass's ratio after
 * the ratio of the means: a ratio that depends on the order shows as two different numbers.
 */
final class ResultsTable {
    static final String PEER = "peer";
    private static final String PREFIX = "io.shardedjdbc.jmh.";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private ResultsTable() {
    }

    static String render(Collection<RunResult> results) {
        Map<String, Map<String, List<Pass>>> byPeer = new LinkedHashMap<>();
        List<RunResult> alone = new ArrayList<>();
        for (RunResult r : results) {
            String peer = r.getParams().getParamsKeys().contains(PEER) ? r.getParams().getParam(PEER) : null;
            if (peer == null) {
                alone.add(r);
            } else {
                byPeer.computeIfAbsent(label(r.getParams(), true), k -> new LinkedHashMap<>())
                        .computeIfAbsent(peer, k -> new ArrayList<>()).add(Pass.of(r));
            }
        }
        StringBuilder md = new StringBuilder();
        if (!byPeer.isEmpty()) {
            md.append("""

                    | side by side (same servers, same rows) | unit | direct | sharded-jdbc | ShardingSphere | \
                    sharded / direct | sharded / ShardingSphere | B/op direct / sharded / ShardingSphere |
                    |---|---|---:|---:|---:|---:|---:|---:|
                    """);
            byPeer.forEach((label, peers) -> md.append(sideBySide(label, peers)));
            md.append("\nRatios are speeds: above 1.00 sharded-jdbc is faster, below it slower.");
            if (byPeer.values().stream().anyMatch(peers -> peers.values().stream().anyMatch(p -> p.size() > 1))) {
                md.append(" Rows measured in several passes, the peers in opposite orders, show the means over the"
                        + " passes and, in parentheses, each pass's ratio.");
            }
            md.append('\n');
            md.append(cpuTable(byPeer));
        }
        if (!alone.isEmpty()) {
            md.append("""

                    | benchmark | score | unit | B/op |
                    |---|---:|---|---:|
                    """);
            for (RunResult r : alone) {
                Pass p = Pass.of(r);
                md.append("| ").append(label(r.getParams(), false)).append(" | ").append(scoreWithError(p))
                        .append(" | ").append(p.unit()).append(" | ").append(allocation(p)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String sideBySide(String label, Map<String, List<Pass>> peers) {
        Pass direct = Pass.merge(peers.get("direct"));
        Pass sharded = Pass.merge(peers.get("sharded"));
        Pass other = Pass.merge(peers.get("shardingsphere"));
        Pass any = Pass.merge(peers.values().iterator().next());
        return "| " + label + " | " + any.unit()
                + " | " + score(direct) + " | " + score(sharded) + " | " + score(other)
                + " | " + ratios(peers.get("sharded"), peers.get("direct"))
                + " | " + ratios(peers.get("sharded"), peers.get("shardingsphere"))
                + " | " + allocation(direct) + " / " + allocation(sharded) + " / " + allocation(other) + " |\n";
    }

    /** The CPU per operation of the side-by-side rows that {@link CpuProfiler} measured; empty when none did. */
    private static String cpuTable(Map<String, Map<String, List<Pass>>> byPeer) {
        StringBuilder md = new StringBuilder();
        byPeer.forEach((label, peers) -> {
            Pass direct = Pass.merge(peers.get("direct"));
            Pass sharded = Pass.merge(peers.get("sharded"));
            Pass other = Pass.merge(peers.get("shardingsphere"));
            if (Double.isNaN(cpu(sharded, Pass::machineCpu))) {
                return;
            }
            md.append("| ").append(label)
                    .append(" | ").append(triple(direct, sharded, other, Pass::machineCpu))
                    .append(" | ").append(cpuRatio(sharded, direct))
                    .append(" | ").append(triple(direct, sharded, other, Pass::clientCpu))
                    .append(" | ").append(triple(direct, sharded, other, Pass::idle)).append(" |\n");
        });
        if (md.length() == 0) {
            return "";
        }
        return """

                | CPU per operation (all passes) | machine µs/op: direct / sharded-jdbc / ShardingSphere | \
                direct / sharded machine CPU | client JVM µs/op: direct / sharded-jdbc / ShardingSphere | \
                idle %: direct / sharded-jdbc / ShardingSphere |
                |---|---:|---:|---:|---:|
                """ + md + """

                Machine CPU is every core's busy time (client, servers, kernel) per operation; its ratio reads like a \
                speed (above 1.00 sharded-jdbc costs the machine less). Where idle stays near 0 the run is CPU-bound \
                and that ratio is the steadier estimate of the speed ratio.
                """;
    }

    private static double cpu(Pass p, java.util.function.ToDoubleFunction<Pass> value) {
        return p == null ? Double.NaN : value.applyAsDouble(p);
    }

    private static String triple(Pass a, Pass b, Pass c, java.util.function.ToDoubleFunction<Pass> value) {
        return cpuNumber(cpu(a, value)) + " / " + cpuNumber(cpu(b, value)) + " / " + cpuNumber(cpu(c, value));
    }

    private static String cpuNumber(double v) {
        return Double.isNaN(v) ? "-" : number(v);
    }

    /** {@code b}'s machine CPU per operation over {@code a}'s: above 1 {@code a} costs less. */
    static String cpuRatio(Pass a, Pass b) {
        double ca = cpu(a, Pass::machineCpu);
        double cb = cpu(b, Pass::machineCpu);
        if (!(ca > 0) || !(cb > 0)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", cb / ca);
    }

    /** The ratio of the means, then each pass's own ratio when both peers ran the same passes. */
    static String ratios(List<Pass> a, List<Pass> b) {
        String ratio = speedRatio(Pass.merge(a), Pass.merge(b));
        if (a == null || b == null || a.size() < 2 || a.size() != b.size()) {
            return ratio;
        }
        List<String> each = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            each.add(speedRatio(a.get(i), b.get(i)));
        }
        return ratio + " (" + String.join(", ", each) + ")";
    }

    /** How much faster {@code a} is than {@code b}: above 1 faster, below 1 slower; "n/a" without both. */
    static String speedRatio(Pass a, Pass b) {
        if (a == null || b == null) {
            return "n/a";
        }
        double sa = a.score();
        double sb = b.score();
        if (sa <= 0 || sb <= 0 || Double.isNaN(sa) || Double.isNaN(sb)) {
            return "n/a";
        }
        double ratio = a.throughput() ? sa / sb : sb / sa;
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /**
     * One peer's result of one row in one pass of the suite, or several passes merged.
     *
     * @param allocation bytes allocated per operation, NaN when not measured
     * @param machineCpu µs of all cores per operation ({@link CpuProfiler}), NaN when not measured
     * @param clientCpu  µs of the benchmark's JVM per operation, NaN when not measured
     * @param idle       % of the machine idle during the iterations, NaN when not measured
     */
    record Pass(double score, double error, String unit, boolean throughput, double allocation, double machineCpu,
                double clientCpu, double idle) {

        static Pass of(RunResult r) {
            Result<?> p = r.getPrimaryResult();
            return new Pass(p.getScore(), p.getScoreError(), p.getScoreUnit(),
                    r.getParams().getMode() == Mode.Throughput, secondary(r, ALLOCATION),
                    secondary(r, CpuProfiler.MACHINE), secondary(r, CpuProfiler.CLIENT), secondary(r, CpuProfiler.IDLE));
        }

        private static double secondary(RunResult r, String label) {
            Result<?> s = r.getSecondaryResults().get(label);
            return s == null ? Double.NaN : s.getScore();
        }

        /** Several passes as one: the means of every figure but the error, and the largest error; null for none. */
        static Pass merge(List<Pass> passes) {
            if (passes == null || passes.isEmpty()) {
                return null;
            }
            if (passes.size() == 1) {
                return passes.get(0);
            }
            int n = passes.size();
            double score = 0;
            double allocation = 0;
            double machine = 0;
            double client = 0;
            double idle = 0;
            double error = 0;
            for (Pass p : passes) {
                score += p.score() / n;
                allocation += p.allocation() / n;
                machine += p.machineCpu() / n;
                client += p.clientCpu() / n;
                idle += p.idle() / n;
                error = Double.isNaN(p.error()) ? error : Math.max(error, p.error());
            }
            Pass first = passes.get(0);
            return new Pass(score, error, first.unit(), first.throughput(), allocation, machine, client, idle);
        }
    }

    /** The benchmark's short name, threads and parameters ({@code peer} left out where the peers share a row). */
    static String label(BenchmarkParams params, boolean withoutPeer) {
        String name = params.getBenchmark();
        if (name.startsWith(PREFIX)) {
            name = name.substring(PREFIX.length());
        }
        StringBuilder label = new StringBuilder("`").append(name).append('`');
        List<String> details = new ArrayList<>();
        if (params.getThreads() > 1) {
            details.add(params.getThreads() + " threads");
        }
        for (String key : params.getParamsKeys()) {
            if (!(withoutPeer && key.equals(PEER))) {
                details.add(key + "=" + params.getParam(key));
            }
        }
        if (!details.isEmpty()) {
            label.append(" (").append(String.join(", ", details)).append(')');
        }
        return label.toString();
    }

    private static String score(Pass p) {
        return p == null ? "n/a" : scoreWithError(p);
    }

    private static String scoreWithError(Pass p) {
        double error = p.error();
        return Double.isNaN(error) || error == 0 ? number(p.score()) : number(p.score()) + " ± " + number(error);
    }

    private static String allocation(Pass p) {
        return p == null || Double.isNaN(p.allocation()) ? "-" : number(p.allocation());
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double abs = Math.abs(v);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
