package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.node.Lsn;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.NodeHealth;
import io.shardedjdbc.node.ReplicaSelector;
import io.shardedjdbc.node.Shard;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.sql.SqlHint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What one logical connection has written and read, per shard, as WAL positions, and the read routing that follows
 * from it. Not thread-safe: a connection is used by one thread at a time.
 *
 * <p>No round trip learns a commit's LSN. After a commit (or a read) returns, the session notes the node and the
 * number of that node's next health check: that check's WAL position includes the commit (or everything the read
 * could have seen). Until the monitor has made it, reads that must see the commit go to the primary; a monotonic
 * session may also stay on the replica it read from, since a standby's replay only moves forward.
 */
public final class SessionConsistency {
    private final Cluster cluster;
    private Consistency level;
    /**
     * Per shard, created on the first commit, read or token that concerns it: most connections live for one
     * statement, and a read that needs no position must not pay for the bookkeeping of all shards.
     */
    private ShardPosition[] positions;
    /** The last token of a ShardHints.after scope, parsed once: a scope usually covers many statements. */
    private String hintToken;
    private long[] hintTokenPositions;

    public SessionConsistency(Cluster cluster, Consistency level) {
        this.cluster = cluster;
        this.level = level;
    }

    public Consistency level() {
        return level;
    }

    public void level(Consistency level) {
        this.level = level;
    }

    /** The level of one read: hints first (ShardHints, then the SQL comment), then the connection's; primary = strong. */
    public Consistency levelFor(SqlHint comment, HintFrame frame) {
        if (frame != null && frame.primary) {
            return Consistency.STRONG;
        }
        if (frame != null && frame.consistency != null) {
            return frame.consistency;
        }
        if (comment != null) {
            if (comment.primary()) {
                return Consistency.STRONG;
            }
            if (comment.consistency() != null) {
                return Consistency.fromYaml(comment.consistency());
            }
        }
        return level;
    }

    /** @return the position on this shard that a ShardHints.after scope requires, 0 when none */
    public long requiredBy(HintFrame frame, int shard) throws SQLException {
        if (frame == null || frame.after == null) {
            return 0;
        }
        if (!frame.after.equals(hintToken)) {
            hintTokenPositions = ConsistencyToken.parse(frame.after, cluster.router().shardNames());
            hintToken = frame.after;
        }
        return hintTokenPositions[shard];
    }

    /**
     * The node a read on this shard goes to under {@code level}.
     *
     * @param required a position the statement itself requires (a token hint), 0 when none
     */
    public Node readTarget(Shard shard, Consistency level, long required) throws SQLException {
        if (level == Consistency.STRONG || shard.replicas().isEmpty()) {
            return shard.primary();
        }
        ShardPosition at = positions == null ? null : positions[shard.index()];
        long min = required;
        Node only = null;
        if (at != null) {
            min = Math.max(min, at.tokenFloor);
            if (level != Consistency.EVENTUAL) {
                at.resolve();
                min = Math.max(min, at.floor);
                if (at.pending == shard.primary()) {
                    return at.pending;
                }
                only = at.pending;
            }
        }
        return cluster.replicaSelector().choose(shard, min, only);
    }

    /** A write on this shard's primary has committed (or ended in auto-commit mode). */
    public void wrote(Shard shard) {
        Node primary = shard.primary();
        note(shard.index(), primary);
        ShardPosition at = position(shard.index());
        at.wroteOn = primary;
        at.wroteCheck = primary.checksStarted() + 1;
        at.failoversAtWrite = shard.roles().failovers();
    }

    /**
     * After a failover, once per failover: a warning when this connection committed on the shard's old primary
     * possibly past the point where the new primary's timeline forked (an asynchronous standby was promoted), so
     * those commits may be gone. The commit's position is known from the old primary's first check after it (an
     * upper bound: a commit before the fork whose check came later is reported too, as possibly lost); a commit that
     * no check covered is reported.
     *
     * @return the warning, or null
     */
    public SQLWarning lostCommits(Shard shard) {
        ShardPosition at = positions == null ? null : positions[shard.index()];
        if (at == null || at.wroteOn == null) {
            return null;
        }
        Shard.Roles roles = shard.roles();
        if (roles.failovers() == at.failoversAtWrite) {
            return null;
        }
        Node old = at.wroteOn;
        at.wroteOn = null;
        if (old == roles.primary()) {
            return null;
        }
        NodeHealth h = old.health();
        boolean measured = h.lsnCheck() >= at.wroteCheck && h.lsn() > 0;
        long fork = roles.forkLsn();
        if (measured && fork > 0 && h.lsn() <= fork) {
            return null; // committed before the fork: the new timeline has it
        }
        return new SQLWarning("this connection committed on shard " + shard.name() + " on " + old.name()
                + (measured ? " up to WAL position " + Lsn.format(h.lsn()) : " after its last health check")
                + ", before " + roles.primary().name() + " became the primary, whose timeline forked from the old"
                + " one at " + (fork > 0 ? Lsn.format(fork) : "an unknown position") + ": those commits may have"
                + " been lost with " + old.name() + " (an asynchronous standby was promoted). Check them",
                SqlState.COMMITS_MAYBE_LOST.code());
    }

