package io.shardedjdbc.jdbc;


import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Database metadata of the logical database: answered by one shard's server (the defaultShard, else the first),
 * since every shard runs the same schema. Identity methods are written here; the rest is generated delegation.
 */
public abstract class LogicalMetaData implements DatabaseMetaData {
    protected final DatabaseMetaData delegate;
    private final LogicalConnection connection;

    protected LogicalMetaData(LogicalConnection connection, DatabaseMetaData delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return connection.url();
    }

    @Override
    public String getUserName() throws SQLException {
        return connection.user() != null ? connection.user() : delegate.getUserName();
    }

    @Override
    public String getDriverName() {
        return "sharded-jdbc";
    }

    @Override
    public String getDriverVersion() {
        return DriverVersion.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return DriverVersion.MINOR;
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
