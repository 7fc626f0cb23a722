package io.shardedjdbc.merge;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.sql.HavingTerm;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Evaluates a HAVING condition over one combined group as PostgreSQL would: three-valued logic (a group is kept only
 * when the condition is true), integer arithmetic that stays integer and fails on overflow, numeric division with
 * PostgreSQL's scale, and untyped literals read as the type they are compared with. Comparisons the merge cannot
 * make exactly fail with SJ005 rather than guess.
 */
final class HavingFilter {
    private HavingFilter() {
    }

    static boolean accepts(HavingTerm condition, Object[] row) throws SQLException {
        Object v = value(condition, row);
        if (v != null && !(v instanceof Boolean)) {
            throw SqlState.DATATYPE_MISMATCH.exception("argument of HAVING must be type boolean, not "
                    + v.getClass().getSimpleName());
        }
        return Boolean.TRUE.equals(v);
    }

    static Object value(HavingTerm t, Object[] row) throws SQLException {
        if (t instanceof HavingTerm.Column c) {
            return row[c.index()];
        }
        if (t instanceof HavingTerm.Literal l) {
            return l.value();
        }
        if (t instanceof HavingTerm.And a) {
            Boolean left = bool(value(a.left(), row), "AND");
            if (Boolean.FALSE.equals(left)) {
                return false;
            }
            Boolean right = bool(value(a.right(), row), "AND");
            return Boolean.FALSE.equals(right) ? Boolean.FALSE : left == null || right == null ? null : Boolean.TRUE;
        }
        if (t instanceof HavingTerm.Or o) {
            Boolean left = bool(value(o.left(), row), "OR");
            if (Boolean.TRUE.equals(left)) {
                return true;
            }
            Boolean right = bool(value(o.right(), row), "OR");
            return Boolean.TRUE.equals(right) ? Boolean.TRUE : left == null || right == null ? null : Boolean.FALSE;
        }
        if (t instanceof HavingTerm.Not n) {
            return not(bool(value(n.operand(), row), "NOT"));
        }
        if (t instanceof HavingTerm.IsNull n) {
            return (value(n.operand(), row) == null) != n.negated();
        }
        if (t instanceof HavingTerm.Compare c) {
            return compare(c.op(), value(c.left(), row), value(c.right(), row));
        }
        if (t instanceof HavingTerm.Between b) {
            Object v = value(b.operand(), row);
            Boolean low = compare(HavingTerm.Comparison.GE, v, value(b.low(), row));
            Boolean in = Boolean.FALSE.equals(low) ? Boolean.FALSE
                    : and(low, compare(HavingTerm.Comparison.LE, v, value(b.high(), row)));
            return b.negated() ? not(in) : in;
        }
        if (t instanceof HavingTerm.In in) {
            Object v = value(in.operand(), row);
            Boolean found = Boolean.FALSE;
            for (HavingTerm candidate : in.values()) {
                Boolean equal = compare(HavingTerm.Comparison.EQ, v, value(candidate, row));
                if (Boolean.TRUE.equals(equal)) {
                    found = Boolean.TRUE;
                    break;
                }
                if (equal == null) {
                    found = null;
                }
            }
            return in.negated() ? not(found) : found;
        }
        if (t instanceof HavingTerm.Negate n) {
            return negate(value(n.operand(), row));
        }
        HavingTerm.Arithmetics a = (HavingTerm.Arithmetics) t;
        return Arithmetic.apply(a.op(), value(a.left(), row), value(a.right(), row));
    }

    private static Boolean bool(Object v, String operator) throws SQLException {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw SqlState.DATATYPE_MISMATCH.exception("argument of " + operator + " must be type boolean, not "
                + v.getClass().getSimpleName());
    }

    private static Boolean not(Boolean b) {
        return b == null ? null : !b;
    }

    private static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    private static Boolean compare(HavingTerm.Comparison op, Object a, Object b) throws SQLException {
        if (a == null || b == null) {
            return null;
        }
        int c = order(a, b);
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    /** Both non-null; a text literal next to a number or boolean is read as one, as PostgreSQL reads it. */
    private static int order(Object a, Object b) throws SQLException {
        if (a instanceof String s && !(b instanceof String)) {
            return -order(b, s);
        }
        if (b instanceof String s && !(a instanceof String)) {
            if (a instanceof Number) {
                return Values.compare(a, parseNumber(s));
            }
            if (a instanceof Boolean) {
                return Values.compare(a, parseBoolean(s));
            }
        }
        if ((a instanceof Number && b instanceof Number) || (a instanceof String && b instanceof String)
                || (a instanceof Boolean && b instanceof Boolean)
                || (a instanceof Comparable<?> && a.getClass() == b.getClass())) {
            return Values.compare(a, b);
        }
        throw SqlState.CROSS_SHARD_READ.exception("cannot evaluate HAVING after merging the shards' rows: it compares"
                + " a " + a.getClass().getSimpleName() + " with a " + b.getClass().getSimpleName()
                + "; compare with a parameter or a literal of the same type");
    }

    private static BigDecimal parseNumber(String s) throws SQLException {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw SqlState.INVALID_TEXT_REPRESENTATION.exception("invalid input syntax for a number: \"" + s + "\"");
        }
    }

    private static Boolean parseBoolean(String s) throws SQLException {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "t", "tr", "tru", "true", "y", "ye", "yes", "on", "1":
                return true;
            case "f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0":
                return false;
            default:
                throw SqlState.INVALID_TEXT_REPRESENTATION.exception("invalid input syntax for type boolean: \"" + s
                        + "\"");
        }
    }

    private static Object negate(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        return Arithmetic.apply(HavingTerm.Arithmetic.SUBTRACT, v instanceof Integer ? (Object) 0
                : v instanceof Long ? (Object) 0L : v instanceof Double ? (Object) 0.0 : v instanceof Float
                ? (Object) 0.0f : BigDecimal.ZERO, v);
    }
}