    /** A read on this node has returned; monotonic levels must not go behind what it saw. */
    public void read(Shard shard, Node node, Consistency level) {
        if (level.monotonic()) {
            note(shard.index(), node);
        }
    }

    private void note(int i, Node node) {
        ShardPosition at = position(i);
        Node p = at.pending;
        Node covering;
        if (!node.isReplica() || p == null || p == node) {
            covering = node;
        } else {
            // Two replicas, or a replica after the primary: the primary's next position covers what either saw.
            covering = cluster.shard(i).primary();
        }
        at.pending = covering;
        at.pendingCheck = covering.checksStarted() + 1;
    }

    private ShardPosition position(int i) {
        if (positions == null) {
            positions = new ShardPosition[cluster.shardCount()];
        }
        ShardPosition at = positions[i];
        if (at == null) {
            at = new ShardPosition();
            positions[i] = at;
        }
        return at;
    }

    /** Reads on this connection from now on see at least what the token covers. */
    public void require(String token) throws SQLException {
        long[] required = ConsistencyToken.parse(token, cluster.router().shardNames());
        for (int i = 0; i < required.length; i++) {
            if (required[i] > 0) {
                ShardPosition at = position(i);
                at.tokenFloor = Math.max(at.tokenFloor, required[i]);
            }
        }
    }

    /**
     * Exports what this session has written and read (and the tokens it was given) as a token. Costs one round trip
     * to each shard whose last commit or read the monitor has not measured yet, all at once (a pooled connection has
     * written to most shards within the last monitor interval); none when every position is measured.
     */
    public String token() throws SQLException {
        long[] exported = new long[cluster.shardCount()];
        int[] unmeasured = new int[exported.length];
        int count = 0;
        for (int i = 0; i < exported.length; i++) {
            ShardPosition at = positions == null ? null : positions[i];
            if (at != null) {
                at.resolve();
                exported[i] = Math.max(at.floor, at.tokenFloor);
                if (at.pending != null) {
                    unmeasured[count++] = i;
                }
            }
        }
        if (count == 1) { // the common case after one commit: no thread hand-off
            int shard = unmeasured[0];
            exported[shard] = Math.max(exported[shard], currentPosition(positions[shard].pending));
        } else if (count > 1) {
            List<ParallelParts.Part<Long>> asks = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                Node node = positions[unmeasured[k]].pending;
                asks.add(() -> currentPosition(node));
            }
            List<Long> measured = ParallelParts.runAll(cluster.scatterExecutor(), asks, "a consistency token");
            for (int k = 0; k < count; k++) {
                exported[unmeasured[k]] = Math.max(exported[unmeasured[k]], measured.get(k));
            }
        }
        return ConsistencyToken.format(cluster.router().shardNames(), exported);
    }

    private static long currentPosition(Node node) throws SQLException {
        String sql = node.isReplica() ? "SELECT pg_last_wal_replay_lsn()::text"
                : "SELECT pg_current_wal_insert_lsn()::text";
        try (Connection c = node.borrow(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return io.shardedjdbc.node.Lsn.parse(rs.getString(1));
        }
    }

    /** What the session knows about one shard's WAL. */
    private static final class ShardPosition {
        /** The primary this session last committed on, the check that covers it, and the shard's failovers then. */
        Node wroteOn;
        long wroteCheck;
        long failoversAtWrite;
        /** The position this session's reads must reach, learned from its own commits and reads. */
        long floor;
        /** The position required by consistency tokens given to the connection. */
        long tokenFloor;
        /** The node whose next measurement raises the floor, and the check number it must come from. */
        Node pending;
        long pendingCheck;

        void resolve() {
            if (pending != null) {
                NodeHealth h = pending.health();
                if (h.lsnCheck() >= pendingCheck) {
                    floor = Math.max(floor, h.lsn());
                    pending = null;
                }
            }
        }
    }
}
