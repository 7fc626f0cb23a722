package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.merge.RowMerger;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.ScatterTargets;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a key-less read on every shard it needs, in parallel, and merges the rows. Connections are taken in shard
 * order before any query starts, so concurrent scatter reads cannot deadlock on the pools: each waits for a
 * connection only while holding connections of lower-numbered shards.
 */
final class ScatterRead {
    private final LogicalStatement statement;
    private final LogicalConnection conn;
    private final StatementPlan plan;
    private final ScatterShape shape;

    private ScatterRead(LogicalStatement statement, StatementPlan plan) {
        this.statement = statement;
        this.conn = statement.conn;
        this.plan = plan;
        this.shape = plan.scatter();
    }

    /** One shard's part: its connection and what it returned. */
    private static final class Part {
        final int shard;
        final Node node;
        final Connection connection;
        RowsResultSet.Columns columns;
        List<Object[]> rows;
        /** The original parameter bound to each {@code ?} of the shard text, key lists cut to this shard's keys. */
        int[] parameters;
        Map<Integer, ScatterTargets.KeyArray> arrays;

        Part(int shard, Node node, Connection connection) {
            this.shard = shard;
            this.node = node;
            this.connection = connection;
        }
    }

    static ResultSet run(LogicalStatement statement, StatementPlan plan, ParameterSource params) throws SQLException {
        return new ScatterRead(statement, plan).run(params);
    }

    private ResultSet run(ParameterSource params) throws SQLException {
        ScatterTargets scatterTargets = conn.router().scatterTargets(plan, params);
        boolean[] targets = scatterTargets.shards();
        long limit = shape.limit() == null ? -1 : value(shape.limit(), params, "LIMIT");
        long offset = shape.offset() == null ? 0 : value(shape.offset(), params, "OFFSET");
        boolean borrowed = !conn.inTransaction();
        List<Part> parts = new ArrayList<>();
        try {
            for (int s = 0; s < targets.length; s++) {
                if (targets[s]) {
                    Node node = conn.target(s, plan);
                    Part part = new Part(s, node, conn.acquire(s, node, false));
                    part.parameters = scatterTargets.parameters(s, shape.shardParameters());
                    part.arrays = scatterTargets.arrays(s);
                    parts.add(part);
                }
            }
            execute(parts);
        } finally {
            if (borrowed) {
                SQLException failure = null;
                for (Part p : parts) {
                    try {
                        p.connection.close();
                    } catch (SQLException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        }
        List<RowSource> rows = new ArrayList<>();
        for (Part p : parts) {
            conn.executed(p.shard, p.node, plan);
            rows.add(RowSource.of(p.rows));
        }
        RowsResultSet.Columns columns = parts.get(0).columns;
        List<String> labels = new ArrayList<>();
        for (String label : columns.labels()) {
            labels.add(label.toLowerCase(Locale.ROOT));
        }
        RowSource merged = RowMerger.merge(shape, labels, columns.types(), rows, limit, offset);
        int visible = columns.labels().length - shape.hiddenColumns();
        if (shape.hiddenColumns() > 0) {
            columns = new RowsResultSet.Columns(java.util.Arrays.copyOf(columns.labels(), visible),
                    java.util.Arrays.copyOf(columns.types(), visible),
                    java.util.Arrays.copyOf(columns.typeNames(), visible));
        }
        return JdbcFactory.rowsResultSet(statement, columns, merged);
    }

    /** All parts at once on the cluster's executor, the first on this thread. */
    private void execute(List<Part> parts) throws SQLException {
        ExecutorService executor = conn.cluster.scatterExecutor();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            Part p = parts.get(i);
            futures.add(executor.submit(() -> {
                query(p);
                return null;
            }));
        }
        SQLException failure = null;
        try {
            query(parts.get(0));
        } catch (SQLException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                SQLException cause = e.getCause() instanceof SQLException se ? se
                        : SqlState.CONNECTION_FAILURE.exception("a shard's part of a cross-shard read failed: "
                        + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SqlState.CONNECTION_FAILURE.exception("interrupted while waiting for the shards", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void query(Part p) throws SQLException {
        try (Statement st = statement.newPhysical(p.connection, shape.shardSql())) {
            statement.applySettings(st);
            if (!statement.executePhysical(st, shape.shardSql(), p.parameters, p.arrays)) {
                throw SqlState.CROSS_SHARD_READ.exception("shard " + conn.router().shardName(p.shard)
                        + " returned no rows for a read: " + plan.sql());
            }
            try (ResultSet rs = st.getResultSet()) {
                p.columns = RowsResultSet.Columns.of(rs.getMetaData());
                p.rows = RowsResultSet.read(rs);
            }
        }
    }

    private static long value(ScatterShape.Bound bound, ParameterSource params, String clause) throws SQLException {
        if (bound.parameter() == 0) {
            return bound.literal();
        }
        Object v = params.value(bound.parameter());
        if (v instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        if (v == null) {
            return clause.equals("LIMIT") ? -1 : 0;
        }
        throw SqlState.INVALID_ARGUMENT.exception(clause + " parameter " + bound.parameter()
                + " must be a non-negative integer, got " + v);
    }
}
