package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.route.Route;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.StatementKind;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a statement's batch: every entry routed, one physical batch per shard, all sent at once and committed on
 * every shard or on none (in a transaction: on the transaction's one written shard). Counts come back per entry in
 * the caller's order (a broadcast entry's are one copy's, a key-less write's add up over the shards), generated keys
 * too.
 */
final class BatchRun {
    /** A batch entry that runs on every shard and reports one copy's count (a broadcast write, DDL). */
    private static final int ALL = -1;
    /** A batch entry that runs on every shard and reports the sum (a key-less write under scatter). */
    private static final int ALL_SUM = -2;

    /** Counts per entry, and the generated keys when they were asked for (null columns: none). */
    record Result(long[] counts, ResultColumns keyColumns, List<Object[]> keys) {
    }

    private final Session session;
    private final StatementSource statement;
    private final int n;
    private final StatementPlan[] plans;

    private BatchRun(Session session, StatementSource statement, int n) {
        this.session = session;
        this.statement = statement;
        this.n = n;
        this.plans = new StatementPlan[n];
    }

    static Result run(Session session, StatementSource statement, int entries) throws SQLException {
        return new BatchRun(session, statement, entries).run();
    }

    private Result run() throws SQLException {
        int shardCount = session.router().shardCount();
        int[] entryCounts = new int[shardCount];
        int[] routes = routeBatch(entryCounts);
        // before anything runs: nothing may fail once the shards have committed
        Object[] entryKeys = statement.wantsKeys() ? entryKeys() : null;
        int[][] perShard = new int[shardCount][];
        int used = 0;
        for (int s = 0; s < shardCount; s++) {
            perShard[s] = new int[entryCounts[s]];
            used += entryCounts[s] > 0 ? 1 : 0;
            entryCounts[s] = 0;
        }
        for (int i = 0; i < n; i++) {
            int shard = routes[i];
            if (shard >= 0) {
                perShard[shard][entryCounts[shard]++] = i;
                continue;
            }
            for (int s = 0; s < shardCount; s++) {
                perShard[s][entryCounts[s]++] = i;
            }
        }
        List<ShardBatch> done = new ArrayList<>(used);
        if (session.inTransaction()) {
            session.requireOneShard("this batch", used);
            for (int s = 0; s < shardCount; s++) {
                if (perShard[s].length > 0) {
                    session.warnOfLostCommits(s, statement.warnings());
                    done.add(runShardBatch(session.acquireForWrite(s), perShard[s]));
                }
            }
        } else {
            try (MultiShardWrite write = new MultiShardWrite(session.settings(), true,
                    session.cluster().atomicCommit())) {
                try {
                    // borrowed one after the other in shard order, as every multi-shard statement does, then
                    // sent at once: the shards insert in parallel instead of waiting for each other's round trips
                    List<ParallelParts.Part<ShardBatch>> parts = new ArrayList<>(used);
                    for (int s = 0; s < shardCount; s++) {
                        if (perShard[s].length > 0) {
                            session.warnOfLostCommits(s, statement.warnings());
                            Connection c = write.enlist(session.borrowPrimary(s), s, session.router().shardName(s));
                            int[] entries = perShard[s];
                            parts.add(() -> runShardBatch(c, entries));
                        }
                    }
                    done.addAll(ParallelParts.runAll(session.cluster().scatterExecutor(), parts, "a batch"));
                } catch (SQLException e) {
                    write.rollback(e);
                    throw new BatchUpdateException("the batch failed and was rolled back on every shard: "
                            + e.getMessage(), e.getSQLState(), e.getErrorCode(), new long[0], e);
                }
                write.commit();
            }
            for (int s = 0; s < shardCount; s++) {
                if (perShard[s].length > 0) {
                    session.wrote(s);
                }
            }
        }
        for (StatementPlan plan : plans) {
            if (plan.kind() == StatementKind.DDL) {
                session.cluster().serverCatalog().ddlRan(plan);
            }
        }
        return collect(done, routes, entryKeys);
    }

    private Result collect(List<ShardBatch> done, int[] routes, Object[] entryKeys) throws SQLException {
        long[] counts = new long[n];
        boolean[] counted = new boolean[n];
        for (ShardBatch b : done) {
            for (int j = 0; j < b.entries.length && j < b.counts.length; j++) {
                int entry = b.entries[j];
                if (!counted[entry]) {
                    counts[entry] = b.counts[j];
                    counted[entry] = true;
                } else if (routes[entry] == ALL_SUM) {
                    counts[entry] += b.counts[j];
                }
            }
        }
        ResultColumns keyColumns = null;
        for (ShardBatch b : done) {
            keyColumns = ResultColumns.fuller(keyColumns, b.keyColumns);
        }
        if (keyColumns == null) {
            return new Result(counts, null, List.of());
        }
        return new Result(counts, keyColumns, keysInEntryOrder(done, keyColumns, entryKeys));
    }

