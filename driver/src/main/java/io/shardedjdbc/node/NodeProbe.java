package io.shardedjdbc.node;


import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * Checks one node over a connection of its own (outside the node's pool, so checks never wait behind application
 * statements and pool statistics stay the application's). Runs on the monitor's threads, one check at a time.
 */
final class NodeProbe implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeProbe.class);
    /**
     * One round trip for both roles. clock_timestamp, not now(): now() is the transaction start, and the age of the
     * last replayed commit is what measures how far behind a paused or slow standby is.
     */
    static final String CHECK_SQL = "SELECT pg_is_in_recovery(),"
            + " (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text,"
            + " pg_last_wal_receive_lsn()::text,"
            + " (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint,"
            // the timeline: a primary's from its current WAL file name (readable by any user); a standby's from its
            // WAL receiver, which only privileged users see (else NULL: unknown)
            + " CASE WHEN pg_is_in_recovery() THEN (SELECT received_tli FROM pg_stat_wal_receiver)::bigint"
            + " ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int::bigint END,"
            // on a promoted primary, where its timeline forked: the end of the WAL it replayed (static after recovery)
            + " CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_last_wal_replay_lsn()::text END";

    private static final Executor SAME_THREAD = Runnable::run;

    private final Node node;
    /** The node's shard: its primary now tells how far a standby is behind, and it reassesses roles after checks. */
    private final Shard shard;
    private final int timeoutMillis;
    private final int downAfter;
    private final org.postgresql.Driver pgjdbc = new org.postgresql.Driver();
    private Connection connection;

    NodeProbe(Node node, Shard shard, int timeoutMillis, int downAfter) {
        this.node = node;
        this.shard = shard;
        this.timeoutMillis = timeoutMillis;
        this.downAfter = downAfter;
    }

    Node node() {
        return node;
    }

    void check() {
        long number = node.startCheck();
        NodeHealth before = node.health();
        NodeHealth after;
        try {
            after = measure(number);
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            after = before.failed(e.getMessage(), downAfter);
        }
        node.publish(after);
        if (before.up() && !after.up()) {
            LOG.warn("{} is down: {}", node.name(), after.problem());
        } else if (!before.up() && after.up() && before != NodeHealth.UNKNOWN) {
            LOG.info("{} is up again", node.name());
        }
    }

    private NodeHealth measure(long number) throws SQLException {
        Connection c = connection();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(CHECK_SQL)) {
            rs.next();
            boolean inRecovery = rs.getBoolean(1);
            long lsn = Lsn.parse(rs.getString(2));
            long timeline = rs.getLong(5);
            if (!inRecovery) {
                String end = rs.getString(6);
                return new NodeHealth(true, false, lsn, number, 0, 0, 0, null, timeline, end == null ? 0 : Lsn.parse(end));
            }
            long received = Lsn.parse(rs.getString(3));
            long replayAge = rs.getLong(4);
            boolean noReplayedCommit = rs.wasNull();
            Node primary = shard.primary();
            NodeHealth p = primary == node ? null : primary.health();
            long primaryLsn = p == null || p.lsn() == 0 ? 0 : p.lsn();
            long lagBytes = Math.max(0, primaryLsn - lsn);
            boolean behind = lagBytes > 0 || received > lsn;
            long lagMillis = !behind ? 0 : noReplayedCommit ? Long.MAX_VALUE : Math.max(0, replayAge);
            return new NodeHealth(true, true, lsn, number, lagMillis, lagBytes, 0, null, timeline, 0);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = node.connectDirect(pgjdbc, timeoutMillis, "sharded-jdbc monitor");
            c.setNetworkTimeout(SAME_THREAD, timeoutMillis);
            connection = c;
        }
        return connection;
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // The connection is broken already; the failed check is what gets reported.
            }
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
