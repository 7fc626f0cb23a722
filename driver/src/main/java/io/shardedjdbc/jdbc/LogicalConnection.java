package io.shardedjdbc.jdbc;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedConnection;
import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.exec.Cluster;
import io.shardedjdbc.exec.NodeStatuses;
import io.shardedjdbc.exec.SessionConsistency;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.Shard;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The logical connection: cheap to create (no socket), it borrows physical connections from the nodes' pools when
 * a statement runs. In auto-commit mode a statement holds its borrowed connection until its results are consumed;
 * inside a transaction one physical connection per touched shard is pinned until commit or rollback.
 * Pass-through and unsupported methods are generated at build time into a concrete subclass.
 */
public abstract class LogicalConnection implements ShardedConnection {
    /** Connection property: a consistency token this connection's reads must honour. */
    public static final String CONSISTENCY_TOKEN = "consistencyToken";
    private static final LogicalStatement[] NO_STATEMENTS = new LogicalStatement[0];

    final Cluster cluster;
    private final String url;
    private final String user;
    private final Connection[] pinned;
    /** The node each pinned connection came from: a replica in read-only transactions, else the primary. */
    private final Node[] pinnedNodes;
    private final SessionConsistency session;
    /** The consistency level the last routed read ran under (hints included), for what the session notes after it. */
    private Consistency lastReadLevel;
    /** A transaction begun with SQL (BEGIN / START TRANSACTION) rather than setAutoCommit(false). */
    private TransactionText.Modes sqlTransaction;
    /**
     * Open statements, oldest first. A list, not an identity set: a connection usually holds one or two, is often
     * opened for a single statement, and closes its newest first, which {@link #unregister} finds at the end.
     */
    private final ArrayList<LogicalStatement> statements = new ArrayList<>();
    private boolean autoCommit = true;
    private boolean readOnly;
    private boolean closed;
    private int isolation = -1;
    private String schema;
    private int networkTimeoutMillis;
    private int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
    private int writtenShard = -1;
    private Connection metadataConnection;
    /** Created on first use: most connections never set client info. */
    private Properties clientInfo;

