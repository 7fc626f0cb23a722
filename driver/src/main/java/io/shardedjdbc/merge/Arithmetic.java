package io.shardedjdbc.merge;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.sql.HavingTerm;

import java.math.BigDecimal;
import java.sql.SQLException;

/**
 * + - * / on the numbers a HAVING condition computes with, typed as PostgreSQL types them: integer with integer
 * stays integer (division truncates, overflow fails), anything with a floating-point number is double precision,
 * the rest numeric.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    static Object apply(HavingTerm.Arithmetic op, Object a, Object b) throws SQLException {
        if (a == null || b == null) {
            return null;
        }
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            throw SqlState.CROSS_SHARD_READ.exception("cannot evaluate HAVING after merging the shards' rows: "
                    + op.name().toLowerCase(java.util.Locale.ROOT) + " of a " + a.getClass().getSimpleName()
                    + " and a " + b.getClass().getSimpleName() + " (arithmetic on numbers only)");
        }
        try {
            if (isInt(x) && isInt(y)) {
                int i = x.intValue();
                int j = y.intValue();
                return switch (op) {
                    case ADD -> Math.addExact(i, j);
                    case SUBTRACT -> Math.subtractExact(i, j);
                    case MULTIPLY -> Math.multiplyExact(i, j);
                    case DIVIDE -> j == 0 ? divisionByZero() : i == Integer.MIN_VALUE && j == -1
                            ? Math.negateExact(i) : i / j;
                };
            }
            if (isIntegral(x) && isIntegral(y)) {
                long i = x.longValue();
                long j = y.longValue();
                return switch (op) {
                    case ADD -> Math.addExact(i, j);
                    case SUBTRACT -> Math.subtractExact(i, j);
                    case MULTIPLY -> Math.multiplyExact(i, j);
                    case DIVIDE -> j == 0 ? divisionByZero() : i == Long.MIN_VALUE && j == -1
                            ? Math.negateExact(i) : i / j;
                };
            }
        } catch (ArithmeticException e) {
            throw SqlState.NUMERIC_VALUE_OUT_OF_RANGE.exception("integer out of range in HAVING");
        }
        if (Values.isFloating(x) || Values.isFloating(y)) {
            double i = x.doubleValue();
            double j = y.doubleValue();
            return switch (op) {
                case ADD -> i + j;
                case SUBTRACT -> i - j;
                case MULTIPLY -> i * j;
                case DIVIDE -> j == 0 ? divisionByZero() : i / j;
            };
        }
        BigDecimal i = Values.decimal(x);
        BigDecimal j = Values.decimal(y);
        return switch (op) {
            case ADD -> i.add(j);
            case SUBTRACT -> i.subtract(j);
            case MULTIPLY -> i.multiply(j);
            case DIVIDE -> j.signum() == 0 ? divisionByZero() : NumericDivision.divide(i, j);
        };
    }

    private static Object divisionByZero() throws SQLException {
        throw SqlState.DIVISION_BY_ZERO.exception("division by zero");
    }

    private static boolean isInt(Number n) {
        return n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static boolean isIntegral(Number n) {
        return isInt(n) || n instanceof Long;
    }
}
