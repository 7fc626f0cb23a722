package io.shardedjdbc.config;

/**
 * A table the topology lists. Names are kept lower-case (unquoted PostgreSQL identifiers fold to lower case).
 *
 * @param keyColumn the shard key column, lower-case; null for broadcast tables
 * @param keyspace  the keyspace of the key; null for broadcast tables
 * @param scatter   per-table scatter policy; null: the top-level setting
 */
public record TableSpec(String name, String keyColumn, String keyspace, boolean broadcast, ScatterPolicy scatter) {
    public boolean sharded() {
        return !broadcast;
    }
}
