package io.shardedjdbc.exec;

import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.Shard;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.SQLException;

/**
 * The one place a statement's server is chosen: from the shard its route names, the session's consistency, the
 * transaction's pins and the statement's hints. Writes, and reads in a transaction that may write, go to the shard's
 * primary; other reads where the consistency allows (a replica fresh enough, else the primary); a transaction stays
 * on the server its first statement on the shard chose. A failed replica read is retried here too.
 */
public final class ServerChooser {
    private final Cluster cluster;
    private final SessionConsistency consistency;
    private final Session session;
    private final SessionSettings settings;
    /** The consistency level the last routed read ran under (hints included), for what the session notes after it. */
    private Consistency lastReadLevel;

    ServerChooser(Cluster cluster, SessionConsistency consistency, Session session, SessionSettings settings) {
        this.cluster = cluster;
        this.consistency = consistency;
        this.session = session;
        this.settings = settings;
    }

    /** @param hints the statement's hint scope, read once per statement; null: none */
    public Node choose(int shard, StatementPlan plan, HintFrame hints) throws SQLException {
        lastReadLevel = null;
        Shard s = cluster.shard(shard);
        Transaction transaction = session.openTransaction();
        if (transaction != null) {
            Node pinned = transaction.pinnedNode(shard);
            if (pinned != null) {
                return pinned;
            }
        }
        if (!plan.isRead() || s.replicas().isEmpty()
                || transaction != null && !transaction.readOnly(settings.readOnly())) {
            return cluster.writable(shard);
        }
        Consistency level = consistency.levelFor(plan.hint(), hints);
        lastReadLevel = level;
        Node target = consistency.readTarget(s, level, consistency.requiredBy(hints, shard));
        // a read that must be on the primary waits for a new one as a write does
        return target == s.primary() ? cluster.writable(shard) : target;
    }

    /**
     * A read failed to reach its server: the server gets no more statements until the monitor sees it healthy, and the
     * read is retried on what the session may read now (a replica, or the primary, which may be a new one). Only in
     * auto-commit mode, where nothing else depends on the failed connection.
     *
     * @return the node to retry on, or null to report the failure
     */
    public Node retry(int shard, Node failed, StatementPlan plan, HintFrame hints, SQLException failure)
            throws SQLException {
        if (session.inTransaction() || !plan.isRead() || !Node.connectionLost(failure)) {
            return null;
        }
        failed.markDown(failure.getMessage());
        Node next = choose(shard, plan, hints);
        return next == failed && failed.isReplica() ? cluster.writable(shard) : next;
    }

    /**
     * A statement on {@code node} has returned: in auto-commit mode a write has committed, and a read tells a
     * monotonic session where it may not go behind.
     */
    public void executed(int shard, Node node, StatementPlan plan) {
        if (session.inTransaction()) {
            return;
        }
        if (!plan.isRead()) {
            consistency.wrote(cluster.shard(shard));
        } else if (lastReadLevel != null) {
            consistency.read(cluster.shard(shard), node, lastReadLevel);
            cluster.countRead(lastReadLevel, node.isReplica());
        }
    }
}
