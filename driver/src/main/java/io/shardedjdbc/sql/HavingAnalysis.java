package io.shardedjdbc.sql;

import io.shardedjdbc.sql.HavingTerm.Arithmetic;
import io.shardedjdbc.sql.HavingTerm.Comparison;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a HAVING clause into a {@link HavingTerm} the merge evaluates over combined groups. Only what the merge can
 * evaluate exactly is accepted; anything else is refused by naming it.
 */
final class HavingAnalysis {
    /** Where the values a HAVING condition reads come from. */
    interface Columns {
        /** @return the 0-based select item the expression repeats, or -1 */
        int selectItem(Expression e);

        /** @return the column of a mergeable aggregate, added as a hidden column when the select list lacks it */
        int aggregate(Function f);

        /** @return a hidden column carrying the parameter's value, typed as PostgreSQL types it next to sibling */
        int parameter(JdbcParameter p, Expression sibling);
    }

    /** Thrown with the construct the merge cannot evaluate. */
    static final class Refused extends RuntimeException {
        Refused(String construct) {
            super(construct, null, false, false);
        }
    }

    private final Columns columns;

    private HavingAnalysis(Columns columns) {
        this.columns = columns;
    }

    /** @throws Refused naming the construct the merge cannot evaluate */
    static HavingTerm of(Expression having, Columns columns) {
        return new HavingAnalysis(columns).term(having, null);
    }

