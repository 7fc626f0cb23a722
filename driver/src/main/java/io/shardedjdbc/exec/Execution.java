package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.Route;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.SessionCommand;
import io.shardedjdbc.sql.SessionEffects;
import io.shardedjdbc.sql.StatementKind;
import io.shardedjdbc.sql.StatementPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs the executions of one application statement and holds what the last one left open: routes the plan, runs it
 * on one shard's chosen server (retrying a read whose replica was lost), on every shard, on the owners of a key list,
 * as a split INSERT or as a merged cross-shard read, and keeps the physical statement and the borrowed connection of
 * a single-shard result until its results are done. Reused by every execution of its statement, so a single-shard
 * statement allocates nothing here.
 */
public final class Execution {
    private static final Logger log = LoggerFactory.getLogger(Execution.class);

    private final Session session;
    private final StatementSource statement;

    /** The physical statement of the last single-shard execution, and its connection when borrowed. */
    private Statement physical;
    private Connection held;
    private long count = -1;
    /** The rows of the last multi-shard execution (merged read, RETURNING), null when none. */
    private ResultColumns columns;
    private RowSource rows;
    /** {@link #rows} is a streamed cross-shard result holding connections borrowed outside any transaction. */
    private boolean rowsBorrowShards;
    /** The generated keys of a multi-shard execution or batch, null when they come from {@link #physical}. */
    private ResultColumns keyColumns;
    private List<Object[]> keys;

    public Execution(Session session, StatementSource statement) {
        this.session = session;
        this.statement = statement;
    }

    /**
     * Runs one execution; the previous one's results must have been {@link #release released}.
     *
     * @return whether it produced rows: {@link #physical()}'s result set, or {@link #rows()}
     */
    public boolean run(StatementPlan analysed, ParameterSource params) throws SQLException {
        if (analysed.kind() == StatementKind.TRANSACTION) {
            session.runTransactionText(analysed.sql());
            count = 0;
            return false;
        }
        ServerCatalog catalog = session.cluster().serverCatalog();
        StatementPlan plan = catalog.current(analysed);
        HintFrame hints = HintFrame.current();
        boolean result = plan.session().none() ? run(plan, params, hints) : runChangingSession(plan, params, hints);
        if (plan.kind() == StatementKind.DDL) {
            catalog.ddlRan(plan);
        }
        return result;
    }

    private boolean run(StatementPlan plan, ParameterSource params, HintFrame hints) throws SQLException {
        Route route;
        try {
            route = session.router().route(plan, params, session.preferredShard(), hints);
        } catch (SQLException refused) {
            if (plan.literals() == null) {
                throw refused;
            }
            route = null; // the text's own plan decides what is refused (a shape's merge may differ from the text's)
        }
        if (plan.literals() != null && (route == null || route.shard() < 0)) {
            // a shape's plan places single-shard texts only: what spans shards is rewritten from the text's own plan
            return run(session.cluster().analyzer().analyze(plan.sql()),
                    params instanceof io.shardedjdbc.route.LiteralValues v ? v.bound() : params);
        }
        RouteKind kind = route.kind();
        session.cluster().countRoute(kind);
        if (log.isDebugEnabled()) {
            log.debug("{} -> {}: {}", kind, route.shard() < 0 ? "several shards"
                    : session.router().shardName(route.shard()), plan.sql());
        }
        switch (kind) {
            case ALL_SHARDS:
                return session.inTransaction() && session.router().shardCount() == 1 ? runOn(0, plan, hints)
                        : publish(ShardWrites.onEveryShard(session, statement, plan));
            case SPLIT:
                return publish(ShardWrites.split(session, statement, plan, route));
            case KEY_LIST:
                return publish(ShardWrites.onKeyOwners(session, statement, plan, route));
            case SCATTER:
                ScatterRead.Merged merged = ScatterRead.run(session, statement, plan, params, route, hints);
                columns = merged.columns();
                rows = merged.rows();
                rowsBorrowShards = statement.fetchSize() > 0 && !session.inTransaction();
                return true;
            default:
                return runOn(route.shard(), plan, hints);
        }
    }

    /** A statement that changes the server session: a SET / RESET / DISCARD, set_config, temporary objects... */
    private boolean runChangingSession(StatementPlan plan, ParameterSource params, HintFrame hints)
            throws SQLException {
        SessionEffects effects = plan.session();
        if (effects.refusal() != null && effects.command() == null) {
            throw SqlState.UNSUPPORTED_STATEMENT.exception(effects.refusal() + ". SQL: "
                    + Router.abbreviate(plan.sql()));
        }
        SessionCommand command = effects.command();
        if (command != null && command.kind() != SessionCommand.Kind.SHOW) {
            Route route = session.router().route(plan, params, session.preferredShard(), hints);
            SessionCommands.run(session, statement, plan, route.shard());
            count = 0;
            return false;
        }
        if (effects.setConfigs().isEmpty()) {
            return run(plan, params, hints);
        }
        SessionVariables.Mark before = SessionCommands.recordSetConfigs(session, plan, params);
        try {
            return run(plan, params, hints);
        } catch (SQLException | RuntimeException e) {
            session.settings().variables().restore(before);
            throw e;
        }
    }

