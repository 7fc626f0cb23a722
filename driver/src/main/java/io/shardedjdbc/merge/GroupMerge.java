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
 * The combining stage of a merge: groups and aggregates re-aggregated over the shards' rows, or DISTINCT. Rows are
 * added one at a time as they arrive, so memory holds the groups, not the shards' rows.
 */
final class GroupMerge {
    private final ScatterShape shape;
    private final int[] types;
    private final boolean aggregating;
    private final Map<List<Object>, Object[]> groups = new LinkedHashMap<>();

    GroupMerge(ScatterShape shape, int[] types) {
        this.shape = shape;
        this.types = types;
        this.aggregating = shape.groupBy() || shape.aggregates().stream().anyMatch(a -> a != Aggregate.NONE);
    }

    /** Whether the shape combines rows at all (GROUP BY, aggregates or DISTINCT). */
    static boolean combines(ScatterShape shape) {
        return shape.groupBy() || shape.distinct() || shape.aggregates().stream().anyMatch(a -> a != Aggregate.NONE);
    }

    void add(Object[] row) throws SQLException {
        if (!aggregating) {
            // DISTINCT: the first of equal rows stands for all of them.
            groups.putIfAbsent(key(row, null), row);
            return;
        }
        List<Aggregate> aggregates = shape.aggregates();
        List<Object> key = shape.groupBy() ? key(row, aggregates) : List.of();
        Object[] into = groups.get(key);
        if (into == null) {
            groups.put(key, row.clone());
            return;
        }
        for (int i = 0; i < aggregates.size(); i++) {
            into[i] = combine(aggregates.get(i), into[i], row[i], i + 1);
        }
    }

    /** The combined rows, averages computed from their hidden sums and counts. */
    List<Object[]> result() {
        List<Object[]> out = new ArrayList<>(groups.values());
        for (ScatterShape.Average avg : shape.averages()) {
            for (Object[] row : out) {
                row[avg.column()] = average(row[avg.sumColumn()], row[avg.countColumn()], types[avg.column()]);
            }
        }
        return out;
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
        if (type == java.sql.Types.DOUBLE || type == java.sql.Types.FLOAT || type == java.sql.Types.REAL) {
            return s.doubleValue() / n;
        }
        return NumericDivision.divide(Values.decimal(s), BigDecimal.valueOf(n));
    }

    static Object combine(Aggregate aggregate, Object a, Object b, int column) throws SQLException {
        if (aggregate == Aggregate.NONE || aggregate == Aggregate.AVG) {
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
                throw new SQLException("bigint out of range while adding column " + column + " across shards",
                        "22003");
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
        throw SqlState.FEATURE_NOT_SUPPORTED.exception("cannot add the values of column " + column + " across shards ("
                + a.getClass().getSimpleName() + "): sum or count it per shard with a key instead");
    }
}
