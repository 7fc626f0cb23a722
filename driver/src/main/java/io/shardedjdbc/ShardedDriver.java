package io.shardedjdbc;

import io.shardedjdbc.config.DriverProperties;
import io.shardedjdbc.config.Setting;
import io.shardedjdbc.config.ShardedUrl;
import io.shardedjdbc.exec.Cluster;
import io.shardedjdbc.exec.ClusterRegistry;
import io.shardedjdbc.jdbc.DriverVersion;
import io.shardedjdbc.jdbc.JdbcFactory;
import io.shardedjdbc.jdbc.LogicalConnection;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:sharded:} driver, registered with DriverManager through META-INF/services. A connection is a
 * cheap logical connection over the cluster of the URL's topology; the cluster is opened on first use and shared.
 */
public final class ShardedDriver implements Driver {
    static {
        try {
            DriverManager.registerDriver(new ShardedDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Properties props = info == null ? new Properties() : info;
        String tokenKey = Setting.CONSISTENCY_TOKEN.key();
        // Per-connection properties do not make a cluster of their own: every level and token shares the pools.
        Properties clusterProps = new Properties();
        clusterProps.putAll(props);
        clusterProps.remove(Setting.CONSISTENCY.key());
        clusterProps.remove(tokenKey);
        // A token in the URL is per connection too: tokens change from request to request, pools must not.
        String clusterUrl = url;
        String urlToken = null;
        if (url.indexOf('?') >= 0) {
            urlToken = ShardedUrl.parse(url).parameters().get(tokenKey);
            if (urlToken != null) {
                clusterUrl = ShardedUrl.withoutParameter(url, tokenKey);
            }
        }
        Cluster cluster = ClusterRegistry.forDriver(clusterUrl, clusterProps);
        Properties connectionProps = props;
        if (props.getProperty(tokenKey) == null) {
            // file < URL < properties, as for every setting
            String token = urlToken != null ? urlToken : cluster.topology().settings().get(Setting.CONSISTENCY_TOKEN);
            if (token != null) {
                connectionProps = new Properties(props);
                connectionProps.setProperty(tokenKey, token);
            }
        }
        LogicalConnection connection = JdbcFactory.connection(cluster, url, props.getProperty("user"));
        try {
            connection.applyConnectionProperties(connectionProps);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Closes the internal pools that DriverManager connections opened (data sources keep theirs until they close).
     * Call it when the application stops, e.g. from a shutdown hook or a servlet context listener.
     */
    public static void shutdown() {
        ClusterRegistry.shutdownDriver();
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && ShardedUrl.accepts(url);
    }

    /**
     * One entry per setting, its current value taken from {@code info}, else from the URL's query, else its default
     * (the order {@code connect} applies them in; the topology file is not read). As pgjdbc does, a URL this driver
     * does not accept or cannot parse contributes nothing: the answer is then the one for {@code info} alone.
     */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        ShardedUrl parsed = null;
        if (acceptsURL(url)) {
            try {
                parsed = ShardedUrl.parse(url);
            } catch (SQLException e) {
                parsed = null; // connect will say what is wrong with it
            }
        }
        return DriverProperties.propertyInfo(parsed, info == null ? new Properties() : info);
    }

    @Override
    public int getMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return DriverVersion.MINOR;
    }

    /** Not JDBC compliant in the spec's sense: no stored procedures, no full SQL-92 across shards. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("sharded-jdbc logs through SLF4J",
                SqlState.FEATURE_NOT_SUPPORTED.code());
    }
}
