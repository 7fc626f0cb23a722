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
        servers(out, r);
        reads(out, r);
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

    private static void servers(StringBuilder out, DemoReport r) {
        long total = r.serversWorkload().values().stream().mapToLong(Long::longValue).sum();
        line(out, "");
        line(out, "Statements per server during the workload (writes on primaries; reads on replicas where the"
                + " consistency level allows)");
        for (Map.Entry<String, Long> e : r.serversWorkload().entrySet()) {
            line(out, "  %-24s %,12d %6.1f%%", e.getKey(), e.getValue(),
                    total == 0 ? 0.0 : 100.0 * e.getValue() / total);
        }
    }

    private static void reads(StringBuilder out, DemoReport r) {
        line(out, "");
        line(out, "Reads per consistency level during the workload %12s %12s %10s", "primaries", "replicas",
                "replicas");
        long primaries = 0;
        long replicas = 0;
        for (Map.Entry<String, Long> e : r.readsWorkload().entrySet()) {
            if (!e.getKey().endsWith("/primary")) {
                continue;
            }
            String level = e.getKey().substring(0, e.getKey().length() - "/primary".length());
            long p = e.getValue();
            long q = r.readsWorkload().getOrDefault(level + "/replica", 0L);
            primaries += p;
            replicas += q;
            line(out, "  %-45s %,12d %,12d %9.1f%%", level, p, q, p + q == 0 ? 0.0 : 100.0 * q / (p + q));
        }
        line(out, "  %-45s %,12d %,12d %9.1f%%", "all", primaries, replicas,
                primaries + replicas == 0 ? 0.0 : 100.0 * replicas / (primaries + replicas));
    }

    private static void workload(StringBuilder out, DemoReport r) {
        WorkloadResult s = r.sharded();
        WorkloadResult d = r.direct();
        line(out, "");
        line(out, "Workload: same mix, threads and duration; latency per operation (ms), borrow to result");
        spanRow(out, "", "sharded (jdbc:sharded: pool)", d == null ? null : "direct (one server)");
        row(out, "operation", d != null, "count", "p50", "p99", "count", "p50", "p99");
        for (Operation op : Operation.values()) {
            latencyRow(out, op.label(), s.latency(op), d == null ? null : d.latency(op));
        }
        latencyRow(out, "all operations", s.overall(), d == null ? null : d.overall());
        spanRow(out, "throughput", perSecond(s), d == null ? null : perSecond(d));
        spanRow(out, "errors", count(s.totalErrors()), d == null ? null : count(d.totalErrors()));
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

    private static void latencyRow(StringBuilder out, String label, LatencyRecorder sharded, LatencyRecorder direct) {
        row(out, label, direct != null, count(sharded.count()), millis(sharded.percentileNanos(50)),
                millis(sharded.percentileNanos(99)), direct == null ? "" : count(direct.count()),
                direct == null ? "" : millis(direct.percentileNanos(50)),
                direct == null ? "" : millis(direct.percentileNanos(99)));
    }

    private static void row(StringBuilder out, String label, boolean withDirect, String... cells) {
        String sharded = String.format(Locale.ROOT, "  %-22s %9s %8s %8s", label, cells[0], cells[1], cells[2]);
        line(out, "%s", withDirect
                ? sharded + String.format(Locale.ROOT, "   | %9s %8s %8s", cells[3], cells[4], cells[5]) : sharded);
    }

    /** A row whose value spans the three columns of each side; no direct side when {@code direct} is null. */
    private static void spanRow(StringBuilder out, String label, String sharded, String direct) {
        String left = String.format(Locale.ROOT, "  %-22s %27s", label, sharded);
        line(out, "%s", direct == null ? left : left + String.format(Locale.ROOT, "   | %27s", direct));
    }

    private static String perSecond(WorkloadResult result) {
        return String.format(Locale.ROOT, "%,.0f ops/s", result.throughput());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
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

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.2f" : "%.1f", nanos / 1e6);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
