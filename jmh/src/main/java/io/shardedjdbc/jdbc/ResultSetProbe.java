package io.shardedjdbc.jdbc;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The driver's result-set wrapper around any physical result set, for the wrapper benchmark. The factory is
 * internal to this package, so this probe lives in it (benchmarks jar only) instead of widening the driver's API
 * for a measurement.
 */
public final class ResultSetProbe {
    private ResultSetProbe() {
    }

    /**
     * What a logical statement hands the application after a single-shard query: {@code JdbcFactory.resultSet}
     * over {@code physical}, owned by {@code statement}.
     *
     * @param statement a statement of a sharded-jdbc connection
     */
    public static ResultSet wrap(Statement statement, ResultSet physical) {
        if (!(statement instanceof LogicalStatement logical)) {
            throw new IllegalArgumentException("not a sharded-jdbc statement: "
                    + (statement == null ? "null" : statement.getClass().getName()));
        }
        return JdbcFactory.resultSet(logical, physical);
    }
}
