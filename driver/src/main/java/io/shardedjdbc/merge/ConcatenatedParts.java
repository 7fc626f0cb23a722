package io.shardedjdbc.merge;

import java.sql.SQLException;

/** Rows of unordered parts, one part after another: each part is read only once those before it are done. */
final class ConcatenatedParts implements RowSource {
    private final OpenParts parts;
    private int at;

    ConcatenatedParts(OpenParts parts) {
        this.parts = parts;
    }

    @Override
    public Object[] next() throws SQLException {
        for (; at < parts.size(); at++) {
            Object[] row = parts.next(at);
            if (row != null) {
                return row;
            }
        }
        return null;
    }

    @Override
    public void close() throws SQLException {
        at = parts.size();
        parts.close();
    }
}
