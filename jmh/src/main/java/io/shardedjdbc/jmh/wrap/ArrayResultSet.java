package io.shardedjdbc.jmh.wrap;

import io.shardedjdbc.SqlState;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The wrapped object of the benchmark: a forward-only result of (bigint, text) rows held in two arrays, checking
 * the cursor and the column as a real driver does, without any I/O. {@link #rewind()} makes it readable again so
 * one instance serves every operation.
 */
final class ArrayResultSet extends UnsupportedResultSet {
    private final long[] ids;
    private final String[] names;
    private int row = -1;
    private boolean closed;
    private boolean lastWasNull;
    private int fetchSize;

    ArrayResultSet(long[] ids, String[] names) {
        if (ids.length != names.length) {
            throw new IllegalArgumentException(ids.length + " ids for " + names.length + " names");
        }
        this.ids = ids.clone();
        this.names = names.clone();
    }

    /** Before the first row and open again. */
    void rewind() {
        row = -1;
        closed = false;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row < ids.length) {
            row++;
        }
        return row < ids.length;
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        checkCell(columnIndex, 1);
        lastWasNull = false;
        return ids[row];
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        checkCell(columnIndex, 2);
        String value = names[row];
        lastWasNull = value == null;
        return value;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return lastWasNull;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("the fetch size must be 0 or more, got " + rows);
        }
        fetchSize = rows;
    }

    @Override
    public int getType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw SqlState.CONNECTION_CLOSED.exception("the result set is closed");
        }
    }

    private void checkCell(int columnIndex, int expected) throws SQLException {
        checkOpen();
        if (row < 0 || row >= ids.length) {
            throw SqlState.INVALID_ARGUMENT.exception("the cursor is not on a row: call next() first");
        }
        if (columnIndex != expected) {
            throw SqlState.INVALID_ARGUMENT.exception("column " + columnIndex + " is not the benchmark's column "
                    + expected);
        }
    }
}
