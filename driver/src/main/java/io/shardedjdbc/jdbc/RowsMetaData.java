package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** Metadata of in-memory merged rows: labels and types only; the rest are generated "not supported" stubs. */
public abstract class RowsMetaData implements ResultSetMetaData {
    private final RowsResultSet.Columns columns;

    protected RowsMetaData(RowsResultSet.Columns columns) {
        this.columns = columns;
    }

    private int check(int column) throws SQLException {
        if (column < 1 || column > columns.labels().length) {
            throw SqlState.INVALID_ARGUMENT.exception("column index " + column + " is out of range 1.."
                    + columns.labels().length);
        }
        return column - 1;
    }

    @Override
    public int getColumnCount() {
        return columns.labels().length;
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return columns.labels()[check(column)];
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return columns.labels()[check(column)];
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return columns.types()[check(column)];
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return columns.typeNames()[check(column)];
    }

    @Override
    public int isNullable(int column) throws SQLException {
        check(column);
        return columnNullableUnknown;
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
