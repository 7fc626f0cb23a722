package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.ScatterTargets;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * One shard's part of a cross-shard read: its connection, physical statement and rows. An eager part reads all its
 * rows when it runs and lets go of the connection at once; a streaming part keeps the physical result open and hands
 * out rows as the merge pulls them (pgjdbc fetching them fetch size at a time), and lets go once it has no more rows
 * or is closed.
 */
final class ShardPart implements RowSource {
    final int shard;
    final Node node;
    final String name;
    private final Connection connection;
    /**
     * Where the connection goes back on release when it was borrowed for this read in auto-commit mode; null for a
     * transaction's pinned connection.
     */
    private final PhysicalConnections lender;
    private final boolean borrowed;
    /** This part began a transaction on its borrowed connection (pgjdbc uses a cursor only inside one). */
    private boolean ownTransaction;
    private Statement physical;
    private ResultSet results;
    private ResultColumns columns;
    private int columnCount;
    /** An eager part's rows; null for a streaming part. */
    private List<Object[]> buffered;
    private int position;
    private boolean failed;
    private boolean released;

    ShardPart(int shard, Node node, String name, Connection connection, PhysicalConnections lender) {
        this.shard = shard;
        this.node = node;
        this.name = name;
        this.connection = connection;
        this.lender = lender;
        this.borrowed = lender != null;
    }

    /**
     * Runs the part's SQL. Streaming, it returns after the first fetch; eager, after every row was read and the
     * connection released.
     *
     * @param parameters the original parameter bound to each {@code ?} of {@code sql}
     * @param arrays     the {@code ANY(?)} arrays cut down to this shard's keys, by original parameter
     * @param maxRows    rows the shard may return at most, 0 for all
     * @param describe   whether to copy the result's column metadata (one part does, for the merged result)
     */
    void open(StatementSource statement, String sql, int[] parameters, Map<Integer, ScatterTargets.KeyArray> arrays,
              boolean stream, long maxRows, boolean describe) throws SQLException {
        try {
            if (stream && borrowed) {
                connection.setAutoCommit(false);
                ownTransaction = true;
            }
            physical = statement.create(connection, sql);
            if (statement.maxRows() > 0) {
                // The logical statement's max rows bound the merged result, not each shard's (see ScatterRead);
                // pgjdbc has no setLargeMaxRows.
                physical.setMaxRows((int) Math.min(maxRows, Integer.MAX_VALUE));
            }
            boolean hasResult = statement.execute(physical, sql, parameters, arrays);
            statement.warnings().note(physical);
            if (!hasResult) {
                throw SqlState.CROSS_SHARD_READ.exception("shard " + name + " returned no rows for a read: " + sql);
            }
            results = physical.getResultSet();
            if (describe) {
                columns = ResultColumns.of(results.getMetaData());
                columnCount = columns.labels().length;
            } else {
                // Every shard returns the same columns: one description (a catalog round trip in pgjdbc) is enough.
                columnCount = results.getMetaData().getColumnCount();
            }
            if (!stream) {
                buffered = DetachedRows.read(results);
                release();
            }
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    ResultColumns columns() {
        return columns;
    }

    @Override
    public Object[] next() throws SQLException {
        if (buffered != null) {
            if (position >= buffered.size()) {
                return null;
            }
            Object[] row = buffered.get(position);
            buffered.set(position++, null);
            return row;
        }
        if (released) {
            return null;
        }
        try {
            if (!results.next()) {
                release();
                return null;
            }
            return DetachedRows.readRow(results, columnCount);
        } catch (SQLException e) {
            failed = true;
            throw new SQLException("shard " + name + " failed while its rows were read: " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        buffered = null;
        release();
    }

    /**
     * Closes the physical result and statement, ends the transaction this part began and gives a borrowed
     * connection back, in auto-commit mode as it was lent. A part read without error commits its transaction, which
     * only read, the same as auto-commit would have; a failed one rolls back.
     */
    private void release() throws SQLException {
        if (released) {
            return;
        }
        released = true;
        SQLException failure = null;
        failure = Failures.close(results, failure);
        results = null;
        failure = Failures.close(physical, failure);
        physical = null;
        if (ownTransaction) {
            try {
                if (failed || failure != null) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
            } catch (SQLException e) {
                failure = Failures.add(failure, e);
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                failure = Failures.add(failure, e);
            }
        }
        if (borrowed) {
            try {
                lender.giveBack(connection);
            } catch (SQLException e) {
                failure = Failures.add(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
