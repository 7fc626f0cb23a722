package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.exec.MultiShardWrite;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.InsertRows;
import io.shardedjdbc.sql.StatementKind;
import io.shardedjdbc.sql.StatementPlan;
import io.shardedjdbc.sql.TableKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
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

    final boolean run(StatementPlan plan, ParameterSource params) throws SQLException {
        checkOpen();
        clearResults();
        if (plan.kind() == StatementKind.TRANSACTION) {
            conn.runTransactionText(plan.sql());
            updateCount = 0;
            return false;
        }
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
                return runOnAll(plan, params);
            case SPLIT:
                return runSplit(plan, params);
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

    private void requireAutoCommitFor(String what, int shards) throws SQLException {
        if (conn.inTransaction() && shards > 1) {
            throw SqlState.CROSS_SHARD_TRANSACTION.exception(what + " writes to " + shards + " shards, which a"
                    + " transaction cannot do atomically yet: run it in auto-commit mode (each such statement then"
                    + " commits on every shard or on none)");
        }
    }

    private boolean runOnAll(StatementPlan plan, ParameterSource params) throws SQLException {
        int shards = conn.router().shardCount();
        if (conn.inTransaction() && shards == 1) {
            return runOn(0, plan);
        }
        requireAutoCommitFor("this statement (DDL, broadcast write or key-less write)", shards);
        // Broadcast tables hold one copy per shard: report one copy's count. Key-less writes add up.
        boolean sum = isShardedTarget(plan);
        int[] shardList = new int[shards];
        Arrays.setAll(shardList, i -> i);
        Collected out = new Collected(sum);
        runParts(plan, shardList, (s, i) -> plan.sql(), (s, i) -> null, out, null);
        return publish(out);
    }

    private static boolean isShardedTarget(StatementPlan plan) {
        if (plan.tables().isEmpty()) {
            return false;
        }
        String target = plan.tables().get(0);
        for (TableKey tk : plan.shardedTables()) {
            if (tk.table().name().equals(target)) {
                return true;
            }
        }
        return false;
    }

    private boolean runSplit(StatementPlan plan, ParameterSource params) throws SQLException {
        InsertRows rows = plan.insertRows();
        int[] rowShards = conn.router().rowShards(plan, params);
        List<int[]> groups = new ArrayList<>();
        List<Integer> groupShards = new ArrayList<>();
        for (int s = 0; s < conn.router().shardCount(); s++) {
            int n = 0;
            for (int r : rowShards) {
                n += r == s ? 1 : 0;
            }
            if (n > 0) {
                int[] g = new int[n];
                for (int r = 0, k = 0; r < rowShards.length; r++) {
                    if (rowShards[r] == s) {
                        g[k++] = r;
                    }
                }
                groups.add(g);
                groupShards.add(s);
            }
        }
        requireAutoCommitFor("this multi-row INSERT", groups.size());
        int[] shardList = groupShards.stream().mapToInt(Integer::intValue).toArray();
        Collected out = new Collected(true);
        out.positions = new int[rows.rowCount()][];
        runParts(plan, shardList, (s, i) -> rows.sqlForRows(groups.get(i)),
                (s, i) -> rows.parameterIndexesForRows(groups.get(i)), out, groups);
        return publish(out);
    }

    @FunctionalInterface
    private interface PartSql {
        String sql(int shard, int part) throws SQLException;
    }

    @FunctionalInterface
    private interface PartParams {
        int[] indexes(int shard, int part) throws SQLException;
    }

    /** Rows, counts and keys gathered from the parts of a multi-shard statement. */
    private static final class Collected {
        final boolean sum;
        long count;
        boolean hasResult;
        RowsResultSet.Columns resultColumns;
        RowsResultSet.Columns keyColumns;
        final List<Object[]> results = new ArrayList<>();
        final List<Object[]> keys = new ArrayList<>();
        int[][] positions;

        Collected(boolean sum) {
            this.sum = sum;
        }
    }

    private void runParts(StatementPlan plan, int[] shards, PartSql sqlOf, PartParams paramsOf, Collected out,
                          List<int[]> rowGroups) throws SQLException {
        List<Object[]>[] resultParts = new List[shards.length];
        List<Object[]>[] keyParts = new List[shards.length];
        try (MultiShardWrite write = new MultiShardWrite()) {
            try {
                for (int i = 0; i < shards.length; i++) {
                    int s = shards[i];
                    Connection c = write.enlist(conn.borrow(s), conn.router().shardName(s));
                    String sql = sqlOf.sql(s, i);
                    try (Statement st = newPhysical(c, sql)) {
                        applySettings(st);
                        boolean hasResult = executePhysical(st, sql, paramsOf.indexes(s, i));
                        boolean keep = out.sum || i == 0;
                        if (hasResult) {
                            out.hasResult = true;
                            try (ResultSet rs = st.getResultSet()) {
                                out.resultColumns = RowsResultSet.Columns.of(rs.getMetaData());
                                resultParts[i] = keep ? RowsResultSet.read(rs) : List.of();
                            }
                        } else {
                            long n = st.getLargeUpdateCount();
                            out.count = keep ? out.count + n : out.count;
                        }
                        if (options.wantsKeys() && keep) {
                            try (ResultSet rs = st.getGeneratedKeys()) {
                                out.keyColumns = RowsResultSet.Columns.of(rs.getMetaData());
                                keyParts[i] = RowsResultSet.read(rs);
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                SQLException failure = e instanceof SQLException se ? se
                        : SqlState.CONNECTION_FAILURE.exception("multi-shard write failed: " + e, e);
                write.rollback(failure);
                throw failure;
            }
            write.commit();
        }
        for (int s : shards) {
            conn.wrote(s);
        }
        merge(resultParts, rowGroups, out.results);
        merge(keyParts, rowGroups, out.keys);
    }

    /** Puts each part's rows back in the caller's row order when every row produced exactly one. */
    private static void merge(List<Object[]>[] parts, List<int[]> rowGroups, List<Object[]> into) {
        boolean positional = rowGroups != null;
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                continue;
            }
            positional &= parts[i].size() == rowGroups.get(i).length;
            total = positional ? total + parts[i].size() : total;
        }
        if (positional && total > 0) {
            Object[][] ordered = new Object[total][];
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] != null) {
                    for (int k = 0; k < parts[i].size(); k++) {
                        ordered[rowGroups.get(i)[k]] = parts[i].get(k);
                    }
                }
            }
            into.addAll(Arrays.asList(ordered));
            return;
        }
        for (List<Object[]> part : parts) {
            if (part != null) {
                into.addAll(part);
            }
        }
    }

    private boolean publish(Collected out) throws SQLException {
        if (out.keyColumns != null) {
            generatedKeys = JdbcFactory.rowsResultSet(this, out.keyColumns, RowSource.of(out.keys));
        }
        if (out.hasResult) {
            current = JdbcFactory.rowsResultSet(this, out.resultColumns, RowSource.of(out.results));
            return true;
        }
        updateCount = out.count;
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
            return runBatch(n);
        } finally {
            clearBatchEntries();
        }
    }

    private long[] runBatch(int n) throws SQLException {
        int shardCount = conn.router().shardCount();
        int[] entryCounts = new int[shardCount];
        int[] routes = routeBatch(n, entryCounts);
        int[][] perShard = new int[shardCount][];
        int used = 0;
        for (int s = 0; s < shardCount; s++) {
            perShard[s] = new int[entryCounts[s]];
            used += entryCounts[s] > 0 ? 1 : 0;
            entryCounts[s] = 0;
        }
        for (int i = 0; i < n; i++) {
            int shard = routes[i];
            if (shard != ALL) {
                perShard[shard][entryCounts[shard]++] = i;
                continue;
            }
            for (int s = 0; s < shardCount; s++) {
                perShard[s][entryCounts[s]++] = i;
            }
        }
        long[] counts = new long[n];
        Object[][] keyRows = options.wantsKeys() ? new Object[n][] : null;
        RowsResultSet.Columns[] keyColumns = new RowsResultSet.Columns[1];
        boolean[] counted = new boolean[n];
        if (conn.inTransaction()) {
            requireAutoCommitFor("this batch", used);
            for (int s = 0; s < shardCount; s++) {
                if (perShard[s].length > 0) {
                    runShardBatch(conn.acquireForWrite(s), perShard[s]).collect(counts, counted, keyRows, keyColumns);
                }
            }
        } else {
            try (MultiShardWrite write = new MultiShardWrite()) {
                try {
                    // borrowed one after the other in shard order, as every multi-shard statement does, then
                    // sent at once: the shards insert in parallel instead of waiting for each other's round trips
                    List<ParallelParts.Part<ShardBatch>> parts = new ArrayList<>(used);
                    for (int s = 0; s < shardCount; s++) {
                        if (perShard[s].length > 0) {
                            Connection c = write.enlist(conn.borrow(s), conn.router().shardName(s));
                            int[] entries = perShard[s];
                            parts.add(() -> runShardBatch(c, entries));
                        }
                    }
                    for (ShardBatch done : ParallelParts.runAll(conn.cluster.scatterExecutor(), parts, "a batch")) {
                        done.collect(counts, counted, keyRows, keyColumns);
                    }
                } catch (SQLException e) {
                    write.rollback(e);
                    throw new BatchUpdateException("the batch failed and was rolled back on every shard: "
                            + e.getMessage(), e.getSQLState(), e.getErrorCode(), new long[0], e);
                }
                write.commit();
            }
            for (int s = 0; s < shardCount; s++) {
                if (perShard[s].length > 0) {
                    conn.wrote(s);
                }
            }
        }
        if (keyColumns[0] != null) {
            List<Object[]> rows = new ArrayList<>();
            for (Object[] row : keyRows) {
                if (row != null) {
                    rows.add(row);
                }
            }
            generatedKeys = JdbcFactory.rowsResultSet(this, keyColumns[0], RowSource.of(rows));
        }
        return counts;
    }

    /** A batch entry that runs on every shard (a broadcast write), in {@link #routeBatch}'s result. */
    private static final int ALL = -1;

    /**
     * @param entryCounts filled with the number of entries each shard gets
     * @return per entry, its shard or {@link #ALL}
     */
    private int[] routeBatch(int n, int[] entryCounts) throws SQLException {
        Router router = conn.router();
        HintFrame hints = HintFrame.current();
        int preferred = conn.preferredShard();
        int[] routes = new int[n];
        // counted once per batch: 8 threads adding each row to one shared counter made it a hot spot
        RouteKind[] kinds = RouteKind.values();
        int[] kindCounts = new int[kinds.length];
        try {
            routeEntries(n, entryCounts, router, hints, preferred, routes, kindCounts);
        } finally {
            for (int k = 0; k < kindCounts.length; k++) {
                conn.cluster.countRoutes(kinds[k], kindCounts[k]);
            }
        }
        return routes;
    }

    private void routeEntries(int n, int[] entryCounts, Router router, HintFrame hints, int preferred, int[] routes,
                              int[] kindCounts) throws SQLException {
        for (int i = 0; i < n; i++) {
            int route = router.route(batchPlan(i), batchParams(i), preferred, hints);
            RouteKind kind = RouteKind.of(route);
            kindCounts[kind.ordinal()]++;
            if (kind == RouteKind.SCATTER) {
                throw SqlState.FEATURE_NOT_SUPPORTED.exception("batch entry " + (i + 1) + " is a read that needs"
                        + " several shards: run reads with executeQuery, not in a batch");
            }
            if (kind == RouteKind.SPLIT) {
                throw SqlState.FEATURE_NOT_SUPPORTED.exception("batch entry " + (i + 1) + " is a multi-row INSERT"
                        + " whose rows belong to different shards: batch single-row INSERTs instead");
            }
            if (kind == RouteKind.ALL_SHARDS) {
                routes[i] = ALL;
                for (int s = 0; s < entryCounts.length; s++) {
                    entryCounts[s]++;
                }
            } else {
                routes[i] = RouteKind.shardOf(route);
                entryCounts[routes[i]]++;
            }
        }
    }

    /** One shard's part of a batch: its entries' update counts and generated keys, collected after every part ran. */
    private record ShardBatch(int[] entries, long[] counts, RowsResultSet.Columns keyColumns,
                              List<Object[]> keys) {
        /** The first shard that reports an entry (a broadcast entry runs on every shard) gives its count and keys. */
        void collect(long[] allCounts, boolean[] counted, Object[][] keyRows, RowsResultSet.Columns[] allKeyColumns) {
            for (int j = 0; j < entries.length && j < counts.length; j++) {
                int entry = entries[j];
                if (!counted[entry]) {
                    allCounts[entry] = counts[j];
                    counted[entry] = true;
                }
            }
            if (keyColumns != null) {
                allKeyColumns[0] = keyColumns;
                for (int j = 0; j < keys.size() && j < entries.length; j++) {
                    if (keyRows[entries[j]] == null) {
                        keyRows[entries[j]] = keys.get(j);
                    }
                }
            }
        }
    }

    /** Runs on the calling thread or, for a multi-shard batch, on the cluster's executor: reads this statement only. */
    private ShardBatch runShardBatch(Connection c, int[] entries) throws SQLException {
        try (Statement st = newBatchPhysical(c)) {
            applySettings(st);
            for (int entry : entries) {
                addToPhysicalBatch(st, entry);
            }
            long[] r = st.executeLargeBatch();
            if (!options.wantsKeys()) {
                return new ShardBatch(entries, r, null, List.of());
            }
            try (ResultSet rs = st.getGeneratedKeys()) {
                return new ShardBatch(entries, r, RowsResultSet.Columns.of(rs.getMetaData()), RowsResultSet.read(rs));
            }
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
