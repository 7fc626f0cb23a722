package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The text a shard runs, made from the statement by inserting and cutting out pieces, and the original parameter
 * each of its {@code ?} markers stands for, in the order they appear in the new text.
 */
final class ShardText {
    /** Replaces [from, to) of the original with text whose own markers stand for the given parameters. */
    private record Edit(int from, int to, String text, List<Integer> parameters, int order) {
    }

    private final String sql;
    private final List<Token> tokens;
    private final List<Edit> edits = new ArrayList<>();

    ShardText(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
    }

    void insert(int at, String text, List<Integer> parameters) {
        replace(at, at, text, parameters);
    }

    /** Cut-out ranges must not overlap each other. */
    void replace(int from, int to, String text, List<Integer> parameters) {
        edits.add(new Edit(from, to, text, List.copyOf(parameters), edits.size()));
    }

    private List<Edit> sorted() {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::from).thenComparingInt(Edit::order));
        return sorted;
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (Edit e : sorted()) {
            sb.append(sql, at, Math.max(at, e.from())).append(e.text());
            at = Math.max(at, e.to());
        }
        return sb.append(sql.substring(at)).toString();
    }

    /** Original parameters (1-based) outside the cut-out ranges, with the inserted texts' parameters where they sit. */
    int[] parameters() {
        List<Integer> out = new ArrayList<>();
        List<Edit> sorted = sorted();
        int next = 0;
        int number = 0;
        for (Token t : tokens) {
            if (t.type() != Token.Type.PARAMETER) {
                continue;
            }
            number++;
            while (next < sorted.size() && sorted.get(next).from() <= t.start()) {
                out.addAll(sorted.get(next++).parameters());
            }
            if (!removed(t.start(), sorted)) {
                out.add(number);
            }
        }
        while (next < sorted.size()) {
            out.addAll(sorted.get(next++).parameters());
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean removed(int offset, List<Edit> edits) {
        for (Edit e : edits) {
            if (offset >= e.from() && offset < e.to()) {
                return true;
            }
        }
        return false;
    }
}
