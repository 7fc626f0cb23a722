package io.shardedjdbc.itest.write;

import io.shardedjdbc.itest.write.Verdict.Kind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The run's summary per shape and per way of running, and the differences that fail it. */
final class WriteReport {

    private final long seed;
    private final List<Verdict> verdicts;

    WriteReport(long seed, List<Verdict> verdicts) {
        this.seed = seed;
        this.verdicts = List.copyOf(verdicts);
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("write differential: seed %d (rerun with -D%s=%d), %d statements%n", seed,
                WriteSettings.SEED, seed, verdicts.size()));
        sb.append(String.format("%-28s %4s %5s %5s %7s %5s %8s %4s %4s  %s%n", "shape", "item", "stmts", "match",
                "refused", "wrong", "(refus.)", "skip", "err", "wrong: what the driver did (SQLSTATE or ran)"));
        Map<Shape, List<Verdict>> byShape = new EnumMap<>(Shape.class);
        verdicts.forEach(v -> byShape.computeIfAbsent(v.statement().shape(), s -> new ArrayList<>()).add(v));
        byShape.forEach((shape, vs) -> sb.append(row(shape.name(), shape.item(), vs)));
        sb.append(row("all", "", verdicts));
        sb.append("(refus.) = of the wrong ones, refused (SJ...) where the contract says the statement runs;"
                + " skip = not run on the driver, its transaction already rolled back after a wrong statement;"
                + " err = the reference did not do what the corpus intended (a test bug)\n");
        Map<String, List<Verdict>> byMode = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            WriteStatement s = v.statement();
            String mode = (s.inTransaction() ? "transaction" : "auto-commit") + ", "
                    + (s.api().batch() ? "batch " : "") + (s.prepared() ? "prepared" : "plain");
            byMode.computeIfAbsent(mode, m -> new ArrayList<>()).add(v);
        }
        boolean first = true;
        for (Map.Entry<Shape, List<Verdict>> e : byShape.entrySet()) {
            if (e.getValue().stream().anyMatch(v -> v.kind() == Kind.WRONG)) {
                if (first) {
                    sb.append("the shapes with wrong statements:\n");
                    first = false;
                }
                sb.append(String.format("  %-26s %s%n", e.getKey(), e.getKey().meaning()));
            }
        }
        sb.append("by way of running:\n");
        new TreeMap<>(byMode).forEach((mode, vs) -> sb.append(row(mode, "", vs)));
        return sb.toString();
    }

    private static String row(String name, String item, List<Verdict> vs) {
        int[] c = new int[Kind.values().length];
        int refusedWrong = 0;
        Map<String, Integer> wrongWith = new TreeMap<>();
        Map<String, Integer> refusedWith = new TreeMap<>();
        for (Verdict v : vs) {
            c[v.kind().ordinal()]++;
            refusedWrong += v.unexpectedRefusal() ? 1 : 0;
            if (v.kind() == Kind.WRONG) {
                wrongWith.merge(v.driverState() == null ? "ran" : v.driverState(), 1, Integer::sum);
            } else if (v.kind() == Kind.REFUSED) {
                refusedWith.merge(v.driverState(), 1, Integer::sum);
            }
        }
        return String.format("%-28s %4s %5d %5d %7d %5d %8d %4d %4d  %s%s%n", name,
                item, vs.size(), c[Kind.MATCH.ordinal()], c[Kind.REFUSED.ordinal()], c[Kind.WRONG.ordinal()], refusedWrong,
                c[Kind.SKIPPED.ordinal()], c[Kind.ERROR.ordinal()], wrongWith.isEmpty() ? "" : wrongWith,
                refusedWith.isEmpty() ? "" : "  refused with " + refusedWith);
    }

    /** One line per statement: number, shape, variant, verdict and the start of its detail. */
    String trace() {
        StringBuilder sb = new StringBuilder();
        for (Verdict v : verdicts) {
            WriteStatement s = v.statement();
            String detail = v.detail().replace('\n', ' ');
            sb.append(String.format("#%-4d %-8s %-21s %-11s %s: %s%n", s.id(), v.kind(), s.shape(),
                    s.inTransaction() ? "transaction" : "auto-commit", s.variant(),
                    detail.length() > 160 ? detail.substring(0, 160) + "..." : detail));
        }
        return sb.toString();
    }

    /** Every reason to fail: wrong statements and statements where the reference did not do what was intended. */
    List<Verdict> failures() {
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (v.kind() == Kind.WRONG || v.kind() == Kind.ERROR) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * The first differences with their SQL and parameters: corpus bugs first (they make the rest doubtful), then the
     * first of every shape that has any, then the others in the order they ran, up to {@code -Dwrite.oracle.show} (20).
     */
    String firstDifferences() {
        List<Verdict> failures = failures();
        List<Verdict> shown = new ArrayList<>();
        failures.stream().filter(v -> v.kind() == Kind.ERROR).forEach(shown::add);
        java.util.Set<Shape> seen = java.util.EnumSet.noneOf(Shape.class);
        for (Verdict v : failures) {
            if (v.kind() == Kind.WRONG && seen.add(v.statement().shape())) {
                shown.add(v);
            }
        }
        for (Verdict v : failures) {
            if (!shown.contains(v)) {
                shown.add(v);
            }
        }
        int limit = WriteSettings.shown();
        StringBuilder sb = new StringBuilder();
        for (Verdict v : shown.subList(0, Math.min(limit, shown.size()))) {
            sb.append(v.kind() == Kind.ERROR ? "ERROR (test bug) " : "WRONG ").append(v.statement().describe())
                    .append("\n    -> ").append(v.detail()).append('\n');
        }
        if (shown.size() > limit) {
            sb.append("... and ").append(shown.size() - limit).append(" more (-D").append(WriteSettings.SHOW)
                    .append("=N shows N)\n");
        }
        return sb.toString();
    }
}
