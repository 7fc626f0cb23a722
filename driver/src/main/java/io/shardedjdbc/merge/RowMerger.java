package io.shardedjdbc.merge;

import io.shardedjdbc.sql.ScatterShape;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Combines the rows each shard returned for a key-less SELECT into the rows one server holding all of them would
 * return: aggregates and groups re-aggregated, duplicates removed for DISTINCT, then ORDER BY, OFFSET and LIMIT.
 * Pure: no JDBC objects, so every rule is testable on its own.
 */
public final class RowMerger {
    private RowMerger() {
    }

    /**
     * @param labels column labels of the shards' results, lower case, for sort keys given by name
     * @param types  their {@code java.sql.Types}, for averages (floating point or numeric, as PostgreSQL returns)
     * @param parts  each shard's rows, in the order the shard returned them
     * @param limit  rows to return, or -1 for all
     * @param offset rows to skip
     * @return the merged rows; closing it closes every part
     */
    public static RowSource merge(ScatterShape shape, List<String> labels, int[] types, List<RowSource> parts,
                                  long limit, long offset) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        GroupMerge groups = GroupMerge.combines(shape) ? new GroupMerge(shape, types) : null;
        try {
            for (RowSource part : parts) {
                for (Object[] row = part.next(); row != null; row = part.next()) {
                    if (groups != null) {
                        groups.add(row);
                    } else {
                        rows.add(row);
                    }
                }
            }
        } finally {
            closeAll(parts);
        }
        if (groups != null) {
            rows = groups.result();
        }
        if (!shape.orderBy().isEmpty()) {
            rows.sort(RowOrder.comparator(shape.orderBy(), labels));
        }
        int from = (int) Math.min(rows.size(), Math.max(0, offset));
        int to = limit < 0 ? rows.size() : (int) Math.min(rows.size(), from + limit);
        List<Object[]> page = from == 0 && to == rows.size() ? rows : new ArrayList<>(rows.subList(from, to));
        if (shape.hiddenColumns() > 0) {
            page.replaceAll(row -> Arrays.copyOf(row, row.length - shape.hiddenColumns()));
        }
        return RowSource.of(page);
    }

    /** Closes every part even when some fail; the first failure is thrown, the others suppressed into it. */
    static void closeAll(List<RowSource> parts) throws SQLException {
        SQLException failure = null;
        for (RowSource part : parts) {
            try {
                part.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
