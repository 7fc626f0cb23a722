package io.shardedjdbc.itest.demo;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A shard's primary reached directly with pgjdbc, bypassing the sharded driver: how the demo checks where
 * rows really are. Null credentials leave them to the URL.
 */
public record ShardEndpoint(String name, String primaryUrl, String user, String password) {
    // Called directly rather than through DriverManager, which only sees drivers of the class loader that
    // initialised it (not the one a launcher such as exec:java gives the application).
    private static final Driver PGJDBC = new org.postgresql.Driver();

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        Connection connection = PGJDBC.connect(primaryUrl, properties);
        if (connection == null) {
            throw new SQLException("shard " + name + ": " + primaryUrl + " is not a jdbc:postgresql: URL; the demo"
                    + " counts rows on each shard's primary with pgjdbc", "08001");
        }
        return connection;
    }

    @Override
    public String toString() {
        return name + " (" + primaryUrl + ")";
    }
}
