package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The properties of a logical statement that every physical statement it runs on is given (max rows, fetch size,
 * timeouts...), with their JDBC getters and setters, and its result set options.
 */
public abstract class StatementProperties implements Statement {
    /** The options of the current execution: a plain statement's generated-keys request is per call. */
    StatementOptions options;
    private boolean closeOnCompletion;
    private boolean poolable;
    private long maxRows;
    private int fetchSize;
    private int queryTimeout;
    private int maxFieldSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private boolean escapeProcessing = true;

    StatementProperties(StatementOptions options) {
        this.options = options;
    }

    abstract void checkOpen() throws SQLException;

    final long largeMaxRows() {
        return maxRows;
    }

    final int fetchRows() {
        return fetchSize;
    }

    final boolean closesOnCompletion() {
        return closeOnCompletion;
    }

    /** Puts this statement's properties on a physical statement; closes it if they fail. */
    final Statement withSettings(Statement st) throws SQLException {
        try {
            if (maxRows > 0) {
                // pgjdbc has no setLargeMaxRows; no result it can return is larger than an int anyway.
                st.setMaxRows((int) Math.min(maxRows, Integer.MAX_VALUE));
            }
            if (fetchSize > 0) {
                st.setFetchSize(fetchSize);
            }
            if (queryTimeout > 0) {
                st.setQueryTimeout(queryTimeout);
            }
            if (maxFieldSize > 0) {
                st.setMaxFieldSize(maxFieldSize);
            }
            if (fetchDirection != ResultSet.FETCH_FORWARD) {
                st.setFetchDirection(fetchDirection);
            }
            if (!escapeProcessing) {
                st.setEscapeProcessing(false);
            }
            return st;
        } catch (SQLException | RuntimeException e) {
            try {
                st.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("max field size must be >= 0");
        }
        maxFieldSize = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) getLargeMaxRows();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("max rows must be >= 0");
        }
        maxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("query timeout must be >= 0");
        }
        queryTimeout = seconds;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("fetch size must be >= 0");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return options.concurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return options.type();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return options.holdability();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
