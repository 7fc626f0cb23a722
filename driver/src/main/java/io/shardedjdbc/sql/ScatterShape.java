package io.shardedjdbc.sql;

import java.util.List;

/**
 * How the per-shard results of a key-less SELECT combine into the result one server holding every row would give:
 * which select items are aggregates, the grouping, DISTINCT, the sort keys, LIMIT/OFFSET, and the text each shard
 * runs. Null {@link #refusal()} means the merge is exact; otherwise it names the construct that cannot be merged.
 *
 * @param aggregates   one per select item ({@code NONE} for plain expressions), then one per hidden column; empty
 *                     for {@code SELECT *}
 * @param averages     the AVG items, computed from hidden sums and counts after the shards' rows are combined
 * @param distinctAggregates the COUNT/SUM/AVG(DISTINCT x) items: the shards group by x too and return it in a hidden
 *                     column, and the merge computes them over the distinct non-null x values of each group
 * @param having       the HAVING condition the merge applies to the combined groups (the shards run without it), or
 *                     null
 * @param labels       one per select item: its alias, else the column name, else null; empty for {@code SELECT *}
 * @param groupBy      the statement has GROUP BY (every group key is a select item without aggregate)
 * @param distinct     SELECT DISTINCT
 * @param orderBy      the sort keys, resolved against the result's columns when it is read
 * @param hiddenColumns columns the shards return after the select list (sort keys, the sums and counts behind
 *                     averages, DISTINCT arguments, aggregates and parameters HAVING needs), which the merge removes
 * @param limit        rows to return, or null for all
 * @param offset       rows to skip first, or null
 * @param shardSql     the text each shard runs: LIMIT raised to cover OFFSET, OFFSET dropped; or without LIMIT and
 *                     OFFSET when rows must be combined before counting them
 * @param shardParameters original parameter indexes bound to {@code shardSql}'s {@code ?} in order
 */
public record ScatterShape(List<Aggregate> aggregates, List<String> labels, boolean groupBy, boolean distinct,
                           List<SortKey> orderBy, int hiddenColumns, List<Average> averages,
                           List<DistinctAggregate> distinctAggregates, HavingTerm having, Bound limit, Bound offset,
                           String shardSql, int[] shardParameters, String refusal) {

    /** How one select item's per-shard values combine. */
    public enum Aggregate {
        NONE, COUNT, SUM, MIN, MAX, BOOL_AND, BOOL_OR, AVG,
        /** COUNT, SUM or AVG over DISTINCT values: computed by the merge from the group's distinct values. */
        COUNT_DISTINCT, SUM_DISTINCT, AVG_DISTINCT,
        /** A hidden DISTINCT argument: a group key on the shards, but not in the merge. */
        DISTINCT_VALUE,
        /** A hidden statement parameter HAVING compares with: the same in every row, so neither key nor combined. */
        PARAMETER
    }

    /** A DISTINCT aggregate (0-based column) and the hidden column holding its argument's values. */
    public record DistinctAggregate(int column, int valueColumn) {
    }

    /** An AVG select item (0-based column) and the hidden columns holding the shards' sum and count of its argument. */
    public record Average(int column, int sumColumn, int countColumn) {
    }

    /**
     * One ORDER BY key: a 1-based select-list position, or a result column label (lower case), at least one set.
     *
     * @param nullsFirst PostgreSQL's default when not written: NULLS LAST ascending, NULLS FIRST descending
     */
    public record SortKey(int position, String label, boolean descending, boolean nullsFirst) {
    }

    /** A LIMIT or OFFSET value: a literal, or the JDBC parameter (1-based) that holds it. */
    public record Bound(long literal, int parameter) {
        public static Bound of(long literal) {
            return new Bound(literal, 0);
        }
    }

    static ScatterShape refused(String construct) {
        return new ScatterShape(List.of(), List.of(), false, false, List.of(), 0, List.of(), List.of(), null, null, null,
                null, null, construct);
    }
}
