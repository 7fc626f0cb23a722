package io.shardedjdbc.itest.scatter;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole result, read to the end: column labels and JDBC types, rows of canonical cells ({@link CellValue}).
 */
record ResultTable(List<String> labels, List<Integer> types, List<List<String>> rows) {

    ResultTable {
        labels = List.copyOf(labels);
        types = List.copyOf(types);
        rows = List.copyOf(rows);
    }

    static ResultTable read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int columns = md.getColumnCount();
        List<String> labels = new ArrayList<>(columns);
        List<Integer> types = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
            labels.add(md.getColumnLabel(c));
            types.add(md.getColumnType(c));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(columns);
            for (int c = 1; c <= columns; c++) {
                row.add(CellValue.canonical(rs.getObject(c)));
            }
            rows.add(List.copyOf(row));
        }
        return new ResultTable(labels, types, rows);
    }
}
