package io.shardedjdbc.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/** Turns the expressions that can carry a shard key into {@link KeyExpr}s. */
final class KeyValues {

    private KeyValues() {
    }

    /** Strips casts ({@code ?::bigint}, {@code CAST(? AS bigint)}) and redundant parentheses. */
    static Expression unwrap(Expression e) {
        Expression current = e;
        while (true) {
            if (current instanceof CastExpression cast && cast.getLeftExpression() != null) {
                current = cast.getLeftExpression();
            } else if (current instanceof ParenthesedExpressionList<?> list && list.size() == 1
                    && !(current instanceof net.sf.jsqlparser.expression.RowConstructor<?>)) {
                current = list.get(0);
            } else {
                return current;
            }
        }
    }

    /** @return the single key value the expression is, or null when it is not a parameter or literal */
    static KeyExpr single(Expression e) {
        Expression x = unwrap(e);
        if (isJdbcParameter(x)) {
            return new KeyExpr.Param(((JdbcParameter) x).getIndex());
        }
        if (x instanceof LongValue l) {
            return integer(l.getStringValue(), false);
        }
        if (x instanceof SignedExpression s && unwrap(s.getExpression()) instanceof LongValue l) {
            return integer(l.getStringValue(), s.getSign() == '-');
        }
        if (x instanceof StringValue s && (s.getPrefix() == null || s.getPrefix().isEmpty())) {
            return new KeyExpr.Literal(s.getValue().replace("''", "'"));
        }
        return null;
    }

    /** Only {@code ?} markers are JDBC parameters; a server-side {@code $1} is not bound by the application. */
    private static boolean isJdbcParameter(Expression e) {
        return e instanceof JdbcParameter p && p.getIndex() != null && "?".equals(p.getParameterCharacter());
    }

    private static KeyExpr integer(String digits, boolean negative) {
        try {
            return new KeyExpr.Literal(Long.parseLong(negative ? "-" + digits : digits));
        } catch (NumberFormatException outOfRange) {
            // Wider than bigint: no keyspace type can hold it, so it binds nothing.
            return null;
        }
    }

    /** @return an InList (or the single item) when every item is a key value, else null */
    static KeyExpr list(List<? extends Expression> items) {
        List<KeyExpr> keys = new ArrayList<>(items.size());
        for (Expression item : items) {
            KeyExpr k = single(item);
            if (k == null) {
                return null;
            }
            keys.add(k);
        }
        return combine(keys);
    }

    /** {@code ANY(?)}, {@code ANY(ARRAY[...])}, {@code SOME(...)}; null for anything else. */
    static KeyExpr any(Expression e) {
        if (!(unwrap(e) instanceof Function f) || f.getName() == null
                || !(f.getName().equalsIgnoreCase("any") || f.getName().equalsIgnoreCase("some"))) {
            return null;
        }
        ExpressionList<?> params = f.getParameters();
        if (params == null || params.size() != 1) {
            return null;
        }
        Expression arg = unwrap(params.get(0));
        if (isJdbcParameter(arg)) {
            return new KeyExpr.AnyArray(((JdbcParameter) arg).getIndex());
        }
        if (arg instanceof ArrayConstructor array && array.getExpressions() != null
                && !array.getExpressions().isEmpty()) {
            return list(array.getExpressions());
        }
        return null;
    }

    /**
     * Several candidate keys of one table: null if any is unknown, the key itself when all agree, else a flat
     * InList of the distinct items.
     */
    static KeyExpr combine(List<KeyExpr> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        Set<KeyExpr> distinct = new LinkedHashSet<>();
        for (KeyExpr k : keys) {
            if (k == null) {
                return null;
            }
            if (k instanceof KeyExpr.InList in) {
                distinct.addAll(in.items());
            } else {
                distinct.add(k);
            }
        }
        return distinct.size() == 1 ? distinct.iterator().next() : new KeyExpr.InList(new ArrayList<>(distinct));
    }
}
