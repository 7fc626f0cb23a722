package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.node.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The transaction of one logical connection: whether one is open, the physical connection it pinned on each shard it
 * touched (and the node it came from), the shards it wrote in the order it first wrote them, and the commit protocol:
 * shards it only read commit first; one written shard commits in one phase, as a single server would; several commit
 * all or none through {@link AtomicCommit} (or the second is refused, {@link SqlState#CROSS_SHARD_TRANSACTION}, when
 * multi-shard transactions are). Once it holds several shards' primaries its lock waits are bounded, since no server
 * sees a deadlock across shards.
 */
public final class Transaction {
    private static final Logger log = LoggerFactory.getLogger(Transaction.class);

    /** What the end of a transaction means to the rest of the logical connection. */
    public interface Listener {
        /** A shard's part ended (committed or not): what it wrote or read is behind the session either way. */
        void shardEnded(int shard, Node node, boolean written);

        /**
         * Every pinned connection is about to go back: results on them die with them.
         *
         * @param committed whether the transaction committed (else it rolled back)
         */
        void ended(boolean committed);
    }

    private final List<String> shardNames;
    private final PhysicalConnections connections;
    private final Listener listener;
    private final Connection[] pinned;
    /** The node each pinned connection came from: a replica in read-only transactions, else the primary. */
    private final Node[] pinnedNodes;
    private boolean active;
    /** A transaction begun with SQL (BEGIN / START TRANSACTION) rather than setAutoCommit(false). */
    private TransactionText.Modes sqlModes;
    private final boolean[] written;
    /** The written shards, first written first: the first keeps a multi-shard commit's decision. */
    private final int[] writeOrder;
    private int writtenCount;
    /** Null: a second written shard is refused. */
    private final AtomicCommit atomic;
    private final int lockTimeoutMillis;
    /** Per shard: its connection got the lock_timeout; and whether the transaction has begun bounding lock waits. */
    private final boolean[] lockBounded;
    private boolean lockWaitsBounded;
    private int pinnedPrimaries;

    /** A transaction whose writes stay on one shard (a second written shard is refused). */
    public Transaction(List<String> shardNames, PhysicalConnections connections, Listener listener) {
        this(shardNames, connections, listener, null, 0);
    }

    /**
     * @param atomic            commits writes on several shards; null: a second written shard is refused
     * @param lockTimeoutMillis lock_timeout once the transaction holds several shards' primaries; 0: none
     */
    public Transaction(List<String> shardNames, PhysicalConnections connections, Listener listener,
                       AtomicCommit atomic, int lockTimeoutMillis) {
        this.shardNames = shardNames;
        this.connections = connections;
        this.listener = listener;
        this.pinned = new Connection[shardNames.size()];
        this.pinnedNodes = new Node[shardNames.size()];
        this.written = new boolean[shardNames.size()];
        this.writeOrder = new int[shardNames.size()];
        this.atomic = atomic;
        this.lockTimeoutMillis = lockTimeoutMillis;
        this.lockBounded = new boolean[shardNames.size()];
    }

    /** @return whether a transaction is open (the logical connection is not in auto-commit mode) */
    public boolean active() {
        return active;
    }

    /** {@code Connection.setAutoCommit}: switching it on commits the open transaction. */
    public void autoCommit(boolean on) throws SQLException {
        if (on && active) {
            commitPinned();
        }
        active = !on;
    }

    /** BEGIN / START TRANSACTION as SQL; like PostgreSQL, inside a transaction it changes nothing. */
    void begin(TransactionText.Modes modes) {
        if (!active) {
            active = true;
            sqlModes = modes;
        }
    }

    /** @param sessionReadOnly the connection's read-only setting, which the transaction's own modes override */
    boolean readOnly(boolean sessionReadOnly) {
        return sqlModes != null && sqlModes.readOnly() != null ? sqlModes.readOnly() : sessionReadOnly;
    }

    /** @return the node this transaction's connection to the shard came from, or null when it holds none */
    Node pinnedNode(int shard) {
        return pinnedNodes[shard];
    }

    /** Shard whose connection this transaction already holds, so broadcast reads stay on it; -1 when none. */
    public int preferredShard() {
        if (active) {
            for (int i = 0; i < pinned.length; i++) {
                if (pinned[i] != null) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The transaction's connection to the shard, pinned from {@code node} on first use.
     *
     * @param write the statement writes (a second written shard is refused when multi-shard commit is off)
     */
    Connection connection(int shard, Node node, boolean write) throws SQLException {
        boolean newlyWritten = write && !written[shard];
        if (newlyWritten && writtenCount > 0 && atomic == null) {
            throw SqlState.CROSS_SHARD_TRANSACTION.exception("this transaction already wrote to shard "
                    + shardNames.get(writeOrder[0]) + " and now writes to " + shardNames.get(shard)
                    + ", and multiShardTransactions is refuse: commit first, keep a transaction's writes on one"
                    + " shard key, or set multiShardTransactions=two-phase");
        }
        Connection c = pinned[shard];
        if (c == null) {
            c = connections.borrow(node);
            try {
                c.setAutoCommit(false);
                if (sqlModes != null) {
                    sqlModes.applyTo(c);
                }
                connections.pinned(c);
            } catch (SQLException | RuntimeException e) {
                giveBackAfter(c, e);
                throw e;
            }
            pinned[shard] = c;
            pinnedNodes[shard] = node;
            pinnedPrimaries += node.isReplica() ? 0 : 1;
        }
        boundLockWaits(shard, write);
        if (newlyWritten) {
            written[shard] = true;
            writeOrder[writtenCount++] = shard;
        }
        return c;
    }

    /**
     * Once the transaction writes while it holds two shards' primaries, a lock wait on any of them may be half of a
     * deadlock across shards that no server can see: each gets a lock_timeout for the rest of the transaction (SET
     * LOCAL: it ends with it), and so does every primary it pins after that. A connection gets it just before its next
     * statement, since only a statement can wait for a lock: a transfer's first shard, which has no statement left,
     * costs no round trip. Transactions that only read, replicas and sessions that set their own lock_timeout are left
     * alone.
     */
    private void boundLockWaits(int shard, boolean write) throws SQLException {
        if (!lockWaitsBounded) {
            if (pinnedPrimaries < 2 || !write || lockTimeoutMillis <= 0 || connections.sets("lock_timeout")) {
                return;
            }
            lockWaitsBounded = true;
        }
        if (!lockBounded[shard] && !pinnedNodes[shard].isReplica()) {
            try (java.sql.Statement st = pinned[shard].createStatement()) {
                st.execute("SET LOCAL lock_timeout = " + lockTimeoutMillis);
            }
            lockBounded[shard] = true;
        }
    }

    /** @return whether the transaction holds a connection on any shard */
    boolean holdsAny() {
        for (Connection c : pinned) {
            if (c != null) {
                return true;
            }
        }
        return false;
    }

    /** A statement that writes {@code shards} shards at once is refused when multi-shard transactions are. */
    void requireOneShard(String what, int shards) throws SQLException {
        if (active && shards > 1 && atomic == null) {
            throw SqlState.CROSS_SHARD_TRANSACTION.exception(what + " writes to " + shards + " shards, and"
                    + " multiShardTransactions is refuse: run it in auto-commit mode, or set"
                    + " multiShardTransactions=two-phase");
        }
    }

    /** Applies a session setting to every connection the transaction holds. */
    void forEachPinned(SqlAction action) throws SQLException {
        for (Connection c : pinned) {
            if (c != null) {
                action.apply(c);
            }
        }
    }

    /** A setting applied to a physical connection. */
    @FunctionalInterface
    interface SqlAction {
        void apply(Connection c) throws SQLException;
    }

    public void commit() throws SQLException {
        if (!active) {
            throw SqlState.NO_ACTIVE_SQL_TRANSACTION.exception("cannot commit when autoCommit is enabled");
        }
        boolean begunWithSql = sqlModes != null;
        commitPinned();
        active = !begunWithSql;
    }

    public void rollback() throws SQLException {
        if (!active) {
            throw SqlState.NO_ACTIVE_SQL_TRANSACTION.exception("cannot rollback when autoCommit is enabled");
        }
        boolean begunWithSql = sqlModes != null;
        SQLException failure = rollbackPinned(null);
        releasePinned(failure, false);
        active = !begunWithSql;
        if (failure != null) {
            throw failure;
        }
    }

    /** The logical connection closes: an open transaction rolls back, and every pinned connection goes back. */
    SQLException close(SQLException failure) {
        if (active) {
            failure = rollbackPinned(failure);
        }
        return releasePinned(failure, false);
    }

    /**
     * Shards only read commit first, then the written ones: one in one phase, several all or none; a failure before
     * the written shards' commit rolls everything back.
     */
    private void commitPinned() throws SQLException {
        SQLException failure = null;
        try {
            for (int i = 0; i < pinned.length; i++) {
                if (pinned[i] != null && !written[i]) {
                    pinned[i].commit();
                }
            }
            if (writtenCount == 1) {
                commitOne(writeOrder[0]);
            } else if (writtenCount > 1) {
                List<AtomicCommit.Part> parts = new java.util.ArrayList<>(writtenCount);
                for (int k = 0; k < writtenCount; k++) {
                    parts.add(new AtomicCommit.Part(writeOrder[k], pinned[writeOrder[k]]));
                }
                atomic.commit(parts);
            }
        } catch (SQLException e) {
            failure = rollbackPinned(e);
        }
        failure = releasePinned(failure, failure == null);
        if (failure != null) {
            throw failure;
        }
    }

    /** The one written shard commits in one phase; a connection that breaks meanwhile leaves the outcome unknown. */
    private void commitOne(int shard) throws SQLException {
        try {
            pinned[shard].commit();
        } catch (SQLException e) {
            if (!Node.connectionLost(e)) {
                throw e;
            }
            pinnedNodes[shard].markDown(e.getMessage());
            throw SqlState.OUTCOME_UNKNOWN.exception("the connection to " + pinnedNodes[shard].name() + " broke"
                    + " while the transaction committed (" + e.getMessage() + "): it may or may not have committed,"
                    + " and it is not retried; check before running it again", e);
        }
    }

    private SQLException rollbackPinned(SQLException failure) {
        for (Connection c : pinned) {
            if (c != null) {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    if (!Node.connectionLost(e) && !closed(c)) {
                        failure = Failures.add(failure, e);
                    }
                    // a connection that broke took its transaction with it: the server rolled it back
                }
            }
        }
        return failure;
    }

    /**
     * @return the failure to report, with those of giving the connections back suppressed in it. Without one, the
     * transaction ended as asked, and a connection that fails to go back is logged rather than reported as if the
     * commit or rollback had failed.
     */
    private SQLException releasePinned(SQLException failure, boolean committed) {
        listener.ended(committed);
        for (int i = 0; i < pinned.length; i++) {
            if (pinnedNodes[i] != null) {
                listener.shardEnded(i, pinnedNodes[i], written[i]);
                pinnedNodes[i] = null;
            }
        }
        sqlModes = null;
        for (int i = 0; i < pinned.length; i++) {
            if (pinned[i] != null) {
                try {
                    connections.giveBack(pinned[i]);
                } catch (SQLException e) {
                    if (failure != null) {
                        failure.addSuppressed(e);
                    } else {
                        log.warn("shard {}: the transaction ended but its connection did not go back cleanly: {}",
                                shardNames.get(i), e.toString());
                    }
                }
                pinned[i] = null;
            }
        }
        java.util.Arrays.fill(written, false);
        java.util.Arrays.fill(lockBounded, false);
        lockWaitsBounded = false;
        pinnedPrimaries = 0;
        writtenCount = 0;
        return failure;
    }

    /** The pool closes a connection whose server went away (HikariCP, on a fatal SQLSTATE). */
    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private void giveBackAfter(Connection c, Exception failure) {
        try {
            connections.giveBack(c);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
