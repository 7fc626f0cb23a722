package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.Shard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;

/**
 * The table in which a multi-shard commit's decision is kept, on one of its own shards: a row {@code (txid, committed)}
 * written in that shard's own (one-phase) transaction, so the row exists exactly when that shard committed. Its primary
 * key is the arbiter between a coordinator and a recovering instance: recovery inserts {@code committed = false} for a
 * transaction it finds in doubt, which waits for the coordinator's uncommitted row if there is one and is a no-op if it
 * committed. What is decided can never be undecided, by anyone.
 */
final class CommitDecisions {
    static final String TABLE = "sharded_jdbc.commit_decisions";
    /**
     * How long a row stays after the last look found none of its parts prepared; beyond any time a coordinator may
     * take between writing its row and preparing its last part ({@link AtomicCommit} gives up at half of it).
     */
    static final long KEEP_MILLIS = 10 * 60 * 1000L;

    private static final String CREATE = """
            CREATE SCHEMA IF NOT EXISTS sharded_jdbc;
            CREATE TABLE IF NOT EXISTS sharded_jdbc.commit_decisions (
                txid text PRIMARY KEY,
                committed boolean NOT NULL,
                participants text[] NOT NULL,
                decided_at timestamptz NOT NULL DEFAULT clock_timestamp());
            GRANT USAGE ON SCHEMA sharded_jdbc TO PUBLIC;
            GRANT SELECT, INSERT, DELETE ON sharded_jdbc.commit_decisions TO PUBLIC""";

    private final List<Shard> shards;
    /** Per shard: its decision table is known to exist; its server is known to allow prepared transactions. */
    private final boolean[] tableReady;
    private final boolean[] prepareReady;

    CommitDecisions(List<Shard> shards) {
        this.shards = shards;
        this.tableReady = new boolean[shards.size()];
        this.prepareReady = new boolean[shards.size()];
    }

    /**
     * Makes sure the shard can keep decisions: looks on {@code current} (a connection the caller holds there, so none
     * is borrowed while a transaction holds one: the pool may have no other), and creates the table once, on a
     * connection of its own outside any transaction.
     */
    void requireTable(int shard, Connection current) throws SQLException {
        synchronized (tableReady) {
            if (tableReady[shard]) {
                return;
            }
        }
        if (current != null && exists(current)) {
            synchronized (tableReady) {
                tableReady[shard] = true;
            }
            return;
        }
        try (Connection c = primary(shard).borrow()) {
            if (!exists(c)) {
                try {
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement()) {
                        st.execute(CREATE);
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    // another instance created it at the same moment: then it exists now
                    if (!exists(c)) {
                        // PostgreSQL's own SQLSTATE (42501 without the privilege): the message says what to do
                        throw new SQLException("shard " + name(shard) + " cannot keep two-phase commit decisions:"
                                + " creating " + TABLE + " failed (" + e.getMessage() + "). Let the application's"
                                + " user create it, or create it once as an administrator: "
                                + CREATE.replace('\n', ' ') + ". The transaction was rolled back on every shard",
                                e.getSQLState(), e);
                    }
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
        synchronized (tableReady) {
            tableReady[shard] = true;
        }
    }

    /**
     * Makes sure the shard's server allows PREPARE TRANSACTION (max_prepared_transactions above 0), asking on the
     * transaction's own connection there (a read).
     */
    void requirePrepare(int shard, Connection c) throws SQLException {
        synchronized (prepareReady) {
            if (prepareReady[shard]) {
                return;
            }
        }
        int max;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('max_prepared_transactions')::int")) {
            rs.next();
            max = rs.getInt(1);
        }
        if (max <= 0) {
            throw SqlState.OBJECT_NOT_IN_STATE.exception("shard " + name(shard) + "'s server has"
                    + " max_prepared_transactions = 0, so it cannot take part in a two-phase commit, which a"
                    + " transaction writing several shards needs. Set max_prepared_transactions (e.g. to"
                    + " max_connections) on every server of the fleet, replicas included, and restart them; or keep"
                    + " each transaction's writes on one shard, or set multiShardTransactions=refuse. The transaction"
                    + " was rolled back on every shard.");
        }
        synchronized (prepareReady) {
            prepareReady[shard] = true;
        }
    }

    /** The coordinator's row, written in the deciding shard's own transaction on {@code c}. */
    void record(Connection c, String txid, List<String> participants) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (txid, committed, participants) VALUES (?, true, ?)")) {
            ps.setString(1, txid);
            ps.setArray(2, c.createArrayOf("text", participants.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * What was decided for {@code txid}, deciding "rolled back" if nothing was: waits (up to {@code lockTimeoutMillis})
     * for a coordinator whose row is not committed yet.
     *
     * @return true: committed; false: rolled back; null: unknown now (the shard is unreachable, or the coordinator
     * still holds its row after the wait)
     */
    Boolean settle(int shard, String txid, long lockTimeoutMillis) {
        try {
            requireTable(shard, null);
            try (Connection c = primary(shard).borrow()) {
                c.setAutoCommit(false);
                try {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET LOCAL lock_timeout = " + lockTimeoutMillis);
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                            + " (txid, committed, participants) VALUES (?, false, '{}') ON CONFLICT (txid) DO NOTHING")) {
                        ps.setString(1, txid);
                        ps.executeUpdate();
                    }
                    Boolean committed = null;
                    try (PreparedStatement ps = c.prepareStatement("SELECT committed FROM " + TABLE
                            + " WHERE txid = ?")) {
                        ps.setString(1, txid);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                committed = rs.getBoolean(1);
                            }
                        }
                    }
                    c.commit();
                    return committed;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            AtomicCommit.log.warn("shard {}: cannot settle the decision of two-phase commit {} now ({}); it stays"
                    + " in doubt until a later try", name(shard), txid, e.getMessage());
            return null;
        }
    }

    /** Deletes the rows of commits whose every part is finished. */
    void forget(int shard, Collection<String> txids) throws SQLException {
        try (Connection c = primary(shard).borrow();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE txid = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", txids.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * Deletes rows older than {@link #KEEP_MILLIS} whose transaction has no prepared part anywhere (the caller looked
     * at every shard just before).
     *
     * @return rows deleted
     */
    int collect(int shard, Collection<String> inDoubt) throws SQLException {
        if (!tableExists(shard)) {
            return 0;
        }
        try (Connection c = primary(shard).borrow();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE decided_at < clock_timestamp()"
                     + " - make_interval(secs => ?) AND NOT (txid = ANY(?))")) {
            ps.setLong(1, KEEP_MILLIS / 1000);
            Array live = c.createArrayOf("text", inDoubt.toArray());
            ps.setArray(2, live);
            return ps.executeUpdate();
        }
    }

    private boolean tableExists(int shard) throws SQLException {
        synchronized (tableReady) {
            if (tableReady[shard]) {
                return true;
            }
        }
        try (Connection c = primary(shard).borrow()) {
            return exists(c);
        }
    }

    private static boolean exists(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private Node primary(int shard) {
        return shards.get(shard).primary();
    }

    private String name(int shard) {
        return shards.get(shard).name();
    }
}
