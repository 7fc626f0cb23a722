package io.shardedjdbc.merge;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;

/**
 * Rows read one at a time: a shard's result, or the merge of several. Lets a merged result be consumed while the
 * shards are still sending, so memory need not hold the whole result.
 */
public interface RowSource extends AutoCloseable {
    /** @return the next row, or null after the last */
    Object[] next() throws SQLException;

    /** Releases what the rows come from (for shard results: their statements and connections). */
    @Override
    void close() throws SQLException;

    /** Rows already in memory. */
    static RowSource of(List<Object[]> rows) {
        Iterator<Object[]> it = rows.iterator();
        return new RowSource() {
            @Override
            public Object[] next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }
}
