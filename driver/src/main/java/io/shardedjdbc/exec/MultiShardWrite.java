package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One auto-commit statement that writes to several shards: each shard's part runs in its own transaction and all
 * commit only when every part succeeded, with two-phase commit (all or none) unless multi-shard commit is refused.
 * Then a failure between commits can leave some shards committed; that is reported as
 * {@link SqlState#PARTIAL_COMMIT}, never as success.
 */
final class MultiShardWrite implements AutoCloseable {
    private final PhysicalConnections lender;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Integer> shards = new ArrayList<>();
    private final List<String> shardNames = new ArrayList<>();
    /** False for statements PostgreSQL runs only outside a transaction block: each shard's part commits as it runs. */
    private final boolean transactional;
    /** Null: the parts commit one after the other. */
    private final AtomicCommit atomic;

    /**
     * @param lender        where the enlisted connections go back on {@link #close}
     * @param transactional false: each part commits as it runs (statements PostgreSQL runs only outside a
     *                      transaction block)
     * @param atomic        the two-phase commit of the parts; null: one after the other
     */
    MultiShardWrite(PhysicalConnections lender, boolean transactional, AtomicCommit atomic) {
        this.lender = lender;
        this.transactional = transactional;
        this.atomic = atomic;
    }

    /** Registers a borrowed connection; it is switched to manual commit here and given back by this object. */
    Connection enlist(Connection c, int shard, String shardName) throws SQLException {
        connections.add(c);
        shards.add(shard);
        shardNames.add(shardName);
        if (transactional) {
            c.setAutoCommit(false);
        }
        return c;
    }

    void commit() throws SQLException {
        if (!transactional) {
            return;
        }
        if (atomic != null && connections.size() > 1) {
            List<AtomicCommit.Part> parts = new ArrayList<>(connections.size());
            for (int i = 0; i < connections.size(); i++) {
                parts.add(new AtomicCommit.Part(shards.get(i), connections.get(i)));
            }
            try {
                atomic.commit(parts);
            } catch (SQLException e) {
                rollbackFrom(0, e);
                throw e;
            }
            return;
        }
        for (int i = 0; i < connections.size(); i++) {
            try {
                connections.get(i).commit();
            } catch (SQLException e) {
                rollbackFrom(i, e);
                if (i == 0) {
                    throw e;
                }
                throw SqlState.PARTIAL_COMMIT.exception("the write committed on " + shardNames.subList(0, i)
                        + " but failed to commit on " + shardNames.get(i) + " (" + e.getMessage()
                        + "); the remaining shards were rolled back: repair or retry the statement", e);
            }
        }
    }

    /** Rolls every part back after a failed statement; the failure is the one to report. */
    void rollback(SQLException failure) {
        if (transactional) {
            rollbackFrom(0, failure);
        }
    }

    /**
     * @return the failure of a part to report: for a statement that runs outside transactions, the shards before it
     * kept what they did, which the report says
     */
    SQLException failed(SQLException failure) {
        if (transactional || connections.size() <= 1) {
            return failure;
        }
        return SqlState.PARTIAL_COMMIT.exception("the statement cannot run in a transaction, so it ran on each shard"
                + " in turn: it is done on " + shardNames.subList(0, connections.size() - 1) + " and failed on "
                + shardNames.get(connections.size() - 1) + " (" + failure.getMessage() + "); the shards after it"
                + " did not run it: repair or rerun it (IF NOT EXISTS makes a rerun safe)", failure);
    }

    private void rollbackFrom(int first, SQLException failure) {
        for (int i = first; i < connections.size(); i++) {
            try {
                connections.get(i).rollback();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Gives every connection back; the first failure is thrown with the others suppressed in it. */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (Connection c : connections) {
            try {
                lender.giveBack(c);
            } catch (SQLException e) {
                failure = Failures.add(failure, e);
            }
        }
        connections.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
