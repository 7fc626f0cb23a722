package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.Shard;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commits one transaction's parts on several shards all or none, with PostgreSQL's two-phase commit. The first part
 * keeps the decision: its own transaction gets a row of {@link CommitDecisions} first, then every other part is
 * prepared ({@code PREPARE TRANSACTION}), then the first part commits in one phase. That commit is the decision: once
 * it is durable the prepared parts are committed ({@code COMMIT PREPARED}), by this instance now or by any instance's
 * {@link InDoubtRecovery} later; if it never happens they are rolled back. No state outside the shards is needed, so
 * the process may die at any instant.
 */
public final class AtomicCommit implements AutoCloseable {
    static final Logger log = LoggerFactory.getLogger(AtomicCommit.class);

    /** One shard's part of the transaction: its connection, in manual commit, with the part's work done. */
    record Part(int shard, Connection connection) {
    }

    private final List<Shard> shards;
    private final CommitDecisions decisions;
    private final InDoubtRecovery recovery;
    /** Unique per instance start, so that transaction ids of instances never meet (the counter makes them unique here). */
    private final String instance = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4);
    private final AtomicLong counter = new AtomicLong();

    public AtomicCommit(List<Shard> shards, long inDoubtMillis, long recoveryIntervalMillis) {
        this.shards = shards;
        this.decisions = new CommitDecisions(shards);
        this.recovery = new InDoubtRecovery(shards, decisions, inDoubtMillis, recoveryIntervalMillis);
    }

    /** Starts recovery: a first round now, then one per interval, on a daemon thread. */
    public void start() {
        recovery.start();
    }

    /**
     * Commits every part or none.
     *
     * @param parts the written shards' parts, the first written first: it keeps the decision
     * @throws SQLException the transaction was rolled back on every shard (a part's own failure), or
     *                      {@link SqlState#COMMIT_OUTCOME_UNKNOWN} when the decision could not be read back
     */
    void commit(List<Part> parts) throws SQLException {
        Part decider = parts.get(0);
        String deciderName = shards.get(decider.shard()).name();
        for (Part p : parts) {
            requireHealthy(p);
        }
        decisions.requireTable(decider.shard(), decider.connection());
        for (int i = 1; i < parts.size(); i++) {
            decisions.requirePrepare(parts.get(i).shard(), parts.get(i).connection());
        }
        String txid = instance + "-" + Long.toHexString(counter.incrementAndGet());
        List<String> names = new ArrayList<>(parts.size());
        for (Part p : parts) {
            names.add(shards.get(p.shard()).name());
        }
        long started = System.nanoTime();
        decisions.record(decider.connection(), txid, names);
        List<Prepared> prepared = new ArrayList<>(parts.size() - 1);
        try {
            for (int i = 1; i < parts.size(); i++) {
                Part p = parts.get(i);
                PreparedPartId id = new PreparedPartId(txid, i, deciderName);
                if (!id.fits()) {
                    throw SqlState.UNSUPPORTED_STATEMENT.exception("shard name '" + deciderName + "' is too long for"
                            + " a two-phase commit id (PostgreSQL allows 200 bytes); the transaction was rolled back");
                }
                prepare(p, id);
                prepared.add(new Prepared(p, id));
            }
            if (System.nanoTime() - started > CommitDecisions.KEEP_MILLIS / 2 * 1_000_000) {
                throw SqlState.TRANSACTION_ROLLBACK.exception("preparing the transaction's parts took longer than "
                        + CommitDecisions.KEEP_MILLIS / 2000 + " s; it was rolled back on every shard");
            }
        } catch (SQLException e) {
            rollBack(prepared, e);
            throw e;
        }
        try {
            decider.connection().commit();
        } catch (SQLException e) {
            Boolean committed = Node.connectionLost(e) ? decisions.settle(decider.shard(), txid, 5_000) : Boolean.FALSE;
            if (committed == null) {
                throw SqlState.COMMIT_OUTCOME_UNKNOWN.exception("the connection to shard " + deciderName + " broke"
                        + " while it committed the decision of a transaction over shards " + names + ", and the"
                        + " decision cannot be read back now: the transaction is committed on every shard or on none,"
                        + " and recovery (this or any instance on the fleet) finishes it when " + deciderName
                        + " answers. Check before retrying (transaction " + txid + ")", e);
            }
            if (!committed) {
                rollBack(prepared, e);
                throw e;
            }
        }
        boolean allDone = true;
        for (Prepared p : prepared) {
            allDone &= finish(p);
        }
        if (allDone) {
            recovery.finished(decider.shard(), txid);
        }
    }

    private record Prepared(Part part, PreparedPartId id) {
    }

    /** A part whose transaction already failed would be rolled back by PREPARE TRANSACTION, silently: refuse first. */
    private void requireHealthy(Part p) throws SQLException {
        BaseConnection pg = p.connection().unwrap(BaseConnection.class);
        if (pg.getTransactionState() == TransactionState.FAILED) {
            throw SqlState.IN_FAILED_SQL_TRANSACTION.exception("a statement of this transaction failed on shard "
                    + shards.get(p.shard()).name() + ", so it cannot commit: it was rolled back on every shard");
        }
    }

    private void prepare(Part p, PreparedPartId id) throws SQLException {
        try (Statement st = p.connection().createStatement()) {
            st.execute("PREPARE TRANSACTION " + id.literal());
        } catch (SQLException e) {
            if ("0A000".equals(e.getSQLState())) {
                // PostgreSQL cannot prepare a transaction that used temporary objects, LISTEN/NOTIFY or WITH HOLD
                // cursors; 0A000 would make pools drop the application's connection, which is fine
                throw SqlState.UNSUPPORTED_STATEMENT.exception("shard " + shards.get(p.shard()).name()
                        + " cannot prepare its part of this multi-shard transaction: " + e.getMessage()
                        + ". Keep temporary tables, LISTEN/NOTIFY and WITH HOLD cursors out of transactions that"
                        + " write several shards. The transaction was rolled back on every shard", e);
            }
            throw e;
        }
    }

    /** @return whether the part is committed; else recovery finishes it */
    private boolean finish(Prepared p) {
        try {
            endPrepared(p.part().connection(), "COMMIT PREPARED " + p.id().literal());
            return true;
        } catch (SQLException e) {
            if (InDoubtRecovery.alreadyEnded(e)) {
                return true; // another instance's recovery was quicker
            }
            log.warn("two-phase commit {}: decided (committed on {}) but COMMIT PREPARED failed on shard {} ({});"
                    + " recovery commits it there", p.id().txid(), p.id().decisionShard(),
                    shards.get(p.part().shard()).name(), e.getMessage());
            recovery.retry(p.part().shard(), p.id());
            return false;
        }
    }

    private void rollBack(List<Prepared> prepared, SQLException failure) {
        for (Prepared p : prepared) {
            try {
                endPrepared(p.part().connection(), "ROLLBACK PREPARED " + p.id().literal());
            } catch (SQLException e) {
                failure.addSuppressed(e);
                recovery.retry(p.part().shard(), p.id());
            }
        }
    }

    /** COMMIT/ROLLBACK PREPARED run outside a transaction block: on the part's own connection, now idle. */
    static void endPrepared(Connection c, String sql) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        // manual commit again, as the transaction that pinned it expects until it gives it back
        c.setAutoCommit(false);
    }

    @Override
    public void close() {
        recovery.close();
    }
}
