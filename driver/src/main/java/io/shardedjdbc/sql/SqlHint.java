package io.shardedjdbc.sql;

/**
 * A routing hint written in a SQL comment, e.g. {@code /* sharded: keyspace=user key=42 *}{@code /}.
 * Every field is null (or false) when the comment does not give it.
 *
 * @param shard    run on this shard, by name
 * @param keyspace the keyspace of {@code key}; null means the default keyspace
 * @param key      a shard key value, as written (the router converts it to the keyspace's type)
 * @param primary  run on the shard's primary even when the statement is a read
 * @param consistency a consistency level name for this statement (lower case), e.g. {@code eventual}
 */
public record SqlHint(String shard, String keyspace, String key, boolean primary, String consistency) {
}
