package io.shardedjdbc.sql;

import java.util.List;

/**
 * A HAVING condition as the merge evaluates it over one combined group: columns of the merged row (group keys,
 * aggregates, hidden aggregates and parameter values), literals, comparisons, arithmetic and boolean logic.
 */
public sealed interface HavingTerm {

    /** A column of the merged row, 0-based: a select item or a hidden column. */
    record Column(int index) implements HavingTerm {
    }

    /**
     * A literal as PostgreSQL types it: Integer, Long or BigDecimal for numbers, String for text, Boolean, or null.
     */
    record Literal(Object value) implements HavingTerm {
    }

    enum Comparison { EQ, NE, LT, LE, GT, GE }

    record Compare(Comparison op, HavingTerm left, HavingTerm right) implements HavingTerm {
    }

    enum Arithmetic { ADD, SUBTRACT, MULTIPLY, DIVIDE }

    record Arithmetics(Arithmetic op, HavingTerm left, HavingTerm right) implements HavingTerm {
    }

    record Negate(HavingTerm operand) implements HavingTerm {
    }

    record And(HavingTerm left, HavingTerm right) implements HavingTerm {
    }

    record Or(HavingTerm left, HavingTerm right) implements HavingTerm {
    }

    record Not(HavingTerm operand) implements HavingTerm {
    }

    record IsNull(HavingTerm operand, boolean negated) implements HavingTerm {
    }

    /** {@code operand [NOT] BETWEEN low AND high}. */
    record Between(HavingTerm operand, HavingTerm low, HavingTerm high, boolean negated) implements HavingTerm {
    }

    /** {@code operand [NOT] IN (values)}. */
    record In(HavingTerm operand, List<HavingTerm> values, boolean negated) implements HavingTerm {
        public In {
            values = List.copyOf(values);
        }
    }
}
