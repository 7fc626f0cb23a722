package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.merge.RowMerger;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.HintFrame;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.Route;
import io.shardedjdbc.route.ScatterTargets;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a key-less read on every shard it needs, in parallel, and merges the rows. Connections are taken in shard
 * order before any query starts, so concurrent scatter reads cannot deadlock on the pools: each waits for a
 * connection only while holding connections of lower-numbered shards.
 *
 * <p>With a fetch size, the result streams: each shard's physical result stays open (a cursor, fetch size rows at a
 * time) and its connection borrowed until the merged result is read to the end or closed. Without one, every shard's
 * rows are read at once and the connections go back before the result is returned.
 */
final class ScatterRead {
    /** The merged rows, still arriving when they stream, and their columns. */
    record Merged(ResultColumns columns, RowSource rows) {
    }

    private final Session session;
    private final StatementSource statement;
    private final StatementPlan plan;
    private final ScatterShape shape;

    private ScatterRead(Session session, StatementSource statement, StatementPlan plan) {
        this.session = session;
        this.statement = statement;
        this.plan = plan;
        this.shape = plan.scatter();
    }

    static Merged run(Session session, StatementSource statement, StatementPlan plan, ParameterSource params,
                      Route route, HintFrame hints) throws SQLException {
        return new ScatterRead(session, statement, plan).run(params, route.targets(), hints);
    }

    private Merged run(ParameterSource params, ScatterTargets targets, HintFrame hints) throws SQLException {
        long limit = shape.limit() == null ? -1 : value(shape.limit(), params, "LIMIT");
        long offset = shape.offset() == null ? 0 : value(shape.offset(), params, "OFFSET");
        long maxRows = statement.maxRows();
        if (maxRows > 0) {
            limit = limit < 0 ? maxRows : Math.min(limit, maxRows);
        }
        // Max rows cut the merged rows; a shard needs at most the rows before the cut, and all of them when rows
        // combine (a group's count must see every row).
        long shardMaxRows = maxRows > 0 && !RowMerger.combines(shape) ? saturatedSum(offset, limit) : 0;
        boolean stream = statement.fetchSize() > 0;
        boolean borrowed = !session.inTransaction();
        List<ShardPart> parts = new ArrayList<>();
        try {
            for (int s = 0; s < targets.shards().length; s++) {
                if (targets.shards()[s]) {
                    parts.add(openPart(s, hints, borrowed));
                }
            }
            execute(parts, targets, stream, shardMaxRows);
            for (ShardPart p : parts) {
                session.chooser().executed(p.shard, p.node, plan);
            }
            ResultColumns columns = parts.get(0).columns();
            List<String> labels = new ArrayList<>();
            for (String label : columns.labels()) {
                labels.add(label.toLowerCase(Locale.ROOT));
            }
            List<RowSource> sources = List.copyOf(parts);
            RowSource merged;
            if (stream) {
                List<String> names = parts.stream().map(p -> p.name).toList();
                merged = RowMerger.stream(shape, labels, columns.types(), sources, names, limit, offset);
            } else {
                merged = RowMerger.merge(shape, labels, columns.types(), sources, limit, offset);
            }
            if (shape.hiddenColumns() > 0) {
                columns = columns.prefix(columns.labels().length - shape.hiddenColumns());
            }
            return new Merged(columns, merged);
        } catch (SQLException | RuntimeException e) {
            for (ShardPart p : parts) {
                try {
                    p.close();
                } catch (SQLException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** A shard's part on the server the chooser picks; a borrow that fails (nothing sent) goes to its next pick. */
    private ShardPart openPart(int shard, HintFrame hints, boolean borrowed) throws SQLException {
        session.warnOfLostCommits(shard, statement.warnings());
        for (int attempts = session.cluster().shard(shard).nodes().size(); ; attempts--) {
            Node node = session.chooser().choose(shard, plan, hints);
            try {
                return new ShardPart(shard, node, session.router().shardName(shard), session.acquire(shard, node,
                        false), borrowed ? session.settings() : null);
            } catch (SQLException e) {
                Session.retryAfterBorrowFailed(node, e, attempts);
            }
        }
    }

    /**
     * All parts at once on the cluster's executor, the first on this thread. Returns only when every part has
     * finished, so that no other thread still uses a connection when the caller releases them.
     */
    private void execute(List<ShardPart> parts, ScatterTargets targets, boolean stream, long maxRows)
            throws SQLException {
        List<ParallelParts.Part<Void>> tasks = new ArrayList<>(parts.size());
        for (ShardPart p : parts) {
            tasks.add(() -> {
                open(p, targets, stream, maxRows, parts.get(0));
                return null;
            });
        }
        ParallelParts.runAll(session.cluster().scatterExecutor(), tasks, "a cross-shard read");
    }

    /** Each shard is sent only its own keys of the statement's key lists. */
    private void open(ShardPart p, ScatterTargets targets, boolean stream, long maxRows, ShardPart first)
            throws SQLException {
        p.open(statement, targets.sql(p.shard, shape.shardSql()), targets.parameters(p.shard, shape.shardParameters()),
                targets.arrays(p.shard), stream, maxRows, p == first);
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
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
