package io.shardedjdbc.itest.write;

import io.shardedjdbc.itest.write.WriteStatement.Api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a statement of the corpus on one connection with the JDBC call it names, the same code for the reference
 * (plain pgjdbc) and the driver, and captures what it did. An SQLException is an outcome to compare; any other
 * exception from the driver is recorded as a crash, which the contract forbids.
 */
final class WriteExecutor {
    private WriteExecutor() {
    }

    static WriteOutcome run(Connection c, WriteStatement s) {
        try {
            if (s.api() == Api.COMMIT) {
                c.commit();
                return WriteOutcome.of(List.of(), null, null, null);
            }
            if (s.api() == Api.ROLLBACK) {
                c.rollback();
                return WriteOutcome.of(List.of(), null, null, null);
            }
            return s.prepared() ? prepared(c, s) : plain(c, s);
        } catch (SQLException e) {
            return WriteOutcome.failed(e);
        } catch (RuntimeException e) {
            return WriteOutcome.crashed(e);
        }
    }

    private static WriteOutcome prepared(Connection c, WriteStatement s) throws SQLException {
        String sql = s.sqls().get(0);
        try (PreparedStatement ps = switch (s.api()) {
            case GENERATED_KEYS, BATCH_GENERATED_KEYS -> c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            case GENERATED_KEY_COLUMNS -> c.prepareStatement(sql, s.keyColumns().toArray(new String[0]));
            default -> c.prepareStatement(sql);
        }) {
            if (s.api().batch()) {
                for (List<Param> row : s.paramRows()) {
                    bind(c, ps, row);
                    ps.addBatch();
                }
                List<Long> counts = s.api() == Api.LARGE_BATCH ? longs(ps.executeLargeBatch()) : ints(ps.executeBatch());
                return withRows(counts, null, s.api() == Api.BATCH_GENERATED_KEYS ? ps.getGeneratedKeys() : null);
            }
            bind(c, ps, s.paramRows().get(0));
            return switch (s.api()) {
                case UPDATE -> WriteOutcome.of(List.of((long) ps.executeUpdate()), null, null, null);
                case LARGE_UPDATE -> WriteOutcome.of(List.of(ps.executeLargeUpdate()), null, null, null);
                case QUERY -> withRows(List.of(), null, ps.executeQuery());
                case EXECUTE -> ps.execute() ? withRows(List.of(), true, ps.getResultSet())
                        : WriteOutcome.of(List.of((long) ps.getUpdateCount()), false, null, null);
                case GENERATED_KEYS, GENERATED_KEY_COLUMNS -> {
                    long count = ps.executeUpdate();
                    yield withRows(List.of(count), null, ps.getGeneratedKeys());
                }
                default -> throw new IllegalStateException("no single-statement call for " + s.api());
            };
        }
    }

    private static WriteOutcome plain(Connection c, WriteStatement s) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (s.api().batch()) {
                for (String sql : s.sqls()) {
                    st.addBatch(sql);
                }
                return WriteOutcome.of(s.api() == Api.LARGE_BATCH ? longs(st.executeLargeBatch()) : ints(st.executeBatch()),
                        null, null, null);
            }
            String sql = s.sqls().get(0);
            return switch (s.api()) {
                case UPDATE -> WriteOutcome.of(List.of((long) st.executeUpdate(sql)), null, null, null);
                case LARGE_UPDATE -> WriteOutcome.of(List.of(st.executeLargeUpdate(sql)), null, null, null);
                case QUERY -> withRows(List.of(), null, st.executeQuery(sql));
                case EXECUTE -> st.execute(sql) ? withRows(List.of(), true, st.getResultSet())
                        : WriteOutcome.of(List.of((long) st.getUpdateCount()), false, null, null);
                case GENERATED_KEYS -> {
                    long count = st.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
                    yield withRows(List.of(count), null, st.getGeneratedKeys());
                }
                case GENERATED_KEY_COLUMNS -> {
                    long count = st.executeUpdate(sql, s.keyColumns().toArray(new String[0]));
                    yield withRows(List.of(count), null, st.getGeneratedKeys());
                }
                default -> throw new IllegalStateException("no single-statement call for " + s.api());
            };
        }
    }

    private static void bind(Connection c, PreparedStatement ps, List<Param> row) throws SQLException {
        for (int i = 0; i < row.size(); i++) {
            row.get(i).bindTo(c, ps, i + 1);
        }
    }

    private static WriteOutcome withRows(List<Long> counts, Boolean resultSet, ResultSet rs) throws SQLException {
        if (rs == null) {
            return WriteOutcome.of(counts, resultSet, null, null);
        }
        try (rs) {
            WriteOutcome.Rows rows = WriteOutcome.read(rs);
            return WriteOutcome.of(counts, resultSet, rows.labels(), rows.rows());
        }
    }

    private static List<Long> ints(int[] counts) {
        List<Long> out = new ArrayList<>(counts.length);
        for (int n : counts) {
            out.add((long) n);
        }
        return out;
    }

    private static List<Long> longs(long[] counts) {
        List<Long> out = new ArrayList<>(counts.length);
        for (long n : counts) {
            out.add(n);
        }
        return out;
    }
}
