package io.shardedjdbc.jmh;

import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.merge.RowMerger;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.StatementAnalyzer;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One cross-shard SELECT ready to merge: the shape the analyzer computes from its text and the rows each shard would
 * send for the shard text (in the shard's order). The parts are built once; every merge reads them through fresh
 * {@link RowSource}s, which the merge does not modify.
 */
final class MergeCase {
    /** The analyzer sees one sharded table, {@code t}, as a topology listing it would describe it. */
    private static final StatementAnalyzer ANALYZER = new StatementAnalyzer(
            t -> t.equals("t") ? new TableSpec("t", "id", "default", false, null) : null, 16);

    final String sql;
    private final ScatterShape shape;
    private final List<String> labels;
    private final int[] types;
    private final List<List<Object[]>> parts;
    private final long limit;
    private final long offset;
    /** Rows the shards sent, all parts together: the divisor for a cost per input row. */
    final int inputRows;

    MergeCase(String sql, List<String> labels, int[] types, List<List<Object[]>> parts) {
        this.sql = sql;
        this.shape = ANALYZER.analyze(sql).scatter();
        if (shape == null || shape.refusal() != null) {
            throw new IllegalStateException("the analyzer does not merge " + sql + ": "
                    + (shape == null ? "no scatter shape" : shape.refusal()));
        }
        if (shape.limit() != null && shape.limit().parameter() != 0
                || shape.offset() != null && shape.offset().parameter() != 0) {
            throw new IllegalStateException("LIMIT and OFFSET must be literals here: " + sql);
        }
        this.labels = List.copyOf(labels);
        this.types = types.clone();
        this.parts = List.copyOf(parts);
        this.limit = shape.limit() == null ? -1 : shape.limit().literal();
        this.offset = shape.offset() == null ? 0 : shape.offset().literal();
        int n = 0;
        for (List<Object[]> part : parts) {
            n += part.size();
        }
        this.inputRows = n;
    }

    /** The text each shard runs, to show what the parts stand for. */
    String shardSql() {
        return shape.shardSql();
    }

    /** Merges the parts and reads the merged rows to the end, each into the blackhole; returns how many. */
    int merge(Blackhole sink) throws SQLException {
        int n = 0;
        try (RowSource merged = RowMerger.merge(shape, labels, types, sources(), limit, offset)) {
            for (Object[] row = merged.next(); row != null; row = merged.next()) {
                sink.consume(row);
                n++;
            }
        }
        return n;
    }

    /** The merged rows, for setup to check the merge's answer before it is timed. */
    List<Object[]> mergedRows() throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (RowSource merged = RowMerger.merge(shape, labels, types, sources(), limit, offset)) {
            for (Object[] row = merged.next(); row != null; row = merged.next()) {
                out.add(row);
            }
        }
        return out;
    }

    private List<RowSource> sources() {
        List<RowSource> sources = new ArrayList<>(parts.size());
        for (List<Object[]> part : parts) {
            sources.add(RowSource.of(part));
        }
        return sources;
    }
}
