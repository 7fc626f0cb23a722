package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.route.Route;
import io.shardedjdbc.route.ScatterTargets;
import io.shardedjdbc.sql.InsertRows;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one statement on several shards as one server would: every shard (broadcast writes, DDL, key-less writes),
 * the per-shard parts of a split multi-row INSERT, or the owners of a key list, each with only its own keys. Every
 * part runs in its own transaction and all commit only when every part succeeded. Update counts add up (a broadcast
 * table's are one copy's), the RETURNING rows and generated keys of every part are kept (one copy's for broadcast
 * tables), and a split INSERT's come back in the caller's row order.
 */
final class ShardWrites {
    /**
     * One shard's part of the statement.
     *
     * @param parameters the original 1-based parameters its text binds, in order; null: all, as they are
     * @param arrays     the {@code ANY(?)} arrays cut down to this shard's keys, by original parameter index
     * @param rows       the caller's VALUES rows this part inserts (a split INSERT); null otherwise
     */
    record Part(int shard, String sql, int[] parameters, Map<Integer, ScatterTargets.KeyArray> arrays, int[] rows) {
    }

    /** What the parts returned together: a count, or rows; and the generated keys when they were asked for. */
    record Result(long count, ResultColumns columns, List<Object[]> rows, ResultColumns keyColumns,
                  List<Object[]> keys) {
    }

    private final Session session;
    private final StatementSource statement;
    private final StatementPlan plan;

    private ShardWrites(Session session, StatementSource statement, StatementPlan plan) {
        this.session = session;
        this.statement = statement;
        this.plan = plan;
    }

    /** Every shard, the statement as written. */
    static Result onEveryShard(Session session, StatementSource statement, StatementPlan plan) throws SQLException {
        List<Part> parts = new ArrayList<>();
        for (int s = 0; s < session.router().shardCount(); s++) {
            parts.add(new Part(s, plan.sql(), null, Map.of(), null));
        }
        return new ShardWrites(session, statement, plan).run(parts, !plan.writes().writesBroadcastTable(), null,
                "this statement (DDL, broadcast write or key-less write)");
    }

