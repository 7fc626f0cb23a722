package io.shardedjdbc.itest.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A server whose process this JVM does not own (external or in a container): SQL-level operations work,
 * process lifecycle operations throw with {@code lifecycleAdvice}.
 */
final class RemoteNode implements FleetNode {
    private final String name;
    private final String shardName;
    private final String jdbcUrl;
    private final JdbcUrls parts;
    private final String user;
    private final String password;
    private final String lifecycleAdvice;
    private volatile boolean replica;

    RemoteNode(String name, String shardName, String jdbcUrl, boolean replica, String user, String password,
               String lifecycleAdvice) {
        this.name = name;
        this.shardName = shardName;
        this.jdbcUrl = jdbcUrl;
        this.parts = JdbcUrls.parse(jdbcUrl);
        this.replica = replica;
        this.user = user;
        this.password = password;
        this.lifecycleAdvice = lifecycleAdvice;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String shardName() {
        return shardName;
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String host() {
        return parts.host();
    }

    @Override
    public int port() {
        return parts.port();
    }

    String database() {
        return parts.database();
    }

    @Override
    public boolean isReplica() {
        return replica;
    }

    /** Always true: the server is managed elsewhere and assumed up. */
    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    @Override
    public void start() {
        throw unsupported("start");
    }

    @Override
    public void stop() {
        throw unsupported("stop");
    }

    @Override
    public void kill() {
        throw unsupported("kill");
    }

    @Override
    public void promote() {
        throw unsupported("promote");
    }

    @Override
    public void pauseReplay() {
        NodeSql.pauseReplay(this);
    }

    @Override
    public void resumeReplay() {
        NodeSql.resumeReplay(this);
    }

    private UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException("cannot " + operation + " " + name + ": " + lifecycleAdvice);
    }

    @Override
    public String toString() {
        return name + " (" + jdbcUrl + (replica ? ", replica" : ", primary") + ")";
    }
}
