package io.shardedjdbc.exec;

import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.Router;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a logical connection is to the servers: its session settings, its consistency bookkeeping, its transaction and
 * its server chooser, and the physical connections its statements run on. One thread at a time, like the connection.
 */
public final class Session implements Transaction.Listener {
    private final Cluster cluster;
    private final SessionSettings settings = new SessionSettings();
    private final SessionConsistency consistency;
    private final Runnable transactionEnded;
    /** Created by the first transaction: most logical connections run auto-commit statements only. */
    private Transaction transaction;
    private final ServerChooser chooser;
    /** Held for the connection's DatabaseMetaData, whose result sets read through it; null until asked for. */
    private Connection metadata;
    private Node metadataNode;

    /** @param transactionEnded runs when a transaction ends, before its pinned connections go back */
    public Session(Cluster cluster, Runnable transactionEnded) {
        this.cluster = cluster;
        this.consistency = new SessionConsistency(cluster, cluster.defaultConsistency());
        this.transactionEnded = transactionEnded;
        this.chooser = new ServerChooser(cluster, consistency, this, settings);
    }

    public Cluster cluster() {
        return cluster;
    }

    public Router router() {
        return cluster.router();
    }

    public SessionSettings settings() {
        return settings;
    }

    public SessionConsistency consistency() {
        return consistency;
    }

    /** This connection's transaction, created on first use. */
    public Transaction transaction() {
        if (transaction == null) {
            transaction = new Transaction(cluster.router().shardNames(), settings, this, cluster.atomicCommit(),
                    cluster.crossShardLockTimeout());
        }
        return transaction;
    }

    /** {@code Connection.setAutoCommit}: switching it on commits an open transaction. */
    public void autoCommit(boolean on) throws SQLException {
        if (on && transaction == null) {
            return;
        }
        transaction().autoCommit(on);
    }

    /** @return the open transaction, or null in auto-commit mode */
    Transaction openTransaction() {
        return transaction != null && transaction.active() ? transaction : null;
    }

    /** Shard whose connection the open transaction already holds (broadcast reads stay on it); -1 when none. */
    public int preferredShard() {
        return transaction == null ? -1 : transaction.preferredShard();
    }

    /** A statement that writes {@code shards} shards at once is refused in a transaction when such work is. */
    void requireOneShard(String what, int shards) throws SQLException {
        if (transaction != null) {
            transaction.requireOneShard(what, shards);
        }
    }

    @Override
    public void shardEnded(int shard, Node node, boolean written) {
        if (written) {
            consistency.wrote(cluster.shard(shard));
        } else {
            consistency.read(cluster.shard(shard), node, consistency.level());
        }
    }

    @Override
    public void ended(boolean committed) {
        settings.transactionEnded(committed);
        transactionEnded.run();
    }

    ServerChooser chooser() {
        return chooser;
    }

    public boolean inTransaction() {
        return transaction != null && transaction.active();
    }

    // ---- physical connections ----

    /**
     * A physical connection to {@code node} (from the chooser) for one statement. Inside a transaction it is pinned
     * (the caller must not give it back); in auto-commit mode the caller gives it back when the statement's results
     * are done.
     */
    Connection acquire(int shard, Node node, boolean write) throws SQLException {
        node.countStatement();
        Transaction open = openTransaction();
        if (open == null) {
            return settings.borrow(node);
        }
        return open.connection(shard, node, write);
    }

    /** A transaction's write to this shard, on its primary. */
    Connection acquireForWrite(int shard) throws SQLException {
        Node pinned = transaction == null ? null : transaction.pinnedNode(shard);
        if (pinned != null) {
            return acquire(shard, pinned, true);
        }
        for (int attempts = cluster.shard(shard).nodes().size(); ; attempts--) {
            Node primary = cluster.writable(shard);
            try {
                return acquire(shard, primary, true);
            } catch (SQLException e) {
                retryAfterBorrowFailed(primary, e, attempts);
            }
        }
    }

    /**
     * Before a statement (or a part of one) runs on this shard: an SJ017 warning for it when a failover since this
     * connection's last commit there may have lost that commit.
     */
    void warnOfLostCommits(int shard, Warnings warnings) {
        java.sql.SQLWarning lost = consistency.lostCommits(cluster.shard(shard));
        if (lost != null) {
            warnings.add(lost);
        }
    }

