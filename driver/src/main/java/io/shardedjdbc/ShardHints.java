package io.shardedjdbc;

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
        return new Scope(HintFrame.push(null, keyspace, value, false, null));
    }

    /** Route by this key of the statement's keyspace (the keyspace "default" for statements without one). */
    public static Scope key(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        return new Scope(HintFrame.push(null, null, value, false, null));
    }

    /** Run on the named shard. */
    public static Scope shard(String name) {
        if (name == null) {
            throw new IllegalArgumentException("shard name must not be null");
        }
        return new Scope(HintFrame.push(name, null, null, false, null));
    }

    /** Read from primaries (replica reads come with replica routing; until then every statement runs there). */
    public static Scope primary() {
        return new Scope(HintFrame.push(null, null, null, true, null));
    }

    /** Read data at least as new as this consistency token (used by causal consistency). */
    public static Scope after(String consistencyToken) {
        if (consistencyToken == null) {
            throw new IllegalArgumentException("consistency token must not be null");
        }
        return new Scope(HintFrame.push(null, null, null, false, consistencyToken));
    }
}
