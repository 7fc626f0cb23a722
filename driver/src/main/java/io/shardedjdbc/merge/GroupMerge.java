package io.shardedjdbc.merge;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.ScatterShape.Aggregate;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The combining stage of a merge: groups and aggregates re-aggregated over the shards' rows, or DISTINCT; then the
 * averages and DISTINCT aggregates computed, and HAVING applied to the combined groups. Rows are added one at a time
 * as they arrive, so memory holds the groups (and their distinct values), not the shards' rows.
 */
final class GroupMerge {
    private final ScatterShape shape;
    private final int[] types;
    private final boolean aggregating;
    /** The hidden columns holding DISTINCT arguments, each once. */
    private final int[] valueColumns;
    private final Map<List<Object>, Group> groups = new LinkedHashMap<>();

    /** One combined group: its row, and per DISTINCT argument the distinct non-null values seen, by equality key. */
    private static final class Group {
        final Object[] row;
        final List<Map<Object, Object>> distinctValues;

        Group(Object[] row, int valueColumns) {
            this.row = row;
            this.distinctValues = new ArrayList<>(valueColumns);
            for (int i = 0; i < valueColumns; i++) {
                distinctValues.add(new LinkedHashMap<>());
            }
        }
    }

    GroupMerge(ScatterShape shape, int[] types) {
        this.shape = shape;
        this.types = types;
        this.aggregating = shape.groupBy() || shape.aggregates().stream().anyMatch(a -> a != Aggregate.NONE);
        this.valueColumns = shape.distinctAggregates().stream().mapToInt(ScatterShape.DistinctAggregate::valueColumn)
                .distinct().toArray();
    }

    /** Whether the shape combines rows at all (GROUP BY, aggregates or DISTINCT). */
    static boolean combines(ScatterShape shape) {
        return shape.groupBy() || shape.distinct() || shape.aggregates().stream().anyMatch(a -> a != Aggregate.NONE);
    }

    void add(Object[] row) throws SQLException {
        if (!aggregating) {
            // DISTINCT: the first of equal rows stands for all of them.
            groups.putIfAbsent(key(row, null), new Group(row, 0));
            return;
        }
        List<Aggregate> aggregates = shape.aggregates();
        List<Object> key = shape.groupBy() ? key(row, aggregates) : List.of();
        Group into = groups.get(key);
        if (into == null) {
            into = new Group(row.clone(), valueColumns.length);
            groups.put(key, into);
        } else {
            for (int i = 0; i < aggregates.size(); i++) {
                into.row[i] = combine(aggregates.get(i), into.row[i], row[i], i + 1);
            }
        }
        for (int v = 0; v < valueColumns.length; v++) {
            Object value = row[valueColumns[v]];
            if (value != null) {
                into.distinctValues.get(v).putIfAbsent(Values.equalityKey(value), value);
            }
        }
    }

    /** The combined rows, averages and DISTINCT aggregates computed, the groups HAVING rejects left out. */
    List<Object[]> result() throws SQLException {
        if (aggregating && !shape.groupBy() && groups.isEmpty()) {
            groups.put(List.of(), new Group(emptyAggregates(), valueColumns.length));
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Group group : groups.values()) {
            Object[] row = group.row;
            for (ScatterShape.Average avg : shape.averages()) {
                row[avg.column()] = average(row[avg.sumColumn()], row[avg.countColumn()], type(avg.column()));
            }
            for (ScatterShape.DistinctAggregate d : shape.distinctAggregates()) {
                int slot = 0;
                while (valueColumns[slot] != d.valueColumn()) {
                    slot++;
                }
                row[d.column()] = DistinctAggregates.compute(shape.aggregates().get(d.column()),
                        group.distinctValues.get(slot).values(), type(d.column()), d.column() + 1);
            }
            if (shape.having() == null || HavingFilter.accepts(shape.having(), row)) {
                out.add(row);
            }
        }
        return out;
    }

    /**
     * One server returns one row for aggregates over no rows; shards grouping by a DISTINCT argument return none,
     * so the merge makes that row: counts 0, everything else NULL.
     */
    private Object[] emptyAggregates() throws SQLException {
        List<Aggregate> aggregates = shape.aggregates();
        Object[] row = new Object[aggregates.size()];
        for (int i = 0; i < row.length; i++) {
            Aggregate a = aggregates.get(i);
            if (a == Aggregate.PARAMETER && shape.having() != null) {
                throw SqlState.CROSS_SHARD_READ.exception("cannot evaluate HAVING with parameters over no rows"
                        + " after merging the shards' rows: put the parameter's value in the statement text");
            }
            row[i] = a == Aggregate.COUNT || a == Aggregate.COUNT_DISTINCT ? (Object) 0L : null;
        }
        return row;
    }

    private int type(int column) {
        return types == null || column >= types.length ? java.sql.Types.OTHER : types[column];
    }

    private static List<Object> key(Object[] row, List<Aggregate> aggregates) {
        List<Object> key = new ArrayList<>(row.length);
        for (int i = 0; i < row.length; i++) {
            if (aggregates == null || aggregates.get(i) == Aggregate.NONE) {
                key.add(Values.equalityKey(row[i]));
            }
        }
        return key;
    }

    /** As PostgreSQL: float8 for floating-point arguments, else numeric with its division scale; NULL over no rows. */
    static Object average(Object sum, Object count, int type) {
        if (sum == null || count == null || ((Number) count).longValue() == 0) {
            return null;
        }
        Number s = (Number) sum;
        long n = ((Number) count).longValue();
        if (type == java.sql.Types.DOUBLE || type == java.sql.Types.FLOAT || type == java.sql.Types.REAL
                || (type == java.sql.Types.OTHER && Values.isFloating(s))) {
            return s.doubleValue() / n;
        }
        return NumericDivision.divide(Values.decimal(s), BigDecimal.valueOf(n));
    }

    static Object combine(Aggregate aggregate, Object a, Object b, int column) throws SQLException {
        if (aggregate != Aggregate.COUNT && aggregate != Aggregate.SUM && aggregate != Aggregate.MIN
                && aggregate != Aggregate.MAX && aggregate != Aggregate.BOOL_AND && aggregate != Aggregate.BOOL_OR) {
            // group keys, parameters, DISTINCT arguments: the first row's; averages and DISTINCT aggregates: computed
            return a;
        }
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        switch (aggregate) {
            case COUNT:
            case SUM:
                return add(a, b, column);
            case MIN:
                return Values.compare(a, b) <= 0 ? a : b;
            case MAX:
                return Values.compare(a, b) >= 0 ? a : b;
            case BOOL_AND:
                return (Boolean) a && (Boolean) b;
            default:
                return (Boolean) a || (Boolean) b;
        }
    }

    private static Object add(Object a, Object b, int column) throws SQLException {
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.addExact(x, y);
            } catch (ArithmeticException e) {
                throw SqlState.NUMERIC_VALUE_OUT_OF_RANGE.exception("bigint out of range while adding column " + column
                        + " across shards");
            }
        }
        if (a instanceof Integer x && b instanceof Integer y) {
            return x + y;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x + y;
        }
        if (a instanceof Float x && b instanceof Float y) {
            return x + y;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.add(y);
        }
        throw SqlState.CROSS_SHARD_READ.exception("cannot add the values of column " + column + " across shards ("
                + a.getClass().getSimpleName() + "): sum or count it per shard with a key instead");
    }
}
