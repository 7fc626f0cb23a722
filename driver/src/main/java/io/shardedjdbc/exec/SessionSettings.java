package io.shardedjdbc.exec;

import io.shardedjdbc.node.Node;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The session state of one logical connection: what is replayed on every physical connection it borrows (read-only,
 * transaction isolation, schema, network timeout, and the server settings its SQL changed) and undone when the
 * connection goes back. The internal pools (HikariCP) reset the JDBC properties, and auto-commit, on a connection
 * that changed them; what they cannot see (server settings, temporary tables, locks, LISTENs) is undone here, on the
 * connections that carried it, so that a logical connection that never changes the server session pays nothing.
 */
public final class SessionSettings implements PhysicalConnections {
    /** Made by the first session command or transaction: most logical connections run neither. */
    private SessionVariables variables;
    /**
     * The borrowed connections that carry server session state, with the node each came from: they are cleaned
     * before they go back. Parts of a cross-shard statement borrow and give back on other threads.
     */
    private Map<Connection, Node> carrying;  // guarded by this, as kept is; both made on first use
    private volatile boolean anyCarrying;
    /**
     * Connections kept for the logical connection, one per node, because a statement left state on them that cannot
     * be replayed elsewhere (a temporary table, a session advisory lock, LISTEN, PREPARE): later statements on that
     * node run on them, and they go back (cleaned) when the logical connection closes or runs DISCARD ALL.
     */
    private Map<Node, Connection> kept;
    private boolean readOnly;
    /** A {@code Connection.TRANSACTION_*} level, or -1 for the server's default. */
    private int isolation = -1;
    private String schema;
    private int networkTimeoutMillis;

    @Override
    public Connection borrow(Node node) throws SQLException {
        if (kept != null) {
            Connection k;
            synchronized (this) {
                k = kept.get(node);
            }
            if (k != null) {
                return k;
            }
        }
        Connection c = node.borrow();
        try {
            replayOn(c);
            String replay = variables == null ? null : variables.sessionReplay();
            if (replay != null) {
                carry(c, node);
                try (Statement st = c.createStatement()) {
                    st.execute(replay);
                }
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                giveBack(c);
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

    /** The open transaction pinned {@code c}: its own settings (SET LOCAL, SET TRANSACTION) go on it first. */
    @Override
    public void pinned(Connection c) throws SQLException {
        String replay = variables == null ? null : variables.localReplay();
        if (replay != null) {
            try (Statement st = c.createStatement()) {
                st.execute(replay);
            }
        }
    }

    @Override
    public void giveBack(Connection c) throws SQLException {
        if (kept != null && isKept(c)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true); // a transaction that used it ended: later statements run in auto-commit
            }
            return;
        }
        Node carried = null;
        if (anyCarrying) {
            synchronized (this) {
                carried = carrying == null ? null : carrying.remove(c);
                anyCarrying = carrying != null && !carrying.isEmpty();
            }
        }
        if (carried != null) {
            carried.clean(c);
        }
        c.close();
    }

    /** {@code c}, borrowed from {@code node}, now carries server session state: it is cleaned when it goes back. */
    void carry(Connection c, Node node) {
        synchronized (this) {
            carrying().put(c, node);
            anyCarrying = true;
        }
    }

    private Map<Connection, Node> carrying() {
        if (carrying == null) {
            carrying = new IdentityHashMap<>();
        }
        return carrying;
    }

    /** Keeps {@code c}, borrowed from {@code node}, for the rest of the logical connection (see {@link #kept}). */
    void keep(Connection c, Node node) {
        synchronized (this) {
            carrying().put(c, node);
            anyCarrying = true;
            if (kept == null) {
                kept = new IdentityHashMap<>();
            }
            kept.put(node, c);
        }
    }

    private boolean isKept(Connection c) {
        synchronized (this) {
            for (Connection k : kept.values()) {
                if (k == c) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Runs {@code action} on every kept connection (a session setting goes on them too). */
    void forEachKept(Transaction.SqlAction action) throws SQLException {
        if (kept != null) {
            for (Connection k : java.util.List.copyOf(kept.values())) {
                action.apply(k);
            }
        }
    }

    /** The kept connections go back, cleaned: the logical connection closes or ran DISCARD ALL. */
    SQLException releaseKept(SQLException failure) {
        if (kept == null) {
            return failure;
        }
        java.util.List<Connection> all;
        synchronized (this) {
            all = java.util.List.copyOf(kept.values());
            kept = null;
        }
        for (Connection c : all) {
            try {
                giveBack(c);
            } catch (SQLException e) {
                failure = Failures.add(failure, e);
            }
        }
        return failure;
    }

    @Override
    public boolean sets(String name) {
        return variables != null && variables.has(name);
    }

    /** A transaction ended: its SET LOCALs end, and a rollback undoes its SETs. */
    void transactionEnded(boolean committed) {
        if (variables != null) {
            variables.transactionEnded(committed);
        }
    }

    SessionVariables variables() {
        if (variables == null) {
            variables = new SessionVariables();
        }
        return variables;
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
