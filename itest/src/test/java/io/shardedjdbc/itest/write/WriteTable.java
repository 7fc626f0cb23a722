package io.shardedjdbc.itest.write;

import java.util.List;

/**
 * A table of the write differential as the comparison sees it.
 *
 * @param keyspace  the keyspace its key is placed in; null for a broadcast table
 * @param keyColumn the shard key column, or for a broadcast table its primary key (used only for messages)
 * @param columns   every column in table order, generated ones included: what the snapshots read
 * @param stored    the columns a row is restored from (generated columns left out): what a repair writes
 */
record WriteTable(String name, String keyspace, String keyColumn, List<String> columns, List<String> stored) {

    WriteTable {
        columns = List.copyOf(columns);
        stored = List.copyOf(stored);
        if (!columns.contains(keyColumn)) {
            throw new IllegalArgumentException(name + ": key column " + keyColumn + " is not among " + columns);
        }
    }

    boolean broadcast() {
        return keyspace == null;
    }

    int keyIndex() {
        return columns.indexOf(keyColumn);
    }
}
