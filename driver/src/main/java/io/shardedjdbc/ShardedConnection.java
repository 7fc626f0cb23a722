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
}
