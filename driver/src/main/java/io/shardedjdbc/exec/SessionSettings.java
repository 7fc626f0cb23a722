package io.shardedjdbc.exec;

import io.shardedjdbc.node.Node;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The session state of one logical connection: what is replayed on every physical connection it borrows (read-only,
 * transaction isolation, schema, network timeout) and undone when the connection goes back. The internal pools
 * (HikariCP) reset exactly these properties, and auto-commit, on a connection that changed them, so giving a
 * connection back is closing it; state the pools cannot see (server-side settings) must be undone here.
 */
public final class SessionSettings implements PhysicalConnections {
    private boolean readOnly;
    /** A {@code Connection.TRANSACTION_*} level, or -1 for the server's default. */
    private int isolation = -1;
    private String schema;
    private int networkTimeoutMillis;

    @Override
    public Connection borrow(Node node) throws SQLException {
        Connection c = node.borrow();
        try {
            replayOn(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Puts this session's settings on a physical connection (one that was lent as the pool keeps them). */
    void replayOn(Connection c) throws SQLException {
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
    }

    @Override
    public void giveBack(Connection c) throws SQLException {
        c.close();
    }

    public boolean readOnly() {
        return readOnly;
    }

    void readOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public int isolation() {
        return isolation;
    }

    void isolation(int isolation) {
        this.isolation = isolation;
    }

    public String schema() {
        return schema;
    }

    void schema(String schema) {
        this.schema = schema;
    }

    public int networkTimeoutMillis() {
        return networkTimeoutMillis;
    }

    void networkTimeoutMillis(int millis) {
        this.networkTimeoutMillis = millis;
    }
}
