package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;

/** Rows of a physical result set read into values that stay valid after its connection goes back. */
public final class DetachedRows {
    private DetachedRows() {
    }

    public static List<Object[]> read(ResultSet rs) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(readRow(rs, n));
        }
        return rows;
    }

    /** The current row of a physical result set, as values that stay valid after its connection is released. */
    public static Object[] readRow(ResultSet rs, int columns) throws SQLException {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = detach(rs, i + 1, rs.getObject(i + 1));
        }
        return row;
    }

    /**
     * A value the server driver returned, made independent of its connection: arrays are read out, values whose
     * object loses what getString shows keep the server's text, XML becomes its text.
     */
    private static Object detach(ResultSet rs, int column, Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Array a) {
            return DetachedArray.of(a);
        }
        if (RenderedValue.needed(v)) {
            return new RenderedValue(v, rs.getString(column));
        }
        if (v instanceof SQLXML x) {
            String text = x.getString();
            x.free();
            return text;
        }
        if (v instanceof ResultSet || v instanceof Blob || v instanceof Clob || v instanceof Ref || v instanceof Struct) {
            throw SqlState.CROSS_SHARD_READ.exception("column " + column + " holds a "
                    + v.getClass().getSimpleName() + ", which reads through its connection and cannot be kept in"
                    + " rows combined from several shards; select it on one shard with a key");
        }
        return v;
    }
}