    /**
     * Each entry's generated key row in entry order; a skipped row (ON CONFLICT) gives none. When a shard returned
     * other than one row per entry and the rows cannot be matched to entries by key, the shards' rows in shard order.
     */
    private List<Object[]> keysInEntryOrder(List<ShardBatch> done, ResultColumns columns, Object[] entryKeys)
            throws SQLException {
        // a prepared statement's entries share one plan; a plain batch's keys are matched only when each gives one
        TableSpec target = plans[0].writes().writesShardedTable() ? plans[0].writes().targetSpec() : null;
        int column = target == null ? -1 : CallerOrder.keyColumn(columns.labels(), target.keyColumn());
        KeyspacePlacement ks = target == null ? null : session.router().keyspace(target.keyspace());
        Object[][] byEntry = new Object[n][];
        for (ShardBatch b : done) {
            if (b.keys == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Object[]>[] parts = new List[]{b.keys};
            Object[][] mine = CallerOrder.byRow(parts, new int[][]{b.entries}, n, column, entryKeys,
                    CallerOrder.keyForm(ks));
            if (mine == null) {
                return concatenated(done);
            }
            for (int e : b.entries) {
                // an entry on every shard reports the first shard's keys, as it reports its count
                if (byEntry[e] == null && mine[e] != null) {
                    byEntry[e] = mine[e];
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : byEntry) {
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Object[]> concatenated(List<ShardBatch> done) {
        List<Object[]> rows = new ArrayList<>();
        for (ShardBatch b : done) {
            if (b.keys != null) {
                rows.addAll(b.keys);
            }
        }
        return rows;
    }

    /** The canonical key of each single-row INSERT entry, null for the others. */
    private Object[] entryKeys() throws SQLException {
        Object[] keys = new Object[n];
        for (int i = 0; i < n; i++) {
            StatementPlan plan = plans[i];
            if (plan.insertRows() != null && plan.insertRows().rowCount() == 1) {
                keys[i] = session.router().rowKeys(plan, statement.batchParams(i))[0];
            }
        }
        return keys;
    }

    /**
     * @param entryCounts filled with the number of entries each shard gets
     * @return per entry, its shard, {@link #ALL} or {@link #ALL_SUM}
     */
    private int[] routeBatch(int[] entryCounts) throws SQLException {
        Router router = session.router();
        HintFrame hints = HintFrame.current();
        int preferred = session.preferredShard();
        int[] routes = new int[n];
        // counted once per batch: 8 threads adding each row to one shared counter made it a hot spot
        RouteKind[] kinds = RouteKind.values();
        int[] kindCounts = new int[kinds.length];
        try {
            for (int i = 0; i < n; i++) {
                StatementPlan plan = session.cluster().serverCatalog().current(statement.batchPlan(i));
                if (!plan.session().none() || plan.kind() == StatementKind.TRANSACTION) {
                    throw SqlState.UNSUPPORTED_STATEMENT.exception("batch entry " + (i + 1) + " changes the session"
                            + " (a SET, RESET, set_config, transaction command, temporary object, lock or LISTEN),"
                            + " which the driver follows only when it runs on its own: execute it outside the batch."
                            + " SQL: " + Router.abbreviate(plan.sql()));
                }
                plans[i] = plan;
                Route route = router.route(plan, statement.batchParams(i), preferred, hints);
                RouteKind kind = route.kind();
                kindCounts[kind.ordinal()]++;
                routes[i] = entryRoute(i, kind, route, plan);
                if (routes[i] >= 0) {
                    entryCounts[routes[i]]++;
                } else {
                    for (int s = 0; s < entryCounts.length; s++) {
                        entryCounts[s]++;
                    }
                }
            }
        } finally {
            for (int k = 0; k < kindCounts.length; k++) {
                session.cluster().countRoutes(kinds[k], kindCounts[k]);
            }
        }
        return routes;
    }

    private static int entryRoute(int i, RouteKind kind, Route route, StatementPlan plan) throws SQLException {
        switch (kind) {
            case SCATTER:
                throw SqlState.CROSS_SHARD_READ.exception("batch entry " + (i + 1) + " is a read that needs"
                        + " several shards: run reads with executeQuery, not in a batch");
            case SPLIT:
                throw SqlState.CROSS_SHARD_WRITE.exception("batch entry " + (i + 1) + " is a multi-row INSERT"
                        + " whose rows belong to different shards: batch single-row INSERTs instead");
            case KEY_LIST:
                throw SqlState.CROSS_SHARD_WRITE.exception("batch entry " + (i + 1) + " writes keys of several"
                        + " shards: run it on its own (executeUpdate), or batch one key per entry");
            case ALL_SHARDS:
                return plan.writes().writesShardedTable() ? ALL_SUM : ALL;
            default:
                return route.shard();
        }
    }

    /** One shard's part of a batch: its entries' update counts and generated keys. */
    private record ShardBatch(int[] entries, long[] counts, ResultColumns keyColumns, List<Object[]> keys) {
    }

    /** Runs on the calling thread or, for a multi-shard batch, on the cluster's executor: reads this statement only. */
    private ShardBatch runShardBatch(Connection c, int[] entries) throws SQLException {
        try (Statement st = statement.createForBatch(c)) {
            for (int entry : entries) {
                statement.addToBatch(st, entry);
            }
            long[] r = st.executeLargeBatch();
            statement.warnings().note(st);
            if (!statement.wantsKeys()) {
                return new ShardBatch(entries, r, null, null);
            }
            try (ResultSet rs = st.getGeneratedKeys()) {
                return new ShardBatch(entries, r, ResultColumns.of(rs.getMetaData()), DetachedRows.read(rs));
            }
        }
    }
}
