package io.shardedjdbc.merge;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.sql.ScatterShape.SortKey;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/** ORDER BY over merged rows, with PostgreSQL's NULL placement and value comparison. */
final class RowOrder {
    private RowOrder() {
    }

    static Comparator<Object[]> comparator(List<SortKey> keys, List<String> labels) throws SQLException {
        int[] columns = new int[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            SortKey key = keys.get(k);
            int column = key.position() > 0 ? key.position() - 1 : labels.indexOf(key.label());
            if (column < 0 || column >= labels.size() || (key.position() <= 0 && labels.lastIndexOf(key.label())
                    != column)) {
                throw SqlState.CROSS_SHARD_READ.exception("cannot merge the shards' rows: ORDER BY "
                        + (key.position() > 0 ? key.position() : key.label())
                        + " does not name exactly one column of the result " + labels);
            }
            columns[k] = column;
        }
        return (x, y) -> {
            for (int k = 0; k < columns.length; k++) {
                SortKey key = keys.get(k);
                Object a = x[columns[k]];
                Object b = y[columns[k]];
                int c;
                if (a == null || b == null) {
                    c = a == b ? 0 : (a == null) == key.nullsFirst() ? -1 : 1;
                } else {
                    c = Values.compare(a, b);
                    c = key.descending() ? -c : c;
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }
}