    private boolean runOn(int shard, StatementPlan plan, HintFrame hints) throws SQLException {
        session.warnOfLostCommits(shard, statement.warnings());
        ServerChooser chooser = session.chooser();
        Node node = chooser.choose(shard, plan, hints);
        boolean write = !plan.isRead();
        for (int attempts = session.cluster().shard(shard).replicas().size() + 1; ; attempts--) {
            Connection c;
            try {
                c = session.acquire(shard, node, write);
            } catch (SQLException e) {
                // nothing was sent: the statement may wait for the shard's new primary, or go to another replica
                Session.retryAfterBorrowFailed(node, e, attempts + 1);
                node = chooser.choose(shard, plan, hints);
                continue;
            }
            try {
                boolean hasResult = runOn(node, plan, c);
                chooser.executed(shard, node, plan);
                return hasResult;
            } catch (SQLException e) {
                Node next = attempts > 0 ? chooser.retry(shard, node, plan, hints, e) : null;
                if (next == null) {
                    throw sentAndLost(node, plan, e);
                }
                log.debug("{} failed ({}); read retried on {}", node, e.getMessage(), next);
                node = next;
            }
        }
    }

    /**
     * The statement was sent and the connection broke: the node gets no more statements until the monitor sees it
     * again (writes wait for a new primary), and what the application is told says what is known.
     */
    private SQLException sentAndLost(Node node, StatementPlan plan, SQLException e) {
        if (!Node.connectionLost(e)) {
            return e;
        }
        node.markDown(e.getMessage());
        if (session.inTransaction()) {
            return SqlState.TRANSACTION_ROLLBACK.exception("the connection to " + node.name() + " broke during the"
                    + " transaction (" + e.getMessage() + "): the server rolled its part back; roll back and run the"
                    + " transaction again", e);
        }
        if (!plan.isRead()) {
            return SqlState.OUTCOME_UNKNOWN.exception("the connection to " + node.name() + " broke after the write"
                    + " was sent (" + e.getMessage() + "): it may or may not have committed, and it is not retried;"
                    + " check before running it again", e);
        }
        return e;
    }

    private boolean runOn(Node node, StatementPlan plan, Connection c) throws SQLException {
        boolean borrowed = !session.inTransaction();
        Statement st = null;
        try {
            if (plan.session().leavesState()) {
                session.settings().keep(c, node);
            }
            st = statement.create(c, plan.sql());
            boolean hasResult = statement.execute(st, plan.sql(), null, null);
            statement.warnings().note(st);
            physical = st;
            held = borrowed ? c : null;
            if (!hasResult) {
                count = st.getLargeUpdateCount();
                if (borrowed && !statement.wantsKeys()) {
                    giveBackHeld();
                }
            }
            return hasResult;
        } catch (SQLException | RuntimeException e) {
            physical = null;
            held = null;
            closeAfter(st, e);
            if (borrowed) {
                giveBackAfter(c, e);
            }
            throw e;
        }
    }

    private boolean publish(ShardWrites.Result out) {
        if (out.keyColumns() != null) {
            keyColumns = out.keyColumns();
            keys = out.keys();
        }
        if (out.columns() != null) {
            columns = out.columns();
            rows = RowSource.of(out.rows());
            return true;
        }
        count = out.count();
        return false;
    }

    /** Runs the statement's pending batch; the previous execution's results must have been released. */
    public long[] runBatch() throws SQLException {
        BatchRun.Result done = BatchRun.run(session, statement, statement.batchSize());
        if (done.keyColumns() != null) {
            keyColumns = done.keyColumns();
            keys = done.keys();
        }
        return done.counts();
    }

    // ---- what the last execution left ----

    /** The physical statement of the last single-shard execution, null when none. */
    public Statement physical() {
        return physical;
    }

    public long count() {
        return count;
    }

    public void count(long count) {
        this.count = count;
    }

    public ResultColumns columns() {
        return columns;
    }

    /** The rows of the last multi-shard execution, null when it ran on one shard or returned a count. */
    public RowSource rows() {
        return rows;
    }

    public boolean rowsBorrowShards() {
        return rowsBorrowShards;
    }

    /** The generated keys of a multi-shard execution or batch; null: ask {@link #physical()}, if any. */
    public ResultColumns keyColumns() {
        return keyColumns;
    }

    public List<Object[]> keys() {
        return keys;
    }

    /** Whether the last single-shard result holds a connection borrowed outside a transaction. */
    public boolean holdsBorrowed() {
        return held != null;
    }

    /**
     * Closes the last execution's physical statement and gives its borrowed connection back; forgets its rows (their
     * result set is closed by its owner).
     */
    public void release() throws SQLException {
        SQLException failure = null;
        columns = null;
        rows = null;
        rowsBorrowShards = false;
        keyColumns = null;
        keys = null;
        count = -1;
        if (physical != null) {
            Statement st = physical;
            physical = null;
            failure = Failures.close(st, null);
        }
        try {
            giveBackHeld();
        } catch (SQLException e) {
            failure = Failures.add(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The physical statement died with the transaction's connection: nothing to close or give back. */
    public void forgetPhysical() {
        physical = null;
        rowsBorrowShards = false;
    }

    private void giveBackHeld() throws SQLException {
        if (held != null) {
            Connection c = held;
            held = null;
            session.giveBack(c);
        }
    }

    private static void closeAfter(AutoCloseable c, Exception failure) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void giveBackAfter(Connection c, Exception failure) {
        try {
            session.giveBack(c);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
