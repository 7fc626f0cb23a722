package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.sql.StatementKind;
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

/**
 * A logical statement: analyses (plain statements) or reuses the cached plan (prepared ones), routes, then runs on
 * a physical statement of the chosen shard, replaying this statement's settings. Multi-shard writes (broadcast,
 * DDL, split INSERTs, batches) commit on every shard or on none.
 */
public abstract class LogicalStatement implements Statement {
    private static final Logger log = LoggerFactory.getLogger(LogicalStatement.class);

    final LogicalConnection conn;
    private final StatementOptions createdWith;
    /** The options of the current execution: a plain statement's generated-keys request is per call. */
    StatementOptions options;
    private boolean closed;
    private boolean closeOnCompletion;
    private boolean poolable;
    private long maxRows;
    /** {@link #current} is a streamed cross-shard result holding connections borrowed outside any transaction. */
    private boolean currentBorrowsShards;
    private int fetchSize;
    private int queryTimeout;
    private int maxFieldSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private boolean escapeProcessing = true;

    /** The physical statement of the last single-shard execution, its connection when borrowed, its results. */
    private Statement physical;
    private Connection held;
    private ResultSet current;
    private long updateCount = -1;
    private ResultSet generatedKeys;

    private final List<String> sqlBatch = new ArrayList<>();

    protected LogicalStatement(LogicalConnection conn, StatementOptions options) {
        this.conn = conn;
        this.createdWith = options;
        this.options = options;
        conn.register(this);
    }

    // ---- hooks for plain vs prepared ----

    /** A physical statement for {@code sql} on {@code c}. */
    Statement newPhysical(Connection c, String sql) throws SQLException {
        return options.create(c);
    }

    /**
     * Runs {@code sql} on a physical statement.
     *
     * @param parameterIndexes original parameter indexes to bind in order; null: all parameters as they are
     */
    boolean executePhysical(Statement st, String sql, int[] parameterIndexes) throws SQLException {
        return options.execute(st, sql);
    }

    /**
     * As {@link #executePhysical(Statement, String, int[])}, with the {@code ANY(?)} arrays a cross-shard read cut
     * down for this shard bound in place of the original values (plain statements have no parameters to cut).
     */
    boolean executePhysical(Statement st, String sql, int[] parameterIndexes,
                            java.util.Map<Integer, io.shardedjdbc.route.ScatterTargets.KeyArray> arrays)
            throws SQLException {
        return executePhysical(st, sql, parameterIndexes);
    }

    // ---- execution ----

    final boolean run(StatementPlan analysed, ParameterSource params) throws SQLException {
        checkOpen();
        clearResults();
        if (analysed.kind() == StatementKind.TRANSACTION) {
            conn.runTransactionText(analysed.sql());
            updateCount = 0;
            return false;
        }
        StatementPlan plan = conn.cluster.serverCatalog().current(analysed);
        boolean result = route(plan, params);
        if (plan.kind() == StatementKind.DDL) {
            conn.cluster.serverCatalog().ddlRan(plan);
        }
        return result;
    }

    private boolean route(StatementPlan plan, ParameterSource params) throws SQLException {
        int route = conn.router().route(plan, params, conn.preferredShard());
        RouteKind kind = RouteKind.of(route);
        conn.cluster.countRoute(kind);
        if (log.isDebugEnabled()) {
            int shard = RouteKind.shardOf(route);
            log.debug("{} -> {}: {}", kind, shard < 0 ? "several shards" : conn.router().shardName(shard),
                    plan.sql());
        }
        switch (kind) {
            case ALL_SHARDS:
                return conn.inTransaction() && conn.router().shardCount() == 1 ? runOn(0, plan)
                        : publish(ShardWrites.onEveryShard(this, plan));
            case SPLIT:
                return publish(ShardWrites.split(this, plan, params));
            case KEY_LIST:
                return publish(ShardWrites.onKeyOwners(this, plan, params));
            case SCATTER:
                current = ScatterRead.run(this, plan, params);
                currentBorrowsShards = fetchSize > 0 && !conn.inTransaction();
                return true;
            default:
                return runOn(RouteKind.shardOf(route), plan);
        }
    }

    private boolean runOn(int shard, StatementPlan plan) throws SQLException {
        Node node = conn.target(shard, plan);
        for (int attempts = conn.cluster.shard(shard).replicas().size(); ; attempts--) {
            try {
                boolean hasResult = runOn(shard, node, plan);
                conn.executed(shard, node, plan);
                return hasResult;
            } catch (SQLException e) {
                Node next = attempts > 0 ? conn.retryTarget(shard, node, plan, e) : null;
                if (next == null) {
                    throw e;
                }
                log.debug("{} failed ({}); read retried on {}", node, e.getMessage(), next);
                node = next;
            }
        }
    }

