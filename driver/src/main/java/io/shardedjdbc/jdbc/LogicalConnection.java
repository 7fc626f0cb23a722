package io.shardedjdbc.jdbc;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedConnection;
import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.config.Setting;
import io.shardedjdbc.exec.Cluster;
import io.shardedjdbc.exec.Failures;
import io.shardedjdbc.exec.NodeStatuses;
import io.shardedjdbc.exec.Session;
import io.shardedjdbc.route.Route;
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
 * The logical connection: the JDBC surface of a {@link Session}, cheap to create (no socket). The session borrows
 * physical connections from the nodes' pools when a statement runs: in auto-commit mode a statement holds its
 * borrowed connection until its results are consumed; inside a transaction one physical connection per touched
 * shard is pinned until commit or rollback. Pass-through and unsupported methods are generated at build time into a
 * concrete subclass.
 */
public abstract class LogicalConnection implements ShardedConnection {
    private static final LogicalStatement[] NO_STATEMENTS = new LogicalStatement[0];

    final Cluster cluster;
    /** What this connection is to the servers: settings, consistency, transaction, server choice. */
    final Session session;
    private final String url;
    private final String user;
    /**
     * Open statements, oldest first. A list, not an identity set: a connection usually holds one or two, is often
     * opened for a single statement, and closes its newest first, which {@link #unregister} finds at the end.
     */
    private final ArrayList<LogicalStatement> statements = new ArrayList<>();
    private boolean closed;
    private int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
    /** Created on first use: most connections never set client info. */
    private Properties clientInfo;

    protected LogicalConnection(Cluster cluster, String url, String user) {
        this.cluster = cluster;
        this.url = url;
        this.user = user;
        this.session = new Session(cluster, this::transactionEnded);
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    // ---- open statements ----

    void checkOpen() throws SQLException {
        if (closed) {
            throw SqlState.CONNECTION_CLOSED.exception("the connection is closed");
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

    /** Statements' results on the transaction's connections die with them. */
    private void transactionEnded() {
        for (LogicalStatement st : openStatements()) {
            st.transactionEnded();
        }
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
        return JdbcFactory.preparedStatement(this, options, cluster.analyzer().analyzePlain(sql));
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
        session.autoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return !session.inTransaction();
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        session.transaction().commit();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        session.transaction().rollback();
    }

    // ---- session settings: remembered and replayed on every borrowed connection ----

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        session.readOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return session.settings().readOnly();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw SqlState.INVALID_ARGUMENT.exception("unknown transaction isolation level " + level);
        }
        session.isolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        // PostgreSQL's default, unless the application chose another.
        int level = session.settings().isolation();
        return level >= 0 ? level : TRANSACTION_READ_COMMITTED;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        session.schema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return session.currentSchema(metadataShard());
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
        session.networkTimeout(milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return session.settings().networkTimeoutMillis();
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
        return JdbcFactory.metaData(this, session.metadataConnection(metadataShard()).getMetaData());
    }

    private int metadataShard() {
        int d = cluster.topology().defaultShard() == null ? 0
                : cluster.topology().shardIndex(cluster.topology().defaultShard());
        return Math.max(d, 0);
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkOpen();
        Connection c = session.borrowPrimary(metadataShard());
        try {
            return c.createArrayOf(typeName, elements);
        } finally {
            session.giveBack(c);
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
                failure = Failures.add(failure, e);
            }
        }
        failure = session.close(failure);
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
        Route route = route(sql, parameters);
        return route.kind() + " -> " + String.join(", ", router().namesOf(route));
    }

    @Override
    public List<String> targetShards(String sql, Object... parameters) throws SQLException {
        return router().namesOf(route(sql, parameters));
    }

    private Route route(String sql, Object[] parameters) throws SQLException {
        StatementPlan plan = cluster.serverCatalog().current(cluster.analyzer().analyze(sql));
        return router().route(plan, ParameterStore.of(parameters), session.preferredShard());
    }

    // ---- consistency ----

    /** Applies the per-connection properties given to {@code Driver.connect}: consistency and consistencyToken. */
    public void applyConnectionProperties(Properties props) throws SQLException {
        String level = props.getProperty(Setting.CONSISTENCY.key());
        if (level != null) {
            setConsistency(level);
        }
        String token = props.getProperty(Setting.CONSISTENCY_TOKEN.key());
        if (token != null) {
            requireToken(token);
        }
    }

    @Override
    public String getConsistency() throws SQLException {
        checkOpen();
        return session.consistency().level().yamlName();
    }

    @Override
    public void setConsistency(String level) throws SQLException {
        checkOpen();
        Consistency c = level == null ? null : Consistency.fromYaml(level);
        if (c == null) {
            throw SqlState.INVALID_ARGUMENT.exception("unknown consistency level '" + level
                    + "': use eventual, read-your-writes, session, causal or strong");
        }
        session.consistencyLevel(c);
    }

    @Override
    public String consistencyToken() throws SQLException {
        checkOpen();
        return session.consistency().token();
    }

    @Override
    public void requireToken(String token) throws SQLException {
        checkOpen();
        session.consistency().require(token);
    }

    @Override
    public List<NodeStatus> nodes() throws SQLException {
        checkOpen();
        return NodeStatuses.of(cluster);
    }
}
