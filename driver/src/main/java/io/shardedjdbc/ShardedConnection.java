package io.shardedjdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The driver's logical connection, reached with {@code connection.unwrap(ShardedConnection.class)} (also through an
 * application pool's proxy). It owns no physical connection until a statement runs.
 */
public interface ShardedConnection extends Connection {
    /**
     * Explains where a statement with these parameter values would run, without running it, e.g.
     * {@code "KEY -> s2"} or {@code "ALL_SHARDS -> s0, s1, s2, s3"}. Hints active on this thread count.
     */
    String explain(String sql, Object... parameters) throws SQLException;

    /** The shards a statement with these parameter values would run on, in shard order. */
    List<String> targetShards(String sql, Object... parameters) throws SQLException;

    /** @return this connection's consistency level for reads, e.g. {@code read-your-writes} */
    String getConsistency() throws SQLException;

    /**
     * Sets the consistency level of this connection's reads: {@code eventual}, {@code read-your-writes},
     * {@code session}, {@code causal} or {@code strong} (SQLSTATE 22023 for anything else). What the connection has
     * written and read so far still counts under the new level.
     */
    void setConsistency(String level) throws SQLException;

    /**
     * A compact text ({@code s0:16B374D8,s2:3000060}) naming the WAL position per shard that covers everything this
     * connection has committed and read, and the tokens it was given. Hand it to another connection, thread or
     * process ({@link ShardHints#after(String)}, {@link #requireToken(String)} or the connection property
     * {@code consistencyToken}) and its reads see all of that. Costs one round trip per shard whose last commit or
     * read the health monitor has not measured yet, none otherwise.
     */
    String consistencyToken() throws SQLException;

    /** From now on this connection's reads see at least what the token covers (SQLSTATE 22023 if malformed). */
    void requireToken(String token) throws SQLException;

    /** Every server of the cluster as the health monitor last saw it, shard by shard, primary first. */
    List<NodeStatus> nodes() throws SQLException;
}
