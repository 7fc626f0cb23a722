package io.shardedjdbc.merge;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * OFFSET, LIMIT and the removal of hidden sort columns over merged rows, pulling no row beyond the last one
 * returned. A failure closes the source before it is reported, so no shard stays borrowed by a broken result.
 */
final class Page implements RowSource {
    private final RowSource source;
    private final long offset;
    private final long limit;
    private final int hidden;
    private long skipped;
    private long returned;
    private boolean done;

    /**
     * @param limit  rows to return, or -1 for all
     * @param hidden trailing columns to drop from every row
     */
    Page(RowSource source, long offset, long limit, int hidden) {
        this.source = source;
        this.offset = Math.max(0, offset);
        this.limit = limit;
        this.hidden = hidden;
    }

    @Override
    public Object[] next() throws SQLException {
        if (done) {
            return null;
        }
        try {
            if (limit >= 0 && returned >= limit) {
                // Nothing more will be read: release the parts now rather than when the result is closed.
                done = true;
                source.close();
                return null;
            }
            for (; skipped < offset; skipped++) {
                if (source.next() == null) {
                    done = true;
                    return null;
                }
            }
            Object[] row = source.next();
            if (row == null) {
                done = true;
                return null;
            }
            returned++;
            return hidden > 0 ? Arrays.copyOf(row, row.length - hidden) : row;
        } catch (SQLException | RuntimeException e) {
            done = true;
            try {
                source.close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        done = true;
        source.close();
    }
}
