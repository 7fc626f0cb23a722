package io.shardedjdbc;

import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.route.HintFrame;

/**
 * Thread-local routing hints for the statements run inside a try-with-resources scope:
 * <pre>{@code
 * try (ShardHints.Scope s = ShardHints.key("user", 42)) {
 *     stmt.executeQuery("SELECT count(*) FROM posts");   // runs on user 42's shard
 * }
 * }</pre>
 * A hint wins over the keys found in the SQL. Scopes nest; closing one restores the enclosing one.
 */
public final class ShardHints {
    private ShardHints() {
    }

    /** An open hint scope; close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final HintFrame frame;

        private Scope(HintFrame frame) {
            this.frame = frame;
        }

        @Override
        public void close() {
            frame.pop();
        }
    }

    /** Route by this key of this keyspace. */
    public static Scope key(String keyspace, Object value) {
        if (keyspace == null || value == null) {
            throw new IllegalArgumentException("keyspace and key must not be null");
        }
        return new Scope(HintFrame.push(null, keyspace, value, false, null, null));
    }

    /** Route by this key of the statement's keyspace (the keyspace "default" for statements without one). */
    public static Scope key(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        return new Scope(HintFrame.push(null, null, value, false, null, null));
    }

    /** Run on the named shard. */
    public static Scope shard(String name) {
        if (name == null) {
            throw new IllegalArgumentException("shard name must not be null");
        }
        return new Scope(HintFrame.push(name, null, null, false, null, null));
    }

    /** Read from primaries: the same as {@code consistency("strong")}. */
    public static Scope primary() {
        return new Scope(HintFrame.push(null, null, null, true, null, null));
    }

    /**
     * Reads see at least what the token covers (a token from {@link ShardedConnection#consistencyToken()}, made by
     * any connection, thread or process): served by a replica that has replayed that far, else by the primary.
     * A malformed token fails the statements of the scope with SQLSTATE 22023.
     */
    public static Scope after(String consistencyToken) {
        if (consistencyToken == null) {
            throw new IllegalArgumentException("consistency token must not be null");
        }
        return new Scope(HintFrame.push(null, null, null, false, consistencyToken, null));
    }

    /**
     * Reads in the scope use this consistency level ({@code eventual}, {@code read-your-writes}, {@code session},
     * {@code causal} or {@code strong}) instead of the connection's.
     */
    public static Scope consistency(String level) {
        Consistency c = level == null ? null : Consistency.fromYaml(level);
        if (c == null) {
            throw new IllegalArgumentException("unknown consistency level '" + level
                    + "': use eventual, read-your-writes, session, causal or strong");
        }
        return new Scope(HintFrame.push(null, null, null, false, null, c));
    }
}
