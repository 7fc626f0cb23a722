package io.shardedjdbc.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one execution of a statement runs, with what running it needs: the shard of a single-shard route, the
 * per-shard targets of a cross-shard read or key-list write, the shard and key of each row of a split INSERT. The
 * router computes these once; executors read them. Single-shard routes are shared instances made once per router,
 * so the common case allocates nothing.
 */
public final class Route {
    private final RouteKind kind;
    private final int shard;
    private final ScatterTargets targets;
    private final int[] rowShards;
    private final Object[] rowKeys;

    private Route(RouteKind kind, int shard, ScatterTargets targets, int[] rowShards, Object[] rowKeys) {
        this.kind = kind;
        this.shard = shard;
        this.targets = targets;
        this.rowShards = rowShards;
        this.rowKeys = rowKeys;
    }

    static Route single(RouteKind kind, int shard) {
        return new Route(kind, shard, null, null, null);
    }

    static Route everyShard() {
        return new Route(RouteKind.ALL_SHARDS, -1, null, null, null);
    }

    static Route targets(RouteKind kind, ScatterTargets targets) {
        return new Route(kind, -1, targets, null, null);
    }

    static Route split(int[] rowShards, Object[] rowKeys) {
        return new Route(RouteKind.SPLIT, -1, null, rowShards, rowKeys);
    }

    public RouteKind kind() {
        return kind;
    }

    /** @return the one shard the statement runs on, or -1 when it runs on several */
    public int shard() {
        return shard;
    }

    /** The shards a SCATTER read or KEY_LIST write runs on and what each is sent of its key lists; else null. */
    public ScatterTargets targets() {
        return targets;
    }

    /** The shard of each VALUES row of a SPLIT INSERT, in the caller's order; else null. */
    public int[] rowShards() {
        return rowShards;
    }

    /** The key of each VALUES row of a SPLIT INSERT in its keyspace's canonical form; else null. */
    public Object[] rowKeys() {
        return rowKeys;
    }

    /** @return the indexes of the shards this route runs on, in shard order */
    public List<Integer> shards(int shardCount) {
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < shardCount; s++) {
            if (runsOn(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private boolean runsOn(int s) {
        if (shard >= 0) {
            return s == shard;
        }
        if (targets != null) {
            return targets.shards()[s];
        }
        if (rowShards != null) {
            for (int r : rowShards) {
                if (r == s) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return shard >= 0 ? kind + "(" + shard + ")" : kind.toString();
    }
}
