package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.exec.Execution;
import io.shardedjdbc.exec.Failures;
import io.shardedjdbc.exec.ResultColumns;
import io.shardedjdbc.exec.StatementSource;
import io.shardedjdbc.exec.Warnings;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.ScatterTargets.KeyArray;
import io.shardedjdbc.sql.StatementPlan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A logical statement: the JDBC surface of one application statement. It analyses its text (plain statements) or
 * holds the cached plan (prepared ones) and hands each execution to its {@link Execution}, which routes and runs it;
 * this class turns what the execution returns into the application's result sets, counts and generated keys.
 */
public abstract class LogicalStatement extends StatementProperties {
    private static final Logger log = LoggerFactory.getLogger(LogicalStatement.class);

    final LogicalConnection conn;
    private final StatementOptions createdWith;
    private boolean closed;
    /** Runs this statement's executions and holds what the last one left open. */
    private final Execution execution;
    /** The last execution's result set and generated keys, as the application sees them. */
    private ResultSet current;
    private ResultSet generatedKeys;

    private final List<String> sqlBatch = new ArrayList<>();
    /** The servers' warnings of the last execution, from every physical statement it ran. */
    private final Warnings warnings = new Warnings();

    protected LogicalStatement(LogicalConnection conn, StatementOptions options) {
        super(options);
        this.conn = conn;
        this.createdWith = options;
        this.execution = new Execution(conn.session, new Source());
        conn.register(this);
    }

    // ---- hooks for plain vs prepared ----

    /** A physical statement for {@code sql} on {@code c}. */
    Statement newPhysical(Connection c, String sql) throws SQLException {
        return options.create(c);
    }

    /**
     * Runs {@code sql} on a physical statement (see {@link StatementSource#execute}); plain statements have no
     * parameters to bind or cut down.
     */
    boolean executePhysical(Statement st, String sql, int[] parameterIndexes, Map<Integer, KeyArray> arrays)
            throws SQLException {
        return options.execute(st, sql);
    }

    // ---- execution ----

    final boolean run(StatementPlan analysed, ParameterSource params) throws SQLException {
        checkOpen();
        clearResults();
        warnings.clear();
        boolean hasResult = execution.run(analysed, params);
        if (execution.keyColumns() != null) {
            generatedKeys = JdbcFactory.rowsResultSet(this, execution.keyColumns(), RowSource.of(execution.keys()));
        }
        if (hasResult) {
            current = execution.rows() != null ? JdbcFactory.rowsResultSet(this, execution.columns(), execution.rows())
                    : JdbcFactory.resultSet(this, execution.physical().getResultSet());
        }
        return hasResult;
    }

    // ---- batches ----

    /** Number of entries in the pending batch. */
    int batchSize() {
        return sqlBatch.size();
    }

    StatementPlan batchPlan(int entry) {
        return conn.cluster.analyzer().analyze(sqlBatch.get(entry));
    }

    ParameterSource batchParams(int entry) {
        return ParameterSource.NONE;
    }

    /** A physical statement for a shard's share of the batch. */
    Statement newBatchPhysical(Connection c) throws SQLException {
        return options.create(c);
    }

    void addToPhysicalBatch(Statement st, int entry) throws SQLException {
        st.addBatch(sqlBatch.get(entry));
    }

    void clearBatchEntries() {
        sqlBatch.clear();
    }

    final long[] runBatch() throws SQLException {
        checkOpen();
        clearResults();
        warnings.clear();
        try {
            long[] counts = execution.runBatch();
            if (execution.keyColumns() != null) {
                generatedKeys = JdbcFactory.rowsResultSet(this, execution.keyColumns(),
                        RowSource.of(execution.keys()));
            }
            return counts;
        } finally {
            clearBatchEntries();
        }
    }

    // ---- results ----

