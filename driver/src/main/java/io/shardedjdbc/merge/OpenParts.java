package io.shardedjdbc.merge;

import java.sql.SQLException;
import java.util.List;

/**
 * The parts of a merge, each closed as soon as it has no more rows (a shard's connection goes back while the others
 * still send) and every one closed exactly once, whatever fails.
 */
final class OpenParts {
    private final List<RowSource> parts;
    private final boolean[] closed;

    OpenParts(List<RowSource> parts) {
        this.parts = List.copyOf(parts);
        this.closed = new boolean[parts.size()];
    }

    int size() {
        return parts.size();
    }

    /** @return part {@code i}'s next row, or null once it is done (it is then closed) */
    Object[] next(int i) throws SQLException {
        if (closed[i]) {
            return null;
        }
        Object[] row = parts.get(i).next();
        if (row == null) {
            close(i);
        }
        return row;
    }

    private void close(int i) throws SQLException {
        if (!closed[i]) {
            closed[i] = true;
            parts.get(i).close();
        }
    }

    /** Closes every part still open; the first failure is thrown, the others suppressed into it. */
    void close() throws SQLException {
        SQLException failure = null;
        for (int i = 0; i < parts.size(); i++) {
            try {
                close(i);
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every part still open after {@code failure}, whose report keeps what closing them raised. */
    void closeAfter(Throwable failure) {
        try {
            close();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