    /** @param sibling the other operand of the comparison the expression sits in, which types a parameter */
    private HavingTerm term(Expression e, Expression sibling) {
        if (e instanceof ParenthesedExpressionList<?> p) {
            if (p.size() != 1) {
                throw new Refused("HAVING ... " + e + " (a row value)");
            }
            return term(p.get(0), sibling);
        }
        if (e instanceof AndExpression a) {
            return new HavingTerm.And(term(a.getLeftExpression(), null), term(a.getRightExpression(), null));
        }
        if (e instanceof OrExpression o) {
            return new HavingTerm.Or(term(o.getLeftExpression(), null), term(o.getRightExpression(), null));
        }
        if (e instanceof NotExpression n && !n.isExclamationMark()) {
            return new HavingTerm.Not(term(n.getExpression(), null));
        }
        Comparison comparison = comparison(e);
        if (comparison != null) {
            BinaryExpression b = (BinaryExpression) e;
            return new HavingTerm.Compare(comparison, term(b.getLeftExpression(), b.getRightExpression()),
                    term(b.getRightExpression(), b.getLeftExpression()));
        }
        if (e instanceof IsNullExpression n && !n.isUseIsNull() && !n.isUseNotNull()) {
            return new HavingTerm.IsNull(term(n.getLeftExpression(), null), n.isNot());
        }
        if (e instanceof Between b) {
            return new HavingTerm.Between(term(b.getLeftExpression(), null), term(b.getBetweenExpressionStart(),
                    b.getLeftExpression()), term(b.getBetweenExpressionEnd(), b.getLeftExpression()), b.isNot());
        }
        if (e instanceof InExpression in) {
            return in(in);
        }
        if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
                || e instanceof Division) {
            BinaryExpression b = (BinaryExpression) e;
            Arithmetic op = e instanceof Addition ? Arithmetic.ADD : e instanceof Subtraction ? Arithmetic.SUBTRACT
                    : e instanceof Multiplication ? Arithmetic.MULTIPLY : Arithmetic.DIVIDE;
            // a parameter inside arithmetic has no sibling whose type PostgreSQL would give it
            return new HavingTerm.Arithmetics(op, term(b.getLeftExpression(), null), term(b.getRightExpression(), null));
        }
        if (e instanceof SignedExpression s) {
            HavingTerm operand = term(s.getExpression(), null);
            if (s.getSign() == '+') {
                return operand;
            }
            if (s.getSign() == '-') {
                return operand instanceof HavingTerm.Literal l && l.value() instanceof Number n
                        ? new HavingTerm.Literal(negate(n)) : new HavingTerm.Negate(operand);
            }
            throw new Refused("HAVING ... " + e + " (the operator " + s.getSign() + ")");
        }
        HavingTerm literal = literal(e);
        if (literal != null) {
            return literal;
        }
        if (e instanceof JdbcParameter p) {
            if (sibling == null || sibling.toString().contains("?")) {
                throw new Refused("a parameter in HAVING that is not compared with an expression free of"
                        + " parameters");
            }
            return new HavingTerm.Column(columns.parameter(p, sibling));
        }
        int item = columns.selectItem(e);
        if (item >= 0) {
            return new HavingTerm.Column(item);
        }
        if (e instanceof Function f) {
            return new HavingTerm.Column(columns.aggregate(f));
        }
        throw new Refused("HAVING ... " + e + " (only comparisons, AND/OR/NOT, IS [NOT] NULL, BETWEEN, IN (...),"
                + " + - * /, literals, parameters, count/sum/min/max/avg/bool_and/bool_or and the select list's"
                + " group keys are evaluated after the merge)");
    }

    private HavingTerm in(InExpression in) {
        if (in.getRightExpression() instanceof ExpressionList<?> list && !(list.isEmpty())
                && in.getOldOracleJoinSyntax() == InExpression.NO_ORACLE_JOIN && !in.isGlobal()) {
            List<HavingTerm> values = new ArrayList<>();
            for (Object o : list) {
                Expression v = (Expression) o;
                HavingTerm t = literal(v);
                if (t == null && v instanceof JdbcParameter p && !in.getLeftExpression().toString().contains("?")) {
                    t = new HavingTerm.Column(columns.parameter(p, in.getLeftExpression()));
                }
                if (t == null) {
                    throw new Refused("HAVING ... IN (" + v + ", ...) (IN lists of literals and parameters are"
                            + " evaluated after the merge)");
                }
                values.add(t);
            }
            return new HavingTerm.In(term(in.getLeftExpression(), null), values, in.isNot());
        }
        throw new Refused("HAVING ... " + in + " (IN lists of literals and parameters are evaluated after the merge)");
    }

    /** A literal as PostgreSQL types it, or null when the expression is none. */
    private static HavingTerm literal(Expression e) {
        if (e instanceof NullValue) {
            return new HavingTerm.Literal(null);
        }
        if (e instanceof BooleanValue b) {
            return new HavingTerm.Literal(b.getValue());
        }
        if (e instanceof LongValue n) {
            BigInteger v = new BigInteger(n.getStringValue());
            return new HavingTerm.Literal(v.bitLength() < 32 ? (Object) v.intValue()
                    : v.bitLength() < 64 ? (Object) v.longValue() : new BigDecimal(v));
        }
        if (e instanceof DoubleValue d) {
            // PostgreSQL reads 1.5 and 1e3 as numeric, not double precision
            return new HavingTerm.Literal(new BigDecimal(d.toString()));
        }
        if (e instanceof StringValue s) {
            if (s.getPrefix() != null && !s.getPrefix().isEmpty()) {
                throw new Refused("HAVING ... " + e + " (a prefixed string literal)");
            }
            return new HavingTerm.Literal(s.getValue().replace("''", "'"));
        }
        return null;
    }

    private static Number negate(Number n) {
        if (n instanceof Integer i && i != Integer.MIN_VALUE) {
            return -i;
        }
        if (n instanceof Long l && l != Long.MIN_VALUE) {
            return -l;
        }
        return (n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue())).negate();
    }

    private static Comparison comparison(Expression e) {
        if (e instanceof EqualsTo eq) {
            return eq.getOldOracleJoinSyntax() == 0 ? Comparison.EQ : null;
        }
        if (e instanceof NotEqualsTo) {
            return Comparison.NE;
        }
        if (e instanceof GreaterThan) {
            return Comparison.GT;
        }
        if (e instanceof GreaterThanEquals) {
            return Comparison.GE;
        }
        if (e instanceof MinorThan) {
            return Comparison.LT;
        }
        if (e instanceof MinorThanEquals) {
            return Comparison.LE;
        }
        return null;
    }

    /** Columns compare by name the way PostgreSQL folds them; anything else by its exact text. */
    static boolean sameExpression(Expression a, Expression b) {
        if (a instanceof Column x && b instanceof Column y) {
            String tx = x.getTable() == null ? null : x.getTable().getFullyQualifiedName();
            String ty = y.getTable() == null ? null : y.getTable().getFullyQualifiedName();
            return Names.normalize(x.getColumnName()).equals(Names.normalize(y.getColumnName()))
                    && (tx == null ? ty == null : ty != null && Names.normalize(tx).equals(Names.normalize(ty)));
        }
        return a.toString().equals(b.toString());
    }
}
