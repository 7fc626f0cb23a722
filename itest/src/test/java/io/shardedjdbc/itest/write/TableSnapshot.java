package io.shardedjdbc.itest.write;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every differential table as one server holds it, read with plain pgjdbc in one repeatable-read transaction (so
 * the tables are read at one instant), outside any transaction of the statements under test: what is committed.
 */
final class TableSnapshot {
    private final Map<String, List<List<Object>>> rows;

    private TableSnapshot(Map<String, List<List<Object>>> rows) {
        this.rows = rows;
    }

    static TableSnapshot read(Connection c, List<WriteTable> tables) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalStateException("a snapshot connection runs repeatable-read transactions, not auto-commit");
        }
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (WriteTable t : tables) {
                List<List<Object>> tableRows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", t.columns()) + " FROM " + t.name())) {
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>(t.columns().size());
                        for (int i = 1; i <= t.columns().size(); i++) {
                            row.add(rs.getObject(i));
                        }
                        tableRows.add(row);
                    }
                }
                rows.put(t.name(), tableRows);
            }
        } finally {
            c.rollback();
        }
        return new TableSnapshot(rows);
    }

    List<List<Object>> rows(String table) {
        List<List<Object>> r = rows.get(table);
        if (r == null) {
            throw new IllegalArgumentException("no snapshot of " + table);
        }
        return r;
    }

    List<List<String>> canonical(String table) {
        return canonical(rows(table));
    }

    static List<List<String>> canonical(List<List<Object>> tableRows) {
        List<List<String>> out = new ArrayList<>(tableRows.size());
        for (List<Object> row : tableRows) {
            List<String> cells = new ArrayList<>(row.size());
            for (Object v : row) {
                cells.add(WriteOutcome.cell(v));
            }
            out.add(cells);
        }
        out.sort(RowDiff.ROW_ORDER);
        return out;
    }

    /** The values of one column, e.g. the keys the table holds now. */
    List<Object> column(String table, int index) {
        List<Object> values = new ArrayList<>();
        for (List<Object> row : rows(table)) {
            values.add(row.get(index));
        }
        return values;
    }
}
