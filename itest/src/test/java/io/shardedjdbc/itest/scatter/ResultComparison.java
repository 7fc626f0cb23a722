package io.shardedjdbc.itest.scatter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Compares a result with the reference result as far as the query's {@link Ordering} defines it. */
final class ResultComparison {
    private static final String CELL_SEPARATOR = "\u001f";

    /** @return empty when the results agree, else what differs first (columns, row count or a row) */
    static Optional<String> diff(ResultTable reference, ResultTable sharded, Ordering ordering) {
        return diff(reference, sharded, ordering, "sharded");
    }

    /** @param otherName what the second result is called in the difference text */
    static Optional<String> diff(ResultTable reference, ResultTable other, Ordering ordering, String otherName) {
        return new ResultComparison(otherName).compare(reference, other, ordering);
    }

    private final String otherName;

    private ResultComparison(String otherName) {
        this.otherName = otherName;
    }

    private Optional<String> compare(ResultTable reference, ResultTable other, Ordering ordering) {
        if (!reference.labels().equals(other.labels())) {
            return Optional.of("column labels: reference " + reference.labels() + ", " + otherName + " " + other.labels());
        }
        if (!reference.types().equals(other.types())) {
            return Optional.of("column types (java.sql.Types) of " + reference.labels() + ": reference "
                    + reference.types() + ", " + otherName + " " + other.types());
        }
        return switch (ordering.kind()) {
            case TOTAL -> rows("in order", reference.rows(), other.rows());
            case NONE -> rows("as multisets (both sorted)", sorted(reference.rows()), sorted(other.rows()));
            case KEYS -> rows("as multisets (both sorted)", sorted(reference.rows()), sorted(other.rows()))
                    .or(() -> rows("ORDER BY columns " + java.util.Arrays.toString(ordering.keyColumns()) + " in order",
                            project(reference.rows(), ordering.keyColumns()),
                            project(other.rows(), ordering.keyColumns())));
        };
    }

    private Optional<String> rows(String how, List<List<String>> reference, List<List<String>> other) {
        int common = Math.min(reference.size(), other.size());
        for (int i = 0; i < common; i++) {
            if (!reference.get(i).equals(other.get(i))) {
                return Optional.of("compared " + how + ": " + countText(reference, other) + "first difference at row "
                        + i + ": reference " + reference.get(i) + ", " + otherName + " " + other.get(i));
            }
        }
        if (reference.size() != other.size()) {
            List<List<String>> longer = reference.size() > other.size() ? reference : other;
            return Optional.of("compared " + how + ": " + countText(reference, other) + "first extra row (" + (
                    longer == reference ? "reference" : otherName) + ") at " + common + ": " + longer.get(common));
        }
        return Optional.empty();
    }

    private String countText(List<List<String>> reference, List<List<String>> other) {
        return reference.size() == other.size() ? reference.size() + " rows each, "
                : "reference " + reference.size() + " rows, " + otherName + " " + other.size() + " rows, ";
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(row -> String.join(CELL_SEPARATOR, row)));
        return copy;
    }

    private static List<List<String>> project(List<List<String>> rows, int[] columns) {
        List<List<String>> projected = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            List<String> keys = new ArrayList<>(columns.length);
            for (int column : columns) {
                keys.add(row.get(column - 1));
            }
            projected.add(keys);
        }
        return projected;
    }
}