    /** The shards owning the key list's values, each sent only its own. */
    static Result onKeyOwners(Session session, StatementSource statement, StatementPlan plan, Route route)
            throws SQLException {
        ScatterTargets targets = route.targets();
        int[] all = new int[plan.parameterCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        List<Part> parts = new ArrayList<>();
        for (int s = 0; s < targets.shards().length; s++) {
            if (targets.shards()[s]) {
                parts.add(new Part(s, targets.sql(s, plan.sql()), targets.parameters(s, all), targets.arrays(s), null));
            }
        }
        return new ShardWrites(session, statement, plan).run(parts, true, null,
                "this write with keys on several shards");
    }

    /** A multi-row INSERT whose rows belong to several shards: each shard gets an INSERT of its own rows. */
    static Result split(Session session, StatementSource statement, StatementPlan plan, Route route)
            throws SQLException {
        InsertRows rows = plan.insertRows();
        int[] rowShards = route.rowShards();
        List<Part> parts = new ArrayList<>();
        for (int s = 0; s < session.router().shardCount(); s++) {
            int n = 0;
            for (int r : rowShards) {
                n += r == s ? 1 : 0;
            }
            if (n > 0) {
                int[] mine = new int[n];
                for (int r = 0, k = 0; r < rowShards.length; r++) {
                    if (rowShards[r] == s) {
                        mine[k++] = r;
                    }
                }
                parts.add(new Part(s, rows.sqlForRows(mine), rows.parameterIndexesForRows(mine), Map.of(), mine));
            }
        }
        return new ShardWrites(session, statement, plan).run(parts, true, route.rowKeys(), "this multi-row INSERT");
    }

    /**
     * @param sum     add up every part's count and keep every part's rows; false: one copy's (broadcast tables)
     * @param rowKeys the canonical key of each caller row of a split INSERT; null otherwise
     */
    private Result run(List<Part> parts, boolean sum, Object[] rowKeys, String what) throws SQLException {
        session.requireOneShard(what, parts.size());
        if (session.inTransaction()) {
            if (plan.runsOutsideTransactions()) {
                throw SqlState.ACTIVE_SQL_TRANSACTION.exception("PostgreSQL runs this statement only outside a"
                        + " transaction block: run it in auto-commit mode (a migration tool: outside a transaction)."
                        + " Nothing was sent. SQL: " + io.shardedjdbc.route.Router.abbreviate(plan.sql()));
            }
        }
        int n = parts.size();
        @SuppressWarnings("unchecked")
        List<Object[]>[] rows = new List[n];
        @SuppressWarnings("unchecked")
        List<Object[]>[] keys = new List[n];
        ResultColumns columns = null;
        ResultColumns keyColumns = null;
        long count = 0;
        // in a transaction: the transaction's own connections, committed with it (all or none)
        boolean pinned = session.inTransaction();
        try (MultiShardWrite write = pinned ? null : new MultiShardWrite(session.settings(),
                !plan.runsOutsideTransactions(), session.cluster().atomicCommit())) {
            try {
                for (int i = 0; i < n; i++) {
                    Part part = parts.get(i);
                    session.warnOfLostCommits(part.shard(), statement.warnings());
                    Connection c = pinned ? session.acquireForWrite(part.shard())
                            : write.enlist(session.borrowPrimary(part.shard()), part.shard(),
                            session.router().shardName(part.shard()));
                    if (!pinned && plan.session().leavesState()) {
                        session.settings().keep(c, session.cluster().shard(part.shard()).primary());
                    }
                    boolean keep = sum || i == 0;
                    PartResult r = runPart(c, part);
                    if (r.columns != null) {
                        columns = ResultColumns.fuller(columns, r.columns);
                        rows[i] = keep ? r.rows : null;
                    } else if (keep) {
                        count += r.count;
                    }
                    if (r.keyColumns != null && keep) {
                        keyColumns = ResultColumns.fuller(keyColumns, r.keyColumns);
                        keys[i] = r.keys;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                SQLException failure = e instanceof SQLException se ? (pinned ? se : write.failed(se))
                        : SqlState.INTERNAL_ERROR.exception("multi-shard write failed: " + e, e);
                if (!pinned) {
                    write.rollback(failure);
                }
                throw failure;
            }
            if (!pinned) {
                write.commit();
            }
        }
        if (!pinned) {
            for (Part part : parts) {
                session.wrote(part.shard());
            }
        }
        return new Result(count, columns, ordered(rows, parts, columns, rowKeys), keyColumns,
                ordered(keys, parts, keyColumns, rowKeys));
    }

    private record PartResult(long count, ResultColumns columns, List<Object[]> rows,
                              ResultColumns keyColumns, List<Object[]> keys) {
    }

    private PartResult runPart(Connection c, Part part) throws SQLException {
        try (Statement st = statement.create(c, part.sql())) {
            boolean hasResult = statement.execute(st, part.sql(), part.parameters(), part.arrays());
            statement.warnings().note(st);
            ResultColumns columns = null;
            List<Object[]> rows = null;
            long count = 0;
            if (hasResult) {
                try (ResultSet rs = st.getResultSet()) {
                    columns = ResultColumns.of(rs.getMetaData());
                    rows = DetachedRows.read(rs);
                }
            } else {
                count = st.getLargeUpdateCount();
            }
            ResultColumns keyColumns = null;
            List<Object[]> keys = null;
            if (statement.wantsKeys()) {
                try (ResultSet rs = st.getGeneratedKeys()) {
                    keyColumns = ResultColumns.of(rs.getMetaData());
                    keys = DetachedRows.read(rs);
                }
            }
            return new PartResult(count, columns, rows, keyColumns, keys);
        }
    }

    /** A split INSERT's rows in the caller's row order when it can be known; otherwise in part order. */
    private List<Object[]> ordered(List<Object[]>[] perPart, List<Part> parts, ResultColumns columns,
                                   Object[] rowKeys) throws SQLException {
        if (columns == null) {
            return List.of();
        }
        if (rowKeys != null) {
            int[][] partRows = new int[parts.size()][];
            for (int i = 0; i < partRows.length; i++) {
                partRows[i] = parts.get(i).rows();
            }
            KeyspacePlacement ks = session.router().keyspace(plan.writes().targetSpec().keyspace());
            List<Object[]> inOrder = CallerOrder.of(perPart, partRows, keyColumn(columns), rowKeys,
                    CallerOrder.keyForm(ks));
            if (inOrder != null) {
                return inOrder;
            }
        }
        List<Object[]> all = new ArrayList<>();
        for (List<Object[]> part : perPart) {
            if (part != null) {
                all.addAll(part);
            }
        }
        return all;
    }

    private int keyColumn(ResultColumns columns) {
        return CallerOrder.keyColumn(columns.labels(), plan.writes().targetSpec().keyColumn());
    }
}
