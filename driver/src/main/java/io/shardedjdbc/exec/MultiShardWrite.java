package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One auto-commit statement that writes to several shards: each shard's part runs in its own transaction and
 * all commit only when every part succeeded. Without two-phase commit a failure between commits can still
 * leave some shards committed; that is reported as {@link SqlState#PARTIAL_COMMIT}, never as success.
 */
final class MultiShardWrite implements AutoCloseable {
    private final PhysicalConnections lender;
    private final List<Connection> connections = new ArrayList<>();
    private final List<String> shardNames = new ArrayList<>();
    /** False for statements PostgreSQL runs only outside a transaction block: each shard's part commits as it runs. */
    private final boolean atomic;

    /** @param lender where the enlisted connections go back on {@link #close} */
    MultiShardWrite(PhysicalConnections lender) {
        this(lender, true);
    }

    MultiShardWrite(PhysicalConnections lender, boolean atomic) {
        this.lender = lender;
        this.atomic = atomic;
    }

    /** Registers a borrowed connection; it is switched to manual commit here and given back by this object. */
    Connection enlist(Connection c, String shardName) throws SQLException {
        connections.add(c);
        shardNames.add(shardName);
        if (atomic) {
            c.setAutoCommit(false);
        }
        return c;
    }

    void commit() throws SQLException {
        if (!atomic) {
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
        if (atomic) {
            rollbackFrom(0, failure);
        }
    }

    /**
     * @return the failure of a part to report: for a statement that runs outside transactions, the shards before it
     * kept what they did, which the report says
     */
    SQLException failed(SQLException failure) {
        if (atomic || connections.size() <= 1) {
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
