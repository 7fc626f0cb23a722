package io.shardedjdbc.itest.write;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Differences between two lists of rows, in order or as multisets, described with a few examples. */
final class RowDiff {
    private static final int EXAMPLES = 4;

    private RowDiff() {
    }

    static Optional<String> between(List<List<String>> expected, List<List<String>> actual, boolean ordered) {
        if (ordered) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                List<String> e = i < expected.size() ? expected.get(i) : null;
                List<String> a = i < actual.size() ? actual.get(i) : null;
                if (e == null || !e.equals(a)) {
                    return Optional.of("returned " + actual.size() + " row(s), the reference " + expected.size()
                            + "; first difference at row " + i + ": " + a + ", the reference's " + e
                            + (sameMultiset(expected, actual) ? " (the same rows in another order)" : ""));
                }
            }
            return Optional.empty();
        }
        List<List<String>> missing = new ArrayList<>();
        List<List<String>> extra = new ArrayList<>();
        multisetDiff(expected, actual, missing, extra);
        if (missing.isEmpty() && extra.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("returned " + actual.size() + " row(s), the reference " + expected.size() + "; "
                + describe(missing, extra, "the driver lacks", "the driver has extra"));
    }

    static boolean sameMultiset(List<List<String>> a, List<List<String>> b) {
        List<List<String>> missing = new ArrayList<>();
        List<List<String>> extra = new ArrayList<>();
        multisetDiff(a, b, missing, extra);
        return missing.isEmpty() && extra.isEmpty();
    }

    /** Rows of expected that actual lacks (as often as they are lacking), and rows actual has beyond expected. */
    static void multisetDiff(List<List<String>> expected, List<List<String>> actual, List<List<String>> missing,
                             List<List<String>> extra) {
        Map<List<String>, Integer> counts = new TreeMap<>(ROW_ORDER);
        expected.forEach(r -> counts.merge(r, 1, Integer::sum));
        actual.forEach(r -> counts.merge(r, -1, Integer::sum));
        counts.forEach((row, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                (n > 0 ? missing : extra).add(row);
            }
        });
    }

    static String describe(List<List<String>> missing, List<List<String>> extra, String missingWord, String extraWord) {
        StringBuilder sb = new StringBuilder();
        if (!missing.isEmpty()) {
            sb.append(missingWord).append(' ').append(missing.size()).append(" row(s) ")
                    .append(missing.subList(0, Math.min(EXAMPLES, missing.size())));
        }
        if (!extra.isEmpty()) {
            sb.append(sb.length() > 0 ? "; " : "").append(extraWord).append(' ').append(extra.size()).append(" row(s) ")
                    .append(extra.subList(0, Math.min(EXAMPLES, extra.size())));
        }
        return sb.toString();
    }

    static final Comparator<List<String>> ROW_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };
}
