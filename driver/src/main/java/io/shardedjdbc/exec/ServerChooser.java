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
        if (!plan.isRead() || s.replicas().isEmpty()) {
            return s.primary();
        }
        Transaction transaction = session.openTransaction();
        if (transaction != null) {
            Node pinned = transaction.pinnedNode(shard);
            if (pinned != null) {
                return pinned;
            }
            if (!transaction.readOnly(settings.readOnly())) {
                return s.primary();
            }
        }
        Consistency level = consistency.levelFor(plan.hint(), hints);
        lastReadLevel = level;
        return consistency.readTarget(s, level, consistency.requiredBy(hints, shard));
    }

    /**
     * A read on a replica failed to reach it: the replica gets no more reads until the monitor sees it healthy, and the
     * read is retried on what the session may read now. Only in auto-commit mode, where nothing else depends on the
     * failed connection.
     *
     * @return the node to retry on, or null to report the failure
     */
    public Node retry(int shard, Node failed, StatementPlan plan, HintFrame hints, SQLException failure)
            throws SQLException {
        if (session.inTransaction() || !failed.isReplica() || !plan.isRead() || !Node.connectionLost(failure)) {
            return null;
        }
        failed.markDown(failure.getMessage());
        Node next = choose(shard, plan, hints);
        return next == failed ? cluster.shard(shard).primary() : next;
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
        }
    }
}
