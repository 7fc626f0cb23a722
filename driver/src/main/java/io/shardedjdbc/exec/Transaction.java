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
 * touched (and the node it came from), the one shard it wrote, and the commit and rollback order. Only the written
 * shard's commit can lose data, so it commits last; a transaction that would write a second shard is refused
 * ({@link SqlState#CROSS_SHARD_TRANSACTION}) until an atomic commit replaces {@link #commitPinned}.
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
    private int writtenShard = -1;

    public Transaction(List<String> shardNames, PhysicalConnections connections, Listener listener) {
        this.shardNames = shardNames;
        this.connections = connections;
        this.listener = listener;
        this.pinned = new Connection[shardNames.size()];
        this.pinnedNodes = new Node[shardNames.size()];
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
     * @param write the statement writes: a second written shard is refused
     */
    Connection connection(int shard, Node node, boolean write) throws SQLException {
        if (write && writtenShard >= 0 && writtenShard != shard) {
            throw SqlState.CROSS_SHARD_TRANSACTION.exception("this transaction already wrote to shard "
                    + shardNames.get(writtenShard) + " and now writes to " + shardNames.get(shard)
                    + ": atomic multi-shard commit is not supported yet;"
                    + " commit first, or keep a transaction's writes on one shard key");
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
        }
        if (write) {
            writtenShard = shard;
        }
        return c;
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

    /** A statement that writes {@code shards} shards at once cannot be part of a transaction yet. */
    void requireOneShard(String what, int shards) throws SQLException {
        if (active && shards > 1) {
            throw SqlState.CROSS_SHARD_TRANSACTION.exception(what + " writes to " + shards + " shards, which a"
                    + " transaction cannot do atomically yet: run it in auto-commit mode (each such statement then"
                    + " commits on every shard or on none)");
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

    /** Read-only shards commit first, the one written shard last, so a failure there loses no other write. */
    private void commitPinned() throws SQLException {
        SQLException failure = null;
        try {
            for (int i = 0; i < pinned.length; i++) {
                if (pinned[i] != null && i != writtenShard) {
                    pinned[i].commit();
                }
            }
            if (writtenShard >= 0 && pinned[writtenShard] != null) {
                pinned[writtenShard].commit();
            }
        } catch (SQLException e) {
            failure = rollbackPinned(e);
        }
        failure = releasePinned(failure, failure == null);
        if (failure != null) {
            throw failure;
        }
    }

    private SQLException rollbackPinned(SQLException failure) {
        for (Connection c : pinned) {
            if (c != null) {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    failure = Failures.add(failure, e);
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
                listener.shardEnded(i, pinnedNodes[i], i == writtenShard);
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
        writtenShard = -1;
        return failure;
    }

    private void giveBackAfter(Connection c, Exception failure) {
        try {
            connections.giveBack(c);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
