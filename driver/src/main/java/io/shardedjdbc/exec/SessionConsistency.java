package io.shardedjdbc.exec;

import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.NodeHealth;
import io.shardedjdbc.node.ReplicaSelector;
import io.shardedjdbc.node.Shard;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.sql.SqlHint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
    /** Positions this session's reads must reach, learned from its own commits and reads. */
    private final long[] floor;
    /** Positions required by consistency tokens given to the connection. */
    private final long[] tokenFloor;
    /** Per shard: the node whose next measurement raises the floor, and the check number it must come from. */
    private final Node[] pending;
    private final long[] pendingCheck;
    /** The last token of a ShardHints.after scope, parsed once: a scope usually covers many statements. */
    private String hintToken;
    private long[] hintTokenPositions;

    public SessionConsistency(Cluster cluster, Consistency level) {
        this.cluster = cluster;
        this.level = level;
        int n = cluster.shardCount();
        this.floor = new long[n];
        this.tokenFloor = new long[n];
        this.pending = new Node[n];
        this.pendingCheck = new long[n];
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
        int i = shard.index();
        long min = Math.max(tokenFloor[i], required);
        Node only = null;
        if (level != Consistency.EVENTUAL) {
            resolve(i);
            min = Math.max(min, floor[i]);
            Node p = pending[i];
            if (p == shard.primary()) {
                return p;
            }
            only = p;
        }
        return cluster.replicaSelector().choose(shard, min, only);
    }

    /** A write on this shard's primary has committed (or ended in auto-commit mode). */
    public void wrote(Shard shard) {
        note(shard.index(), shard.primary());
    }

    /** A read on this node has returned; monotonic levels must not go behind what it saw. */
    public void read(Shard shard, Node node, Consistency level) {
        if (level.monotonic()) {
            note(shard.index(), node);
        }
    }

    private void note(int i, Node node) {
        Node p = pending[i];
        Node covering;
        if (!node.isReplica() || p == null || p == node) {
            covering = node;
        } else {
            // Two replicas, or a replica after the primary: the primary's next position covers what either saw.
            covering = cluster.shard(i).primary();
        }
        pending[i] = covering;
        pendingCheck[i] = covering.checksStarted() + 1;
    }

    private void resolve(int i) {
        Node p = pending[i];
        if (p != null) {
            NodeHealth h = p.health();
            if (h.lsnCheck() >= pendingCheck[i]) {
                floor[i] = Math.max(floor[i], h.lsn());
                pending[i] = null;
            }
        }
    }

    /** Reads on this connection from now on see at least what the token covers. */
    public void require(String token) throws SQLException {
        long[] positions = ConsistencyToken.parse(token, cluster.router().shardNames());
        for (int i = 0; i < positions.length; i++) {
            tokenFloor[i] = Math.max(tokenFloor[i], positions[i]);
        }
    }

    /**
     * Exports what this session has written and read (and the tokens it was given) as a token. Costs one round trip
     * per shard whose last commit or read the monitor has not measured yet; none otherwise.
     */
    public String token() throws SQLException {
        long[] positions = new long[floor.length];
        for (int i = 0; i < floor.length; i++) {
            resolve(i);
            long position = Math.max(floor[i], tokenFloor[i]);
            if (pending[i] != null) {
                position = Math.max(position, currentPosition(pending[i]));
            }
            positions[i] = position;
        }
        return ConsistencyToken.format(cluster.router().shardNames(), positions);
    }

    private static long currentPosition(Node node) throws SQLException {
        String sql = node.isReplica() ? "SELECT pg_last_wal_replay_lsn()::text"
                : "SELECT pg_current_wal_insert_lsn()::text";
        try (Connection c = node.borrow(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return io.shardedjdbc.node.Lsn.parse(rs.getString(1));
        }
    }
}
