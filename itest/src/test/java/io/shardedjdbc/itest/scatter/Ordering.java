package io.shardedjdbc.itest.scatter;

import java.util.Arrays;

/**
 * How much of a result's row order is defined by its query, so that only defined order is compared.
 *
 * @param kind       {@link Kind}
 * @param keyColumns for {@link Kind#KEYS}: the 1-based result columns that hold the ORDER BY values
 */
record Ordering(Kind kind, int[] keyColumns) {

    enum Kind {
        /** No ORDER BY: rows compare as a multiset. */
        NONE,
        /** The ORDER BY decides every position (it ends in a unique column): rows compare in order. */
        TOTAL,
        /** Rows compare as a multiset, and the ORDER BY columns compare in order (ties may come in any order). */
        KEYS
    }

    static final Ordering NONE = new Ordering(Kind.NONE, new int[0]);
    static final Ordering TOTAL = new Ordering(Kind.TOTAL, new int[0]);

    static Ordering keys(int... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("KEYS ordering needs at least one column");
        }
        return new Ordering(Kind.KEYS, columns.clone());
    }

    @Override
    public String toString() {
        return kind == Kind.KEYS ? "KEYS" + Arrays.toString(keyColumns) : kind.name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ordering other && kind == other.kind && Arrays.equals(keyColumns, other.keyColumns);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(keyColumns);
    }
}
