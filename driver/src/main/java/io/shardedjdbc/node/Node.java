package io.shardedjdbc.node;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.SqlState;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * One PostgreSQL server (a shard's primary or a replica) and the internal HikariCP pool in front of it.
 * The pool is created eagerly but connects lazily, so a dead server does not stop the cluster from starting.
 */
public final class Node implements AutoCloseable {
    private final String name;
    private final String jdbcUrl;
    private final HikariDataSource pool;

    public Node(String name, String jdbcUrl, String user, String password, Map<String, String> poolSettings) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        Properties props = new Properties();
        props.putAll(poolSettings);
        HikariConfig config = new HikariConfig(props);
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("sharded-jdbc " + name);
        // -1: start even when the server is down; the first borrow reports the failure with the node's name.
        config.setInitializationFailTimeout(-1);
        if (!poolSettings.containsKey("minimumIdle")) {
            config.setMinimumIdle(0);
        }
        if (!poolSettings.containsKey("connectionTimeout")) {
            config.setConnectionTimeout(5_000);
        }
        this.pool = new HikariDataSource(config);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Borrows a physical connection; closing it returns it to this node's pool. */
    public Connection borrow() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw SqlState.CONNECTION_FAILURE.exception(
                    "cannot get a connection to " + name + " (" + jdbcUrl + "): " + e.getMessage()
                            + "; check that the server is up and the topology's URL and credentials are right", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
