package io.shardedjdbc.sql;

import java.util.List;

/**
 * The candidate-key lists of a cross-shard read that hold for every row it reads: {@code key IN (?, ?, ...)} and
 * {@code key = ANY(?)} as top-level conditions on its sharded table's key column. A shard can be sent only the
 * values it owns, since none of its rows has another shard's key.
 *
 * @param parameterLists  the 1-based parameter indexes of each IN list (its literal items, if any, are left alone)
 * @param arrayParameters the parameters bound to {@code key = ANY(?)}
 */
public record KeyLists(List<int[]> parameterLists, List<Integer> arrayParameters) {
    public static final KeyLists NONE = new KeyLists(List.of(), List.of());

    public KeyLists {
        parameterLists = List.copyOf(parameterLists);
        arrayParameters = List.copyOf(arrayParameters);
    }

    public boolean isEmpty() {
        return parameterLists.isEmpty() && arrayParameters.isEmpty();
    }
}
