package io.shardedjdbc.route;

import io.shardedjdbc.config.Consistency;

/**
 * One active {@code ShardHints} scope on a thread; frames form a stack through {@code previous} so nested
 * try-with-resources scopes restore what was there before. Immutable.
 */
public final class HintFrame {
    private static final ThreadLocal<HintFrame> CURRENT = new ThreadLocal<>();

    public final String shard;
    public final String keyspace;
    public final Object key;
    public final boolean primary;
    public final String after;
    /** A consistency level for the scope's reads; null: the connection's. */
    public final Consistency consistency;
    final HintFrame previous;

    private HintFrame(String shard, String keyspace, Object key, boolean primary, String after, Consistency consistency,
                      HintFrame previous) {
        this.shard = shard;
        this.keyspace = keyspace;
        this.key = key;
        this.primary = primary;
        this.after = after;
        this.consistency = consistency;
        this.previous = previous;
    }

    public static HintFrame current() {
        return CURRENT.get();
    }

    /** Pushes a frame that inherits what it does not set from the enclosing one. */
    public static HintFrame push(String shard, String keyspace, Object key, boolean primary, String after,
                                 Consistency consistency) {
        HintFrame outer = CURRENT.get();
        HintFrame frame;
        if (outer == null) {
            frame = new HintFrame(shard, keyspace, key, primary, after, consistency, null);
        } else {
            boolean newTarget = shard != null || key != null;
            frame = new HintFrame(
                    newTarget ? shard : outer.shard,
                    newTarget ? keyspace : outer.keyspace,
                    newTarget ? key : outer.key,
                    primary || outer.primary,
                    after != null ? after : outer.after,
                    consistency != null ? consistency : outer.consistency,
                    outer);
        }
        CURRENT.set(frame);
        return frame;
    }

    /** Pops this frame; closing out of order restores the frame below this one anyway. */
    public void pop() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
