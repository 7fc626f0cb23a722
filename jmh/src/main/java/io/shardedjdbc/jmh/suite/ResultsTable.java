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
 */
final class ResultsTable {
    static final String PEER = "peer";
    private static final String PREFIX = "io.shardedjdbc.jmh.";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private ResultsTable() {
    }

    static String render(Collection<RunResult> results) {
        Map<String, Map<String, RunResult>> byPeer = new LinkedHashMap<>();
        List<RunResult> alone = new ArrayList<>();
        for (RunResult r : results) {
            String peer = r.getParams().getParamsKeys().contains(PEER) ? r.getParams().getParam(PEER) : null;
            if (peer == null) {
                alone.add(r);
            } else {
                byPeer.computeIfAbsent(label(r.getParams(), true), k -> new LinkedHashMap<>()).put(peer, r);
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
            md.append("\nRatios are speeds: above 1.00 sharded-jdbc is faster, below it slower.\n");
        }
        if (!alone.isEmpty()) {
            md.append("""

                    | benchmark | score | unit | B/op |
                    |---|---:|---|---:|
                    """);
            for (RunResult r : alone) {
                Result<?> p = r.getPrimaryResult();
                md.append("| ").append(label(r.getParams(), false)).append(" | ").append(scoreWithError(p))
                        .append(" | ").append(p.getScoreUnit()).append(" | ").append(allocation(r)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String sideBySide(String label, Map<String, RunResult> peers) {
        RunResult direct = peers.get("direct");
        RunResult sharded = peers.get("sharded");
        RunResult other = peers.get("shardingsphere");
        RunResult any = peers.values().iterator().next();
        return "| " + label + " | " + any.getPrimaryResult().getScoreUnit()
                + " | " + score(direct) + " | " + score(sharded) + " | " + score(other)
                + " | " + speedRatio(sharded, direct) + " | " + speedRatio(sharded, other)
                + " | " + allocation(direct) + " / " + allocation(sharded) + " / " + allocation(other) + " |\n";
    }

    /** How much faster {@code a} is than {@code b}: above 1 faster, below 1 slower; "n/a" without both. */
    static String speedRatio(RunResult a, RunResult b) {
        if (a == null || b == null) {
            return "n/a";
        }
        double sa = a.getPrimaryResult().getScore();
        double sb = b.getPrimaryResult().getScore();
        if (sa <= 0 || sb <= 0 || Double.isNaN(sa) || Double.isNaN(sb)) {
            return "n/a";
        }
        double ratio = a.getParams().getMode() == Mode.Throughput ? sa / sb : sb / sa;
        return String.format(Locale.ROOT, "%.2fx", ratio);
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

    private static String score(RunResult r) {
        return r == null ? "n/a" : scoreWithError(r.getPrimaryResult());
    }

    private static String scoreWithError(Result<?> p) {
        double error = p.getScoreError();
        return Double.isNaN(error) || error == 0 ? number(p.getScore()) : number(p.getScore()) + " ± " + number(error);
    }

    private static String allocation(RunResult r) {
        Result<?> a = r == null ? null : r.getSecondaryResults().get(ALLOCATION);
        return a == null ? "-" : number(a.getScore());
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
