package io.shardedjdbc.merge;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.ScatterShape.Aggregate;
import io.shardedjdbc.sql.ScatterShape.SortKey;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     */
    public static List<Object[]> merge(ScatterShape shape, List<String> labels, int[] types,
                                       List<List<Object[]>> parts, long limit, long offset) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        parts.forEach(rows::addAll);
        if (shape.groupBy() || shape.aggregates().stream().anyMatch(a -> a != Aggregate.NONE)) {
            rows = aggregate(shape, rows);
            for (ScatterShape.Average avg : shape.averages()) {
                for (Object[] row : rows) {
                    row[avg.column()] = average(row[avg.sumColumn()], row[avg.countColumn()], types[avg.column()]);
                }
            }
        } else if (shape.distinct()) {
            rows = distinct(rows);
        }
        if (!shape.orderBy().isEmpty()) {
            rows.sort(comparator(shape.orderBy(), labels));
        }
        int from = (int) Math.min(rows.size(), Math.max(0, offset));
        int to = limit < 0 ? rows.size() : (int) Math.min(rows.size(), from + limit);
        List<Object[]> page = from == 0 && to == rows.size() ? rows : new ArrayList<>(rows.subList(from, to));
        if (shape.hiddenColumns() > 0) {
            page.replaceAll(row -> Arrays.copyOf(row, row.length - shape.hiddenColumns()));
        }
        return page;
    }

    private static List<Object[]> distinct(List<Object[]> rows) {
        Map<List<Object>, Object[]> seen = new LinkedHashMap<>();
        for (Object[] row : rows) {
            seen.putIfAbsent(key(row, null), row);
        }
        return new ArrayList<>(seen.values());
    }

    /** One output row per group (one in all without GROUP BY), each aggregate combined over the shards' rows. */
    private static List<Object[]> aggregate(ScatterShape shape, List<Object[]> rows) throws SQLException {
        List<Aggregate> aggregates = shape.aggregates();
        Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
        for (Object[] row : rows) {
            List<Object> key = shape.groupBy() ? key(row, aggregates) : List.of();
            Object[] into = groups.get(key);
            if (into == null) {
                groups.put(key, row.clone());
                continue;
            }
            for (int i = 0; i < aggregates.size(); i++) {
                into[i] = combine(aggregates.get(i), into[i], row[i], i + 1);
            }
        }
        return new ArrayList<>(groups.values());
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

    private static Comparator<Object[]> comparator(List<SortKey> keys, List<String> labels) throws SQLException {
        int[] columns = new int[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            SortKey key = keys.get(k);
            int column = key.position() > 0 ? key.position() - 1 : labels.indexOf(key.label());
            if (column < 0 || column >= labels.size() || (key.position() <= 0 && labels.lastIndexOf(key.label())
                    != column)) {
                throw SqlState.CROSS_SHARD_READ.exception("cannot merge the shards' rows: ORDER BY "
                        + (key.position() > 0 ? key.position() : key.label())
                        + " does not name exactly one column of the result " + labels);
            }
            columns[k] = column;
        }
        return (x, y) -> {
            for (int k = 0; k < columns.length; k++) {
                SortKey key = keys.get(k);
                Object a = x[columns[k]];
                Object b = y[columns[k]];
                int c;
                if (a == null || b == null) {
                    c = a == b ? 0 : (a == null) == key.nullsFirst() ? -1 : 1;
                } else {
                    c = Values.compare(a, b);
                    c = key.descending() ? -c : c;
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }
}
