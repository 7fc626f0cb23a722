package io.shardedjdbc.merge;

import io.shardedjdbc.sql.ScatterShape;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Combines the rows each shard returned for a key-less SELECT into the rows one server holding all of them would
 * return: aggregates and groups re-aggregated, duplicates removed for DISTINCT, then ORDER BY, OFFSET and LIMIT.
 * Pure: no JDBC objects, so every rule is testable on its own.
 *
 * <p>Rows that are not combined flow through without being collected: parts are read one after another, or merged
 * by ORDER BY one row per part at a time ({@link #stream}), and no row is pulled past LIMIT. Combined rows flow into
 * the groups as they arrive, so memory holds the groups; the groups are then sorted and paged in memory.
 */
public final class RowMerger {
    private RowMerger() {
    }

    /**
     * Merges parts whose rows are in any order: with ORDER BY (and no combining), every row is read and sorted in
     * memory, which suits parts already held in memory.
     *
     * @param labels column labels of the shards' results, lower case, for sort keys given by name
     * @param types  their {@code java.sql.Types}, for averages (floating point or numeric, as PostgreSQL returns)
     * @param parts  each shard's rows, in the order the shard returned them
     * @param limit  rows to return, or -1 for all
     * @param offset rows to skip
     * @return the merged rows; closing it closes every part
     */
    public static RowSource merge(ScatterShape shape, List<String> labels, int[] types, List<RowSource> parts,
                                  long limit, long offset) throws SQLException {
        return merge(shape, labels, types, parts, null, limit, offset);
    }

    /**
     * Merges parts that each return their rows sorted by the shape's ORDER BY (the shards' SQL keeps it), pulling
     * at most one row per part ahead of what was read: a part found out of that order fails the read (SJ005)
     * rather than misplace rows.
     *
     * @param partNames each part's name (its shard), for that error
     * @see #merge(ScatterShape, List, int[], List, long, long) the other parameters
     */
    public static RowSource stream(ScatterShape shape, List<String> labels, int[] types, List<RowSource> parts,
                                   List<String> partNames, long limit, long offset) throws SQLException {
        if (partNames.size() != parts.size()) {
            throw new IllegalArgumentException(partNames.size() + " names for " + parts.size() + " parts");
        }
        return merge(shape, labels, types, parts, partNames, limit, offset);
    }

    /** Whether the shape combines rows (groups, aggregates, DISTINCT): then every shard row must be read. */
    public static boolean combines(ScatterShape shape) {
        return GroupMerge.combines(shape);
    }

    /** @param sortedNames null: parts in any order; else the parts are sorted, and these are their names */
    private static RowSource merge(ScatterShape shape, List<String> labels, int[] types, List<RowSource> parts,
                                   List<String> sortedNames, long limit, long offset) throws SQLException {
        OpenParts open = new OpenParts(parts);
        try {
            Comparator<Object[]> order = shape.orderBy().isEmpty() ? null
                    : RowOrder.comparator(shape.orderBy(), labels);
            RowSource rows;
            if (GroupMerge.combines(shape)) {
                GroupMerge groups = new GroupMerge(shape, types);
                for (int i = 0; i < open.size(); i++) {
                    for (Object[] row = open.next(i); row != null; row = open.next(i)) {
                        groups.add(row);
                    }
                }
                rows = sorted(groups.result(), order);
            } else if (order == null) {
                rows = new ConcatenatedParts(open);
            } else if (sortedNames != null) {
                rows = new OrderedMerge(open, order, sortedNames);
            } else {
                List<Object[]> all = new ArrayList<>();
                for (int i = 0; i < open.size(); i++) {
                    for (Object[] row = open.next(i); row != null; row = open.next(i)) {
                        all.add(row);
                    }
                }
                rows = sorted(all, order);
            }
            return new Page(rows, offset, limit, shape.hiddenColumns());
        } catch (SQLException | RuntimeException e) {
            open.closeAfter(e);
            throw e;
        }
    }

    private static RowSource sorted(List<Object[]> rows, Comparator<Object[]> order) {
        if (order != null) {
            rows.sort(order);
        }
        return RowSource.of(rows);
    }
}