    /** Closes the previous execution's results and returns its borrowed connection. */
    void clearResults() throws SQLException {
        SQLException failure = null;
        if (current != null) {
            ResultSet rs = current;
            current = null;
            failure = Failures.close(rs, null);
        }
        if (generatedKeys != null) {
            ResultSet keys = generatedKeys;
            generatedKeys = null;
            failure = Failures.close(keys, failure);
        }
        try {
            execution.release();
        } catch (SQLException e) {
            failure = Failures.add(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A result set of this statement was closed: an auto-commit statement returns its connection. */
    void resultClosed(ResultSet rs) throws SQLException {
        if (rs == current) {
            current = null;
            if (!options.wantsKeys()) {
                execution.release();
            }
            if (closesOnCompletion()) {
                close();
            }
        }
    }

    /** The transaction ended: physical statements on pinned connections die with them. */
    void transactionEnded() {
        if (!execution.holdsBorrowed()) {
            if (execution.rowsBorrowShards() && current != null) {
                // A streamed cross-shard result from before the transaction holds pool connections of its own. The
                // transaction's end is what is being reported, so a failure to close the result is only logged.
                try {
                    current.close();
                } catch (SQLException | RuntimeException e) {
                    log.warn("a streamed cross-shard result could not be closed when the transaction ended: {}",
                            e.toString());
                }
            }
            current = null;
            execution.forgetPhysical();
        }
    }

    /** The executors' view of this statement. */
    private final class Source implements StatementSource {
        @Override
        public Statement create(Connection c, String sql) throws SQLException {
            return withSettings(newPhysical(c, sql));
        }

        @Override
        public boolean execute(Statement st, String sql, int[] parameters, Map<Integer, KeyArray> arrays)
                throws SQLException {
            return executePhysical(st, sql, parameters, arrays);
        }

        @Override
        public Warnings warnings() {
            return warnings;
        }

        @Override
        public boolean wantsKeys() {
            return options.wantsKeys();
        }

        @Override
        public long maxRows() {
            return largeMaxRows();
        }

        @Override
        public int fetchSize() {
            return fetchRows();
        }

        @Override
        public int batchSize() {
            return LogicalStatement.this.batchSize();
        }

        @Override
        public StatementPlan batchPlan(int entry) {
            return LogicalStatement.this.batchPlan(entry);
        }

        @Override
        public ParameterSource batchParams(int entry) {
            return LogicalStatement.this.batchParams(entry);
        }

        @Override
        public Statement createForBatch(Connection c) throws SQLException {
            return withSettings(newBatchPhysical(c));
        }

        @Override
        public void addToBatch(Statement st, int entry) throws SQLException {
            addToPhysicalBatch(st, entry);
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw SqlState.OBJECT_NOT_IN_STATE.exception("the statement is closed");
        }
        conn.checkOpen();
    }

    // ---- java.sql.Statement ----

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        if (!execute(sql)) {
            throw SqlState.INVALID_ARGUMENT.exception("executeQuery: the statement returned no result set");
        }
        return current;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        if (execute(sql)) {
            throw SqlState.INVALID_ARGUMENT.exception("executeUpdate: the statement returned a result set");
        }
        return execution.count();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return runPlain(sql, StatementOptions.DEFAULT);
    }

    private boolean runPlain(String sql, StatementOptions keys) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw SqlState.INVALID_ARGUMENT.exception("SQL is null");
        }
        options = keys == StatementOptions.DEFAULT ? createdWith
                : createdWith.withGeneratedKeys(keys.autoGeneratedKeys(), keys.keyIndexes(), keys.keyNames());
        StatementPlan plan = conn.cluster.analyzer().analyzePlain(sql);
        return run(plan, plan.literals() == null ? ParameterSource.NONE
                : new io.shardedjdbc.route.LiteralValues(plan.literals(), ParameterSource.NONE));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) executeLargeUpdate(sql, autoGeneratedKeys);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (int) executeLargeUpdate(sql, columnIndexes);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) executeLargeUpdate(sql, columnNames);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(autoGeneratedKeys, null, null));
        return execution.count();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(RETURN_GENERATED_KEYS, columnIndexes, null));
        return execution.count();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(RETURN_GENERATED_KEYS, null, columnNames));
        return execution.count();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(autoGeneratedKeys, null, null));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(RETURN_GENERATED_KEYS, columnIndexes, null));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(RETURN_GENERATED_KEYS, null, columnNames));
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        sqlBatch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        clearBatchEntries();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = runBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) counts[i];
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return runBatch();
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return current;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) getLargeUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return current != null ? -1 : execution.count();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        Statement physical = execution.physical();
        if (physical == null) {
            clearResults();
            return false;
        }
        ResultSet old = this.current;
        this.current = null;
        boolean more = physical.getMoreResults(current);
        if (more) {
            this.current = JdbcFactory.resultSet(this, physical.getResultSet());
        } else {
            execution.count(physical.getLargeUpdateCount());
        }
        if (old != null && current == CLOSE_CURRENT_RESULT) {
            old.close();
        }
        return more;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKeys != null) {
            return generatedKeys;
        }
        Statement physical = execution.physical();
        if (physical != null && options.wantsKeys()) {
            return JdbcFactory.resultSet(this, physical.getGeneratedKeys());
        }
        return JdbcFactory.rowsResultSet(this, ResultColumns.EMPTY, RowSource.of(List.of()));
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return conn;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        try {
            clearResults();
        } finally {
            closed = true;
            conn.unregister(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        Statement st = execution.physical();
        if (st != null) {
            st.cancel();
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings.chain();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings.clear();
    }
}
