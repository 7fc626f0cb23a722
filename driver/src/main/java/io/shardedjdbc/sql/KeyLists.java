package io.shardedjdbc.sql;

import java.util.List;

/**
 * The candidate-key lists of a cross-shard read that hold for every row it reads: {@code key IN (...)} and
 * {@code key = ANY(?)} as top-level conditions on its sharded table's key column. A shard can be sent only the
 * values it owns, since none of its rows has another shard's key.
 *
 * @param parameterLists  the 1-based parameter indexes of each IN list with parameters (its literal items, if any,
 *                        are left alone)
 * @param arrayParameters the parameters bound to {@code key = ANY(?)}
 * @param literalLists    the IN lists of literals only, located in the shard text
 */
public record KeyLists(List<int[]> parameterLists, List<Integer> arrayParameters, List<LiteralSpans> literalLists) {
    public static final KeyLists NONE = new KeyLists(List.of(), List.of(), List.of());

    public KeyLists {
        parameterLists = List.copyOf(parameterLists);
        arrayParameters = List.copyOf(arrayParameters);
        literalLists = List.copyOf(literalLists);
    }

    public boolean isEmpty() {
        return parameterLists.isEmpty() && arrayParameters.isEmpty() && literalLists.isEmpty();
    }

    /** A literal IN list as the analysis found it: the key column and its distinct values. */
    record Literals(String column, List<Object> values) {
    }

    /**
     * The items of one literal IN list in the shard text: item i is {@code shardSql.substring(starts[i], ends[i])}
     * and holds {@code values[i]} ({@link Long} or {@link String}, as a key literal).
     */
    public record LiteralSpans(int[] starts, int[] ends, Object[] values) {
    }
}
