package io.shardedjdbc.itest.scatter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The outcomes of one run: the summary table, and every reason the run fails. */
final class OracleReport {
    static final int MIN_QUERIES = 200;

    private final long seed;
    private final List<Outcome> outcomes;
    private final Set<Category> mustMatch;

    OracleReport(long seed, List<Outcome> outcomes, Set<Category> mustMatch) {
        this.seed = seed;
        this.outcomes = List.copyOf(outcomes);
        this.mustMatch = mustMatch.isEmpty() ? EnumSet.noneOf(Category.class) : EnumSet.copyOf(mustMatch);
    }

    /** Category, counts per outcome, and the SQLSTATEs of the refusals. */
    String summary() {
        Map<Category, int[]> counts = new EnumMap<>(Category.class);
        Map<Category, Map<String, Integer>> states = new EnumMap<>(Category.class);
        for (Outcome o : outcomes) {
            counts.computeIfAbsent(o.query().category(), c -> new int[Outcome.Kind.values().length])[o.kind().ordinal()]++;
            if (o.kind() == Outcome.Kind.REFUSED) {
                states.computeIfAbsent(o.query().category(), c -> new TreeMap<>())
                        .merge(o.detail().split(" ", 2)[0], 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("scatter oracle: seed %d (rerun with -Doracle.seed=%d), %d queries, mustMatch %s%n",
                seed, seed, outcomes.size(), mustMatch));
        sb.append(String.format("%-15s %5s %5s %7s %5s %5s  %s%n", "category", "total", "match", "refused", "wrong",
                "error", "refused with"));
        int[] total = new int[Outcome.Kind.values().length];
        for (Map.Entry<Category, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            for (int i = 0; i < c.length; i++) {
                total[i] += c[i];
            }
            sb.append(row(e.getKey().name() + (mustMatch.contains(e.getKey()) ? "*" : ""), c,
                    String.valueOf(states.getOrDefault(e.getKey(), Map.of()))));
        }
        sb.append(row("all", total, ""));
        sb.append("(* = in oracle.mustMatch: must not be refused)\n");
        return sb.toString();
    }

    private static String row(String name, int[] c, String refusedWith) {
        int sum = 0;
        for (int n : c) {
            sum += n;
        }
        return String.format("%-15s %5d %5d %7d %5d %5d  %s%n", name, sum, c[Outcome.Kind.MATCH.ordinal()],
                c[Outcome.Kind.REFUSED.ordinal()], c[Outcome.Kind.WRONG.ordinal()], c[Outcome.Kind.ERROR.ordinal()],
                refusedWith.equals("{}") ? "" : refusedWith);
    }

    /** Every reason to fail, one per line; empty when the run passes. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (outcomes.size() < MIN_QUERIES) {
            failures.add("the corpus has " + outcomes.size() + " queries, fewer than " + MIN_QUERIES);
        }
        for (Outcome o : outcomes) {
            Category category = o.query().category();
            switch (o.kind()) {
                case WRONG -> failures.add("WRONG " + o.query().describe() + "\n    " + o.detail());
                case ERROR -> failures.add("ERROR (corpus bug) " + o.query().describe() + "\n    " + o.detail());
                case MATCH -> {
                    if (category == Category.MUST_REFUSE) {
                        failures.add("ANSWERED instead of refused " + o.query().describe());
                    }
                }
                case REFUSED -> {
                    if (mustMatch.contains(category)) {
                        failures.add("REFUSED in mustMatch category " + category + ": " + o.query().describe()
                                + "\n    " + o.detail());
                    }
                }
            }
        }
        return failures;
    }
}