    /** A connection to a shard's primary outside any transaction: a part of a multi-shard write, metadata. */
    public Connection borrowPrimary(int shard) throws SQLException {
        for (int attempts = cluster.shard(shard).nodes().size(); ; attempts--) {
            Node primary = cluster.writable(shard);
            primary.countStatement();
            try {
                return settings.borrow(primary);
            } catch (SQLException e) {
                retryAfterBorrowFailed(primary, e, attempts);
            }
        }
    }

    /**
     * A borrow failed, so nothing was sent: when the server is gone the node is marked down and the caller asks for
     * the shard's writable node again (which waits for a promotion up to failoverTimeout); else the failure stands.
     */
    static void retryAfterBorrowFailed(Node node, SQLException e, int attemptsLeft) throws SQLException {
        if (attemptsLeft <= 1 || !Node.connectionLost(e) || Node.poolExhausted(e)) {
            throw e;
        }
        node.markDown(e.getMessage());
    }

    public void giveBack(Connection c) throws SQLException {
        settings.giveBack(c);
    }

    /**
     * {@code Connection.getSchema}: the schema set with setSchema, unless a SET search_path came after it; else the
     * server's {@code current_schema()} under this session's settings (as pgjdbc asks it).
     */
    public String currentSchema(int shard) throws SQLException {
        if (settings.schema() != null && !settings.variables().has("search_path")) {
            return settings.schema();
        }
        Connection c = borrowPrimary(shard);
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            return rs.next() ? rs.getString(1) : null;
        } finally {
            giveBack(c);
        }
    }

    /** The connection DatabaseMetaData reads through, borrowed from the shard's primary once and held until close. */
    public Connection metadataConnection(int shard) throws SQLException {
        if (metadata == null) {
            metadata = borrowPrimary(shard);
            metadataNode = cluster.shard(shard).primary();
        }
        return metadata;
    }

    /** A session setting goes on the connection held for DatabaseMetaData too (search_path changes what it sees). */
    void applyToMetadata(String sql) throws SQLException {
        if (metadata != null) {
            settings.carry(metadata, metadataNode);
            try (Statement st = metadata.createStatement()) {
                st.execute(sql);
            }
        }
    }

    /** A multi-shard write committed on this shard. */
    void wrote(int shard) {
        consistency.wrote(cluster.shard(shard));
    }

    // ---- transactions ----

    /**
     * BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT sent as SQL: the same as the JDBC methods, so the
     * driver, not the server, knows a transaction is open. Like PostgreSQL, BEGIN inside a transaction and COMMIT
     * outside one change nothing.
     */
    void runTransactionText(String sql) throws SQLException {
        TransactionText text = TransactionText.parse(sql);
        switch (text.command()) {
            case BEGIN -> transaction().begin(text.modes());
            case COMMIT -> {
                if (inTransaction()) {
                    transaction.commit();
                }
            }
            case ROLLBACK -> {
                if (inTransaction()) {
                    transaction.rollback();
                }
            }
        }
    }

    // ---- session settings: remembered, and applied to what the transaction holds ----

    public void readOnly(boolean readOnly) throws SQLException {
        settings.readOnly(readOnly);
        if (transaction != null) {
            transaction.forEachPinned(c -> c.setReadOnly(readOnly));
        }
    }

    public void isolation(int level) throws SQLException {
        settings.isolation(level);
        if (transaction != null) {
            transaction.forEachPinned(c -> c.setTransactionIsolation(level));
        }
    }

    public void schema(String schema) throws SQLException {
        // setSchema is a SET search_path: it replaces one made with SQL before it
        settings.variables().reset("search_path", inTransaction());
        settings.schema(schema);
        if (transaction != null) {
            transaction.forEachPinned(c -> c.setSchema(schema));
        }
    }

    /** Applies to the connections borrowed from now on, as pgjdbc's applies to its socket from now on. */
    public void networkTimeout(int millis) {
        settings.networkTimeoutMillis(millis);
    }

    public void consistencyLevel(Consistency level) {
        consistency.level(level);
    }

    /**
     * The logical connection closes: an open transaction rolls back and every pinned connection goes back.
     *
     * @return {@code failure}, or the first failure of closing, with the others suppressed
     */
    public SQLException close(SQLException failure) {
        if (transaction != null) {
            failure = transaction.close(failure);
        }
        if (metadata != null) {
            Connection c = metadata;
            metadata = null;
            try {
                settings.giveBack(c);
            } catch (SQLException e) {
                failure = Failures.add(failure, e);
            }
        }
        return settings.releaseKept(failure);
    }
}
