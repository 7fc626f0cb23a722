package io.shardedjdbc.node;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.ReplicaSelection;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Picks the server for a read on one shard from the monitor's last findings, in memory: a replica that is up, still a
 * standby, within the lag bounds and far enough in the WAL for the session; else the primary. Allocates nothing.
 */
public final class ReplicaSelector {
    private final ReplicaSelection policy;
    private final long maxLagMillis;
    private final long maxLagBytes;
    private final boolean failWhenNoneHealthy;
    private final AtomicIntegerArray turns;

    /**
     * @param maxLagBytes         -1: no bound in bytes
     * @param failWhenNoneHealthy refuse a read (SJ011) when a shard has replicas but none is up within the bounds
     */
    public ReplicaSelector(int shardCount, ReplicaSelection policy, long maxLagMillis, long maxLagBytes,
                           boolean failWhenNoneHealthy) {
        this.policy = policy;
        this.maxLagMillis = maxLagMillis;
        this.maxLagBytes = maxLagBytes;
        this.failWhenNoneHealthy = failWhenNoneHealthy;
        this.turns = new AtomicIntegerArray(shardCount);
    }

    /** @return true when a replica in this state may serve reads at all (freshness for a session aside) */
    public boolean healthy(NodeHealth h) {
        return h.up() && h.inRecovery() && h.lagMillis() <= maxLagMillis && (maxLagBytes < 0 || h.lagBytes() <= maxLagBytes);
    }

    /**
     * @param floor a replica must have replayed at least this WAL position (0: any)
     * @param only  when not null, the one replica allowed (a monotonic session stays on the replica it read from
     *              until the monitor has measured where that replica was)
     * @return the node to read from: a replica, or the shard's primary when none qualifies
     */
    public Node choose(Shard shard, long floor, Node only) throws SQLException {
        List<Node> replicas = shard.replicas();
        int total = 0;
        int healthy = 0;
        Node best = null;
        long bestLsn = -1;
        for (int i = 0; i < replicas.size(); i++) {
            Node r = replicas.get(i);
            NodeHealth h = r.health();
            if (!healthy(h)) {
                continue;
            }
            healthy++;
            if (h.lsn() < floor || (only != null && r != only)) {
                continue;
            }
            total += r.weight();
            if (h.lsn() > bestLsn || (h.lsn() == bestLsn && r.weight() > best.weight())) {
                best = r;
                bestLsn = h.lsn();
            }
        }
        if (total == 0) {
            if (healthy == 0 && failWhenNoneHealthy && !replicas.isEmpty()) {
                throw SqlState.NO_REPLICA.exception("shard " + shard.name() + " has no healthy replica within the"
                        + " lag bound (" + describe(replicas) + ") and replicaFallback is error: retry later, or set"
                        + " replicaFallback: primary to read from the primary meanwhile");
            }
            return shard.primary();
        }
        if (policy == ReplicaSelection.LEAST_LAG || total == best.weight()) {
            return best;
        }
        int ticket = policy == ReplicaSelection.RANDOM ? ThreadLocalRandom.current().nextInt(total)
                : Math.floorMod(turns.getAndIncrement(shard.index()), total);
        for (int i = 0; i < replicas.size(); i++) {
            Node r = replicas.get(i);
            NodeHealth h = r.health();
            if (!healthy(h) || h.lsn() < floor || (only != null && r != only)) {
                continue;
            }
            ticket -= r.weight();
            if (ticket < 0) {
                return r;
            }
        }
        // The monitor changed a replica's state between the two passes: the freshest seen in the first one will do.
        return best;
    }

    private String describe(List<Node> replicas) {
        StringBuilder sb = new StringBuilder();
        for (Node r : replicas) {
            NodeHealth h = r.health();
            sb.append(sb.length() == 0 ? "" : "; ").append(r.name()).append(": ");
            if (!h.up()) {
                sb.append("down").append(h.problem() == null ? "" : " (" + h.problem() + ")");
            } else if (!h.inRecovery()) {
                sb.append("no longer a standby");
            } else {
                sb.append("lag ").append(h.lagMillis() == Long.MAX_VALUE ? "unknown" : h.lagMillis() + " ms")
                        .append(", ").append(h.lagBytes()).append(" bytes");
            }
        }
        return sb.toString();
    }
}