    private boolean runOn(int shard, Node node, StatementPlan plan) throws SQLException {
        Connection c = conn.acquire(shard, node, !plan.isRead());
        boolean borrowed = !conn.inTransaction();
        Statement st = null;
        try {
            st = newPhysical(c, plan.sql());
            applySettings(st);
            boolean hasResult = executePhysical(st, plan.sql(), null);
            physical = st;
            held = borrowed ? c : null;
            if (hasResult) {
                current = JdbcFactory.resultSet(this, st.getResultSet());
            } else {
                updateCount = st.getLargeUpdateCount();
                if (borrowed && !options.wantsKeys()) {
                    releaseHeld();
                }
            }
            return hasResult;
        } catch (SQLException | RuntimeException e) {
            physical = null;
            held = null;
            closeQuietly(st, e);
            if (borrowed) {
                closeQuietly(c, e);
            }
            throw e;
        }
    }

    void requireAutoCommitFor(String what, int shards) throws SQLException {
        if (conn.inTransaction() && shards > 1) {
            throw SqlState.CROSS_SHARD_TRANSACTION.exception(what + " writes to " + shards + " shards, which a"
                    + " transaction cannot do atomically yet: run it in auto-commit mode (each such statement then"
                    + " commits on every shard or on none)");
        }
    }

    private boolean publish(ShardWrites.Result out) throws SQLException {
        if (out.keyColumns() != null) {
            generatedKeys = JdbcFactory.rowsResultSet(this, out.keyColumns(), RowSource.of(out.keys()));
        }
        if (out.columns() != null) {
            current = JdbcFactory.rowsResultSet(this, out.columns(), RowSource.of(out.rows()));
            return true;
        }
        updateCount = out.count();
        return false;
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
        int n = batchSize();
        try {
            BatchRun.Result done = BatchRun.run(this, n);
            if (done.keyColumns() != null) {
                generatedKeys = JdbcFactory.rowsResultSet(this, done.keyColumns(), RowSource.of(done.keys()));
            }
            return done.counts();
        } finally {
            clearBatchEntries();
        }
    }

    // ---- results ----

    void applySettings(Statement st) throws SQLException {
        if (maxRows > 0) {
            // pgjdbc has no setLargeMaxRows; no result it can return is larger than an int anyway.
            st.setMaxRows((int) Math.min(maxRows, Integer.MAX_VALUE));
        }
        if (fetchSize > 0) {
            st.setFetchSize(fetchSize);
        }
        if (queryTimeout > 0) {
            st.setQueryTimeout(queryTimeout);
        }
        if (maxFieldSize > 0) {
            st.setMaxFieldSize(maxFieldSize);
        }
        if (fetchDirection != ResultSet.FETCH_FORWARD) {
            st.setFetchDirection(fetchDirection);
        }
        if (!escapeProcessing) {
            st.setEscapeProcessing(false);
        }
    }

    /** Closes the previous execution's results and returns its borrowed connection. */
    void clearResults() throws SQLException {
        SQLException failure = null;
        currentBorrowsShards = false;
        if (current != null) {
            ResultSet rs = current;
            current = null;
            try {
                rs.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        if (generatedKeys != null) {
            generatedKeys.close();
            generatedKeys = null;
        }
        updateCount = -1;
        if (physical != null) {
            try {
                physical.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
            physical = null;
        }
        try {
            releaseHeld();
        } catch (SQLException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void releaseHeld() throws SQLException {
        if (held != null) {
            Connection c = held;
            held = null;
            c.close();
        }
    }

    /** A result set of this statement was closed: an auto-commit statement returns its connection. */
    void resultClosed(ResultSet rs) throws SQLException {
        if (rs == current) {
            current = null;
            if (!options.wantsKeys()) {
                if (physical != null) {
                    Statement st = physical;
                    physical = null;
                    st.close();
                }
                releaseHeld();
            }
            if (closeOnCompletion) {
                close();
            }
        }
    }

    /** The transaction ended: physical statements on pinned connections die with them. */
    void transactionEnded() {
        if (held == null) {
            if (currentBorrowsShards) {
                // A streamed cross-shard result from before the transaction holds pool connections of its own.
                closeQuietly(current, new SQLException());
            }
            current = null;
            currentBorrowsShards = false;
            physical = null;
        }
    }

    private static void closeQuietly(AutoCloseable c, Exception failure) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw SqlState.CONNECTION_CLOSED.exception("the statement is closed");
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
        return updateCount;
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
        return run(conn.cluster.analyzer().analyze(sql), ParameterSource.NONE);
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
        return updateCount;
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(RETURN_GENERATED_KEYS, columnIndexes, null));
        return updateCount;
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        runPlain(sql, StatementOptions.DEFAULT.withGeneratedKeys(RETURN_GENERATED_KEYS, null, columnNames));
        return updateCount;
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
        return current != null ? -1 : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
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
            updateCount = physical.getLargeUpdateCount();
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
        if (physical != null && options.wantsKeys()) {
            return JdbcFactory.resultSet(this, physical.getGeneratedKeys());
        }
        return JdbcFactory.rowsResultSet(this, RowsResultSet.Columns.EMPTY, RowSource.of(List.of()));
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
        Statement st = physical;
        if (st != null) {
            st.cancel();
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return physical != null ? physical.getWarnings() : null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        if (physical != null) {
            physical.clearWarnings();
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("max field size must be >= 0");
        }
        maxFieldSize = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) getLargeMaxRows();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("max rows must be >= 0");
        }
        maxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("query timeout must be >= 0");
        }
        queryTimeout = seconds;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("fetch size must be >= 0");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return options.concurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return options.type();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return options.holdability();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
