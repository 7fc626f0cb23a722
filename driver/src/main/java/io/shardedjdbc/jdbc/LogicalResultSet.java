package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A physical result set seen through its logical statement: closing it returns the borrowed connection. Every
 * other method is a plain delegation, generated at build time.
 */
public abstract class LogicalResultSet implements ResultSet {
    protected final ResultSet delegate;
    private final LogicalStatement statement;

    protected LogicalResultSet(LogicalStatement statement, ResultSet delegate) {
        this.statement = statement;
        this.delegate = delegate;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public void close() throws SQLException {
        if (!delegate.isClosed()) {
            delegate.close();
            statement.resultClosed(this);
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    static SQLException closed() {
        return SqlState.OBJECT_NOT_IN_STATE.exception("the result set is closed");
    }
}
