package io.shardedjdbc.itest.scatter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Runs one query on the reference and through the driver and classifies the pair of results. The query also runs
 * on a copy of the reference rows stored in reverse order: when that answer differs under the query's
 * {@link Ordering}, the ordering claims more than the ORDER BY guarantees, and the query is a corpus bug.
 */
final class DifferentialRunner {
    private final Connection reference;
    private final Connection reversedReference;
    private final Connection sharded;

    DifferentialRunner(Connection reference, Connection reversedReference, Connection sharded) {
        this.reference = reference;
        this.reversedReference = reversedReference;
        this.sharded = sharded;
    }

    Outcome run(OracleQuery q) {
        ResultTable expected;
        try {
            expected = execute(reference, q);
        } catch (SQLException e) {
            return new Outcome(q, Outcome.Kind.ERROR, "reference failed: " + describe(e));
        }
        for (int column : q.ordering().keyColumns()) {
            if (column < 1 || column > expected.labels().size()) {
                return new Outcome(q, Outcome.Kind.ERROR, "ordering names column " + column + " of "
                        + expected.labels().size());
            }
        }
        try {
            Optional<String> unstable = ResultComparison.diff(expected, execute(reversedReference, q), q.ordering(),
                    "reversed");
            if (unstable.isPresent()) {
                return new Outcome(q, Outcome.Kind.ERROR, "the reference answers differently when its rows are stored"
                        + " in reverse order, so the ordering " + q.ordering() + " is not defined by the query: "
                        + unstable.get());
            }
        } catch (SQLException e) {
            return new Outcome(q, Outcome.Kind.ERROR, "reference (rows in reverse order) failed: " + describe(e));
        }
        ResultTable actual;
        try {
            actual = execute(sharded, q);
        } catch (SQLException e) {
            return new Outcome(q, Outcome.Kind.REFUSED, describe(e));
        } catch (RuntimeException e) {
            return new Outcome(q, Outcome.Kind.WRONG, "threw " + e + " instead of an SQLException");
        }
        Optional<String> diff = ResultComparison.diff(expected, actual, q.ordering());
        return diff.map(d -> new Outcome(q, Outcome.Kind.WRONG, d))
                .orElseGet(() -> new Outcome(q, Outcome.Kind.MATCH, expected.rows().size() + " rows"));
    }

    private static ResultTable execute(Connection c, OracleQuery q) throws SQLException {
        if (q.params().isEmpty()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q.sql())) {
                return ResultTable.read(rs);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().size(); i++) {
                ps.setObject(i + 1, q.params().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return ResultTable.read(rs);
            }
        }
    }

    static String describe(SQLException e) {
        return e.getSQLState() + " " + e.getMessage();
    }
}