    protected LogicalConnection(Cluster cluster, String url, String user) {
        this.cluster = cluster;
        this.url = url;
        this.user = user;
        this.pinned = new Connection[cluster.shardCount()];
        this.pinnedNodes = new Node[cluster.shardCount()];
        this.session = new SessionConsistency(cluster, cluster.defaultConsistency());
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    // ---- physical connections ----

    void checkOpen() throws SQLException {
        if (closed) {
            throw SqlState.CONNECTION_CLOSED.exception("the connection is closed");
        }
    }

    /**
     * The server a statement runs on: writes, and reads in a transaction that may write, on the shard's primary; other
     * reads where the session's consistency allows (a replica fresh enough, else the primary). A read-only
     * transaction stays on the server its first statement on the shard chose.
     */
    Node target(int shard, StatementPlan plan) throws SQLException {
        lastReadLevel = null;
        Shard s = cluster.shard(shard);
        if (!plan.isRead() || s.replicas().isEmpty()) {
            return s.primary();
        }
        if (!autoCommit) {
            if (pinnedNodes[shard] != null) {
                return pinnedNodes[shard];
            }
            if (!readOnlyTransaction()) {
                return s.primary();
            }
        }
        HintFrame frame = HintFrame.current();
        Consistency level = session.levelFor(plan.hint(), frame);
        lastReadLevel = level;
        return session.readTarget(s, level, session.requiredBy(frame, shard));
    }

    private boolean readOnlyTransaction() {
        return sqlTransaction != null && sqlTransaction.readOnly() != null ? sqlTransaction.readOnly() : readOnly;
    }

    /**
     * A physical connection to {@code node} (from {@link #target}) for one statement. Inside a transaction it is
     * pinned (the caller must not close it); in auto-commit mode the caller closes it when the statement's results
     * are done.
     */
    Connection acquire(int shard, Node node, boolean write) throws SQLException {
        checkOpen();
        node.countStatement();
        if (autoCommit) {
            return borrowFrom(node);
        }
        if (write) {
            if (writtenShard >= 0 && writtenShard != shard) {
                throw SqlState.CROSS_SHARD_TRANSACTION.exception("this transaction already wrote to shard "
                        + cluster.router().shardName(writtenShard) + " and now writes to "
                        + cluster.router().shardName(shard) + ": atomic multi-shard commit is not supported yet;"
                        + " commit first, or keep a transaction's writes on one shard key");
            }
        }
        Connection c = pinned[shard];
        if (c == null) {
            c = borrowFrom(node);
            try {
                c.setAutoCommit(false);
                if (sqlTransaction != null) {
                    sqlTransaction.applyTo(c);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            pinned[shard] = c;
            pinnedNodes[shard] = node;
        }
        if (write) {
            writtenShard = shard;
        }
        return c;
    }

    /** A transaction's write to this shard, on its primary (multi-shard batches refuse more than one shard). */
    Connection acquireForWrite(int shard) throws SQLException {
        return acquire(shard, cluster.shard(shard).primary(), true);
    }

    /**
     * A statement on {@code node} has returned: in auto-commit mode a write has committed, and a read tells a
     * monotonic session where it may not go behind.
     */
    void executed(int shard, Node node, StatementPlan plan) {
        if (!autoCommit) {
            return;
        }
        if (!plan.isRead()) {
            session.wrote(cluster.shard(shard));
        } else if (lastReadLevel != null) {
            session.read(cluster.shard(shard), node, lastReadLevel);
        }
    }

    /** A multi-shard write committed on this shard. */
    void wrote(int shard) {
        session.wrote(cluster.shard(shard));
    }

    /**
     * A read on a replica failed to reach it: the replica gets no more reads until the monitor sees it healthy, and the
     * read is retried on what the session may read now. Only in auto-commit mode, where nothing else depends on the
     * failed connection.
     *
     * @return the node to retry on, or null to report the failure
     */
    Node retryTarget(int shard, Node failed, StatementPlan plan, SQLException failure) throws SQLException {
        if (!autoCommit || !failed.isReplica() || !plan.isRead() || !Node.connectionLost(failure)) {
            return null;
        }
        failed.markDown(failure.getMessage());
        Node next = target(shard, plan);
        return next == failed ? cluster.shard(shard).primary() : next;
    }


    boolean inTransaction() {
        return !autoCommit;
    }

    /** Shard whose connection this transaction already holds, so broadcast reads stay on it; -1 when none. */
    int preferredShard() {
        if (!autoCommit) {
            for (int i = 0; i < pinned.length; i++) {
                if (pinned[i] != null) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Borrows a connection to a shard's primary for one part of a multi-shard write. */
    Connection borrow(int shard) throws SQLException {
        Node primary = cluster.shard(shard).primary();
        primary.countStatement();
        return borrowFrom(primary);
    }

    /** Borrows a connection with this session's settings replayed on it. */
    private Connection borrowFrom(Node node) throws SQLException {
        Connection c = node.borrow();
        try {
            if (readOnly) {
                c.setReadOnly(true);
            }
            if (isolation >= 0) {
                c.setTransactionIsolation(isolation);
            }
            if (schema != null) {
                c.setSchema(schema);
            }
            if (networkTimeoutMillis > 0) {
                c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    void register(LogicalStatement st) {
        statements.add(st);
    }

    void unregister(LogicalStatement st) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i) == st) {
                statements.remove(i);
                return;
            }
        }
    }

    /** A copy, since closing a statement unregisters it. */
    private LogicalStatement[] openStatements() {
        return statements.isEmpty() ? NO_STATEMENTS : statements.toArray(NO_STATEMENTS);
    }

    Router router() {
        return cluster.router();
    }

    // ---- statements ----

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        return JdbcFactory.statement(this, new StatementOptions(type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, new StatementOptions(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepare(sql, new StatementOptions(resultSetType, resultSetConcurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        return prepare(sql, new StatementOptions(type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, StatementOptions.DEFAULT.withGeneratedKeys(autoGeneratedKeys, null, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, StatementOptions.DEFAULT.withGeneratedKeys(Statement.RETURN_GENERATED_KEYS,
                columnIndexes, null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, StatementOptions.DEFAULT.withGeneratedKeys(Statement.RETURN_GENERATED_KEYS,
                null, columnNames));
    }

    private PreparedStatement prepare(String sql, StatementOptions options) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw SqlState.INVALID_ARGUMENT.exception("SQL is null");
        }
        return JdbcFactory.preparedStatement(this, options, cluster.analyzer().analyze(sql));
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ---- transactions ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (autoCommit && !this.autoCommit) {
            commitPinned();
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot commit when autoCommit is enabled", "25P01");
        }
        boolean begunWithSql = sqlTransaction != null;
        commitPinned();
        autoCommit = begunWithSql;
    }

    /** Read-only shards commit first, the one written shard last, so a failure there loses no other write. */
    private void commitPinned() throws SQLException {
        SQLException failure = null;
        try {
            for (int i = 0; i < pinned.length; i++) {
                if (pinned[i] != null && i != writtenShard) {
                    pinned[i].commit();
                }
            }
            if (writtenShard >= 0 && pinned[writtenShard] != null) {
                pinned[writtenShard].commit();
            }
        } catch (SQLException e) {
            failure = e;
            rollbackQuietly(e);
        } finally {
            releasePinned(failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException("cannot rollback when autoCommit is enabled", "25P01");
        }
        boolean begunWithSql = sqlTransaction != null;
        SQLException failure = rollbackQuietly(null);
        releasePinned(failure);
        autoCommit = begunWithSql;
        if (failure != null) {
            throw failure;
        }
    }

    private SQLException rollbackQuietly(SQLException failure) {
        for (Connection c : pinned) {
            if (c != null) {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        return failure;
    }

    private void releasePinned(SQLException failure) {
        for (LogicalStatement st : openStatements()) {
            st.transactionEnded();
        }
        Consistency level = session.level();
        for (int i = 0; i < pinned.length; i++) {
            if (pinnedNodes[i] != null) {
                // What the transaction wrote or read is behind the session whether it committed or not.
                if (i == writtenShard) {
                    session.wrote(cluster.shard(i));
                } else {
                    session.read(cluster.shard(i), pinnedNodes[i], level);
                }
                pinnedNodes[i] = null;
            }
        }
        sqlTransaction = null;
        for (int i = 0; i < pinned.length; i++) {
            if (pinned[i] != null) {
                try {
                    pinned[i].close();
                } catch (SQLException e) {
                    if (failure != null) {
                        failure.addSuppressed(e);
                    }
                }
                pinned[i] = null;
            }
        }
        writtenShard = -1;
    }

    /**
     * BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT sent as SQL: the same as the JDBC methods, so the
     * driver, not the server, knows a transaction is open. Like PostgreSQL, BEGIN inside a transaction and COMMIT
     * outside one change nothing.
     */
    void runTransactionText(String sql) throws SQLException {
        checkOpen();
        TransactionText text = TransactionText.parse(sql);
        switch (text.command()) {
            case BEGIN -> {
                if (autoCommit) {
                    autoCommit = false;
                    sqlTransaction = text.modes();
                }
            }
            case COMMIT -> {
                if (!autoCommit) {
                    commit();
                }
            }
            case ROLLBACK -> {
                if (!autoCommit) {
                    rollback();
                }
            }
        }
    }

    // ---- session settings: remembered and replayed on every borrowed connection ----

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        this.readOnly = readOnly;
        for (Connection c : pinned) {
            if (c != null) {
                c.setReadOnly(readOnly);
            }
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw SqlState.INVALID_ARGUMENT.exception("unknown transaction isolation level " + level);
        }
        this.isolation = level;
        for (Connection c : pinned) {
            if (c != null) {
                c.setTransactionIsolation(level);
            }
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        // PostgreSQL's default, unless the application chose another.
        return isolation >= 0 ? isolation : TRANSACTION_READ_COMMITTED;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        this.schema = schema;
        for (Connection c : pinned) {
            if (c != null) {
                c.setSchema(schema);
            }
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return schema != null ? schema : "public";
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        // PostgreSQL has no catalogs to switch to; like pgjdbc, ignore.
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT && holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw SqlState.INVALID_ARGUMENT.exception("unknown holdability " + holdability);
        }
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("network timeout must be >= 0");
        }
        this.networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void setClientInfo(String name, String value) {
        if (clientInfo == null) {
            clientInfo = new Properties();
        }
        clientInfo.setProperty(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) {
        clientInfo = new Properties();
        clientInfo.putAll(properties);
    }

    @Override
    public String getClientInfo(String name) {
        return clientInfo == null ? null : clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() {
        Properties copy = new Properties();
        if (clientInfo != null) {
            copy.putAll(clientInfo);
        }
        return copy;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    /**
     * Cheap on purpose: application pools call it on every borrow. Physical connections are validated by the
     * internal pools; a dead server surfaces as SQLSTATE 08001 on the statement that needs it.
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("timeout must be >= 0");
        }
        return !closed;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metadataConnection == null) {
            metadataConnection = borrow(metadataShard());
        }
        return JdbcFactory.metaData(this, metadataConnection.getMetaData());
    }

    private int metadataShard() {
        int d = cluster.topology().defaultShard() == null ? 0
                : cluster.topology().shardIndex(cluster.topology().defaultShard());
        return Math.max(d, 0);
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkOpen();
        try (Connection c = borrow(metadataShard())) {
            return c.createArrayOf(typeName, elements);
        }
    }

    // ---- lifecycle ----

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        SQLException failure = null;
        for (LogicalStatement st : openStatements()) {
            try {
                st.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        if (!autoCommit) {
            failure = rollbackQuietly(failure);
        }
        releasePinned(failure);
        if (metadataConnection != null) {
            try {
                metadataConnection.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
            metadataConnection = null;
        }
        closed = true;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw SqlState.INVALID_ARGUMENT.exception("executor is null");
        }
        close();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // ---- route explanation ----

    @Override
    public String explain(String sql, Object... parameters) throws SQLException {
        StatementPlan plan = cluster.serverCatalog().current(cluster.analyzer().analyze(sql));
        int route = router().route(plan, params(parameters), preferredShard());
        return RouteKind.of(route) + " -> " + String.join(", ", shardsOf(plan, route, parameters));
    }

    @Override
    public List<String> targetShards(String sql, Object... parameters) throws SQLException {
        StatementPlan plan = cluster.serverCatalog().current(cluster.analyzer().analyze(sql));
        return shardsOf(plan, router().route(plan, params(parameters), preferredShard()), parameters);
    }

    private List<String> shardsOf(StatementPlan plan, int route, Object[] parameters) throws SQLException {
        List<String> names = new ArrayList<>();
        RouteKind kind = RouteKind.of(route);
        if (kind == RouteKind.ALL_SHARDS) {
            for (int i = 0; i < router().shardCount(); i++) {
                names.add(router().shardName(i));
            }
        } else if (kind == RouteKind.SCATTER || kind == RouteKind.KEY_LIST) {
            boolean[] targets = router().scatterShards(plan, params(parameters));
            for (int i = 0; i < targets.length; i++) {
                if (targets[i]) {
                    names.add(router().shardName(i));
                }
            }
        } else if (kind == RouteKind.SPLIT) {
            int[] rows = router().rowShards(plan, params(parameters));
            for (int i = 0; i < router().shardCount(); i++) {
                for (int s : rows) {
                    if (s == i) {
                        names.add(router().shardName(i));
                        break;
                    }
                }
            }
        } else {
            names.add(router().shardName(RouteKind.shardOf(route)));
        }
        return names;
    }

    // ---- consistency ----

    /** Applies the per-connection properties given to {@code Driver.connect}: consistency and consistencyToken. */
    public void applyConnectionProperties(Properties props) throws SQLException {
        String level = props.getProperty(io.shardedjdbc.config.Setting.CONSISTENCY.key());
        if (level != null) {
            setConsistency(level);
        }
        String token = props.getProperty(CONSISTENCY_TOKEN);
        if (token != null) {
            requireToken(token);
        }
    }

    @Override
    public String getConsistency() throws SQLException {
        checkOpen();
        return session.level().yamlName();
    }

    @Override
    public void setConsistency(String level) throws SQLException {
        checkOpen();
        Consistency c = level == null ? null : Consistency.fromYaml(level);
        if (c == null) {
            throw SqlState.INVALID_ARGUMENT.exception("unknown consistency level '" + level
                    + "': use eventual, read-your-writes, session, causal or strong");
        }
        session.level(c);
    }

    @Override
    public String consistencyToken() throws SQLException {
        checkOpen();
        return session.token();
    }

    @Override
    public void requireToken(String token) throws SQLException {
        checkOpen();
        session.require(token);
    }

    @Override
    public List<NodeStatus> nodes() throws SQLException {
        checkOpen();
        return NodeStatuses.of(cluster);
    }

    private static ParameterSource params(Object[] parameters) throws SQLException {
        ParameterStore store = new ParameterStore(parameters.length);
        for (int i = 0; i < parameters.length; i++) {
            store.put(i + 1, ParameterStore.Kind.OBJECT, parameters[i]);
        }
        return store;
    }
}
