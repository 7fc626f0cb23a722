package io.shardedjdbc.merge;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.sql.ScatterShape.Aggregate;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * COUNT, SUM and AVG over the distinct non-null values of a group's argument, with PostgreSQL's result types: count
 * bigint; sum of smallint/integer bigint, of bigint and numeric numeric, of real/double precision the same; avg
 * numeric, or double precision for floating-point arguments. Floating-point values are added in ascending order, the
 * order PostgreSQL's DISTINCT aggregates see them in.
 */
final class DistinctAggregates {
    private DistinctAggregates() {
    }

    /**
     * @param type   the column's {@code java.sql.Types} as the shards returned it
     * @param column 1-based, for messages
     */
    static Object compute(Aggregate aggregate, Collection<Object> values, int type, int column) throws SQLException {
        if (aggregate == Aggregate.COUNT_DISTINCT) {
            return (long) values.size();
        }
        if (values.isEmpty()) {
            return null;
        }
        List<Number> numbers = new ArrayList<>(values.size());
        for (Object v : values) {
            if (!(v instanceof Number n) || v instanceof java.math.BigInteger) {
                throw SqlState.CROSS_SHARD_READ.exception("cannot merge " + aggregate.name().replace('_', '(')
                        + " ...) of column " + column + " across shards: its values are "
                        + v.getClass().getSimpleName() + ", not numbers");
            }
            numbers.add(n);
        }
        numbers.sort(Values::compare);
        Number sum = sum(numbers);
        if (aggregate == Aggregate.SUM_DISTINCT) {
            return sum;
        }
        return GroupMerge.average(sum, (long) numbers.size(), type);
    }

    private static Number sum(List<Number> numbers) {
        Number first = numbers.get(0);
        if (first instanceof Double) {
            double s = 0;
            for (Number n : numbers) {
                s += n.doubleValue();
            }
            return s;
        }
        if (first instanceof Float) {
            float s = 0;
            for (Number n : numbers) {
                s += n.floatValue();
            }
            return s;
        }
        if (first instanceof Integer || first instanceof Short || first instanceof Byte) {
            // no overflow: fewer than 2^32 distinct ints
            long s = 0;
            for (Number n : numbers) {
                s += n.longValue();
            }
            return s;
        }
        BigDecimal s = BigDecimal.ZERO;
        for (Number n : numbers) {
            s = s.add(Values.decimal(n));
        }
        return s;
    }
}
