package io.shardedjdbc.itest.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link DemoReport} as plain text tables. */
public final class Report {
    private Report() {
    }

    public static String render(DemoReport r) {
        StringBuilder out = new StringBuilder();
        line(out, "");
        line(out, "sharded-jdbc demo on %s", r.target());
        line(out, "data: %,d users, %,d rows in %.1f s; workload: %d threads x %d s per run",
                r.shape().users(), r.shape().totalRows(), r.loadSeconds(), r.options().threads(),
                r.options().duration().toSeconds());
        rows(out, r);
        routes(out, r);
        workload(out, r);
        return out.toString();
    }

    private static void rows(StringBuilder out, DemoReport r) {
        RowCensus.Result census = r.census();
        List<String> shards = List.copyOf(census.rows().values().iterator().next().keySet());
        line(out, "");
        line(out, "Rows per shard (counted directly on each shard's primary, after the workload)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-20s", "table"));
        shards.forEach(s -> header.append(String.format(Locale.ROOT, " %10s", s)));
        line(out, "%s %11s", header, "total");
        for (Map.Entry<String, Map<String, Long>> table : census.rows().entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-20s", table.getKey()));
            table.getValue().values().forEach(n -> row.append(String.format(Locale.ROOT, " %,10d", n)));
            String note = table.getKey().equals(r.schema().countries()) ? "  (broadcast: a full copy per shard)" : "";
            line(out, "%s %,11d%s", row, census.total(table.getKey()), note);
        }
        line(out, "  placement check: %,d distinct (shard, key) pairs compared with shardOf(): %s",
                census.keysChecked(), census.totalMisplaced() == 0 ? "all where placement says"
                        : census.totalMisplaced() + " MISPLACED " + census.misplaced());
    }

    private static void routes(StringBuilder out, DemoReport r) {
        line(out, "");
        line(out, "Statements per route kind %16s %12s", "schema+load", "workload");
        for (String kind : r.routesWorkload().keySet()) {
            line(out, "  %-24s %,16d %,12d", kind, r.routesLoad().getOrDefault(kind, 0L),
                    r.routesWorkload().get(kind));
        }
    }

    private static void workload(StringBuilder out, DemoReport r) {
        WorkloadResult s = r.sharded();
        WorkloadResult d = r.direct();
        line(out, "");
        line(out, "Workload: same mix, threads and duration; latency per operation (ms), borrow to result");
        String side = "%9s %8s %8s";
        line(out, "  %-22s " + side + "   | " + side, "", "sharded", "", "", "direct", "", "");
        line(out, "  %-22s " + side + "   | " + side, "operation", "count", "p50", "p99", "count", "p50", "p99");
        for (Operation op : Operation.values()) {
            line(out, "  %-22s %s   | %s", op.label(), cells(s.latency(op)), d == null ? "" : cells(d.latency(op)));
        }
        line(out, "  %-22s %s   | %s", "all operations", cells(s.overall()), d == null ? "" : cells(d.overall()));
        line(out, "  %-22s %27s   | %s", "throughput", String.format(Locale.ROOT, "%,.0f ops/s", s.throughput()),
                d == null ? "" : String.format(Locale.ROOT, "%27s", String.format(Locale.ROOT, "%,.0f ops/s",
                        d.throughput())));
        line(out, "  %-22s %27s   | %s", "errors", String.format(Locale.ROOT, "%,d", s.totalErrors()),
                d == null ? "" : String.format(Locale.ROOT, "%27s", String.format(Locale.ROOT, "%,d", d.totalErrors())));
        if (d != null) {
            line(out, "  sharded / direct throughput: %.2fx; load %.1f s sharded vs %.1f s direct",
                    d.throughput() == 0 ? 0 : s.throughput() / d.throughput(), r.loadSeconds(), r.directLoadSeconds());
        }
        line(out, "  direct: %s", r.directNote());
        empties(out, "sharded", s);
        if (d != null) {
            empties(out, "direct", d);
        }
    }

    private static void empties(StringBuilder out, String side, WorkloadResult result) {
        long empty = result.emptyReads().values().stream().mapToLong(Long::longValue).sum();
        if (empty > 0) {
            line(out, "  %s: %,d point reads of loaded rows found nothing: %s", side, empty, result.emptyReads());
        }
        if (result.firstError() != null) {
            line(out, "  %s: first error: %s", side, result.firstError());
        }
    }

    private static String cells(LatencyRecorder latency) {
        return String.format(Locale.ROOT, "%,9d %8s %8s", latency.count(), millis(latency.percentileNanos(50)),
                millis(latency.percentileNanos(99)));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.2f" : "%.1f", nanos / 1e6);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
