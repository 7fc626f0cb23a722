package io.shardedjdbc;

import io.shardedjdbc.config.Setting;
import io.shardedjdbc.config.ShardedUrl;
import io.shardedjdbc.exec.Cluster;
import io.shardedjdbc.exec.ClusterRegistry;
import io.shardedjdbc.jdbc.JdbcFactory;
import io.shardedjdbc.jdbc.LogicalConnection;
import io.shardedjdbc.sql.StatementAnalyzer;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A DataSource over a topology: {@code new ShardedDataSource("jdbc:sharded:file:shards.yaml")}, or a bean with
 * {@link #setUrl}, {@link #setUser}, {@link #setPassword}. Connections are cheap logical connections; the
 * cluster's internal pools open on first use and close with {@link #close()}.
 */
public class ShardedDataSource implements DataSource, AutoCloseable {
    private String url;
    private final Properties properties = new Properties();
    private final Map<String, Cluster> clusters = new HashMap<>();
    /** The cluster of this data source's own properties: read without a lock on every getConnection(). */
    private volatile Cluster defaultCluster;
    private int loginTimeout;
    private PrintWriter logWriter;

    public ShardedDataSource() {
    }

    public ShardedDataSource(String url) {
        this.url = url;
        // An application usually builds its data source well before its first statement: time for the parser to load.
        StatementAnalyzer.warmUpInBackground();
    }

    public void setUrl(String url) {
        this.url = url;
        defaultCluster = null;
        StatementAnalyzer.warmUpInBackground();
    }

    public String getUrl() {
        return url;
    }

    public void setUser(String user) {
        properties.setProperty("user", user);
        defaultCluster = null;
    }

    public void setPassword(String password) {
        properties.setProperty("password", password);
        defaultCluster = null;
    }

    /** Any setting of the topology (consistency, scatter, pool.maximumPoolSize ...), overriding the file. */
    public void setProperty(String name, String value) {
        properties.setProperty(name, value);
        defaultCluster = null;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Cluster cluster = defaultCluster;
        if (cluster == null) {
            cluster = cluster(properties);
            defaultCluster = cluster;
        }
        return withToken(JdbcFactory.connection(cluster, url, properties.getProperty("user")), cluster);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
        Cluster cluster = cluster(p);
        return withToken(JdbcFactory.connection(cluster, url, p.getProperty("user")), cluster);
    }

    /** A consistencyToken of the file, the URL or the properties applies to each connection of the data source. */
    private static Connection withToken(LogicalConnection connection, Cluster cluster) throws SQLException {
        String token = cluster.topology().settings().get(Setting.CONSISTENCY_TOKEN);
        if (token != null) {
            try {
                connection.requireToken(token);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    private synchronized Cluster cluster(Properties p) throws SQLException {
        if (url == null || !ShardedUrl.accepts(url)) {
            throw SqlState.CONFIG_INVALID.exception("ShardedDataSource needs a jdbc:sharded:file:<path> or"
                    + " jdbc:sharded:classpath:<resource> URL, got " + url);
        }
        String identity = String.valueOf(new java.util.TreeMap<>(p));
        Cluster cluster = clusters.get(identity);
        if (cluster == null) {
            cluster = ClusterRegistry.acquire(url, p);
            clusters.put(identity, cluster);
        }
        return cluster;
    }

    /** The name of the shard that holds this key of this keyspace (after directory overrides). */
    public String shardOf(String keyspace, Object key) throws SQLException {
        Cluster cluster = cluster(properties);
        return cluster.topology().shards().get(cluster.shardOf(keyspace, key)).name();
    }

    /** Statements routed so far through this data source's cluster, per route kind. */
    public Map<String, Long> routeCounts() throws SQLException {
        return cluster(properties).routeCounts();
    }

    /**
     * Auto-commit reads that a consistency level placed, by where they ran: keys {@code "eventual/primary"},
     * {@code "eventual/replica"}, ... for each level used so far. Reads inside transactions, and reads of shards
     * without replicas, are not counted.
     */
    public Map<String, Long> readCounts() throws SQLException {
        return cluster(properties).readCounts();
    }

    /** Every server of the cluster as the health monitor last saw it, shard by shard, primary first. */
    public java.util.List<NodeStatus> nodes() throws SQLException {
        return io.shardedjdbc.exec.NodeStatuses.of(cluster(properties));
    }

    /** Closes the internal pools (when no other data source shares the topology). */
    @Override
    public synchronized void close() {
        defaultCluster = null;
        clusters.values().forEach(ClusterRegistry::release);
        clusters.clear();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("sharded-jdbc logs through SLF4J",
                SqlState.FEATURE_NOT_SUPPORTED.code());
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return io.shardedjdbc.jdbc.Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
