package io.shardedjdbc.itest.write;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one statement did on one side: its update counts and returned rows (RETURNING, generated keys), or the error
 * it failed with. Rows are kept as canonical cells so that both sides compare by value and Java type.
 *
 * @param state     null when the statement succeeded; else the SQLSTATE, or "RuntimeException" for a crash
 * @param resultSet for {@code execute()}: whether it reported a result set first; null for the other calls
 * @param rows      the returned rows, null when the call returns none
 */
record WriteOutcome(String state, String message, List<Long> counts, Boolean resultSet, List<String> labels,
                    List<List<String>> rows) {

    static final String CRASH = "RuntimeException";

    static WriteOutcome of(List<Long> counts, Boolean resultSet, List<String> labels, List<List<String>> rows) {
        return new WriteOutcome(null, null, List.copyOf(counts), resultSet, labels, rows);
    }

    static WriteOutcome failed(SQLException e) {
        return new WriteOutcome(stateOf(e), e.getMessage(), List.of(), null, null, null);
    }

    static WriteOutcome crashed(RuntimeException e) {
        return new WriteOutcome(CRASH, e.toString(), List.of(), null, null, null);
    }

    boolean ok() {
        return state == null;
    }

    boolean crashedOut() {
        return CRASH.equals(state);
    }

    /** pgjdbc puts a batch's SQLSTATE on the BatchUpdateException or only on its next exception. */
    static String stateOf(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && !x.getSQLState().isEmpty()) {
                return x.getSQLState();
            }
        }
        return "(no SQLSTATE)";
    }

    static Rows read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> labels = new ArrayList<>(n);
        for (int c = 1; c <= n; c++) {
            labels.add(md.getColumnLabel(c));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(n);
            for (int c = 1; c <= n; c++) {
                row.add(cell(rs.getObject(c)));
            }
            rows.add(List.copyOf(row));
        }
        return new Rows(List.copyOf(labels), List.copyOf(rows));
    }

    record Rows(List<String> labels, List<List<String>> rows) {
    }

    /** The value with its Java type: a driver that returns a Long where the server returns an Integer differs. */
    static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal d) {
            return "numeric:" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return value.getClass().getSimpleName() + ":" + value;
    }

    String summary() {
        if (!ok()) {
            return "failed " + state + ": " + message;
        }
        StringBuilder sb = new StringBuilder("counts ").append(counts);
        if (resultSet != null) {
            sb.append(", result set first: ").append(resultSet);
        }
        if (rows != null) {
            sb.append(", ").append(rows.size()).append(" row(s) ").append(labels);
            rows.stream().limit(6).forEach(r -> sb.append("\n        ").append(r));
            if (rows.size() > 6) {
                sb.append("\n        ...");
            }
        }
        return sb.toString();
    }

    /**
     * How the driver's outcome differs from the reference's; empty when they agree. Failures agree when their
     * SQLSTATEs do (messages name servers and are not compared).
     */
    static Optional<String> diff(WriteOutcome reference, WriteOutcome driver, boolean ordered) {
        if (!reference.ok()) {
            if (driver.ok()) {
                return Optional.of("the reference failed with " + reference.state + " (" + reference.message
                        + ") but the driver succeeded: " + driver.summary());
            }
            return reference.state.equals(driver.state) ? Optional.empty() : Optional.of("the driver failed with "
                    + driver.state + " (" + driver.message + "), the reference with " + reference.state + " ("
                    + reference.message + ")");
        }
        if (!driver.ok()) {
            return Optional.of("the driver " + (driver.crashedOut() ? "threw " + driver.message
                    + " instead of an SQLException" : "failed with " + driver.state + ": " + driver.message)
                    + "; the reference: " + reference.summary());
        }
        if (!reference.counts.equals(driver.counts)) {
            return Optional.of("update counts " + driver.counts + ", the reference's " + reference.counts);
        }
        if (!java.util.Objects.equals(reference.resultSet, driver.resultSet)) {
            return Optional.of("execute() reported a result set: " + driver.resultSet + ", the reference: "
                    + reference.resultSet);
        }
        if ((reference.rows == null) != (driver.rows == null)) {
            return Optional.of("rows returned: " + (driver.rows != null) + ", the reference: " + (reference.rows != null));
        }
        if (reference.rows == null) {
            return Optional.empty();
        }
        if (!reference.labels.equals(driver.labels)) {
            return Optional.of("returned columns " + driver.labels + " (" + driver.rows.size() + " row(s)), the reference's "
                    + reference.labels + " (" + reference.rows.size() + " row(s))");
        }
        return RowDiff.between(reference.rows, driver.rows, ordered);
    }
}
