package io.shardedjdbc.jdbc;

import io.shardedjdbc.exec.ResultColumns;
import io.shardedjdbc.exec.ColumnMeta;
import io.shardedjdbc.SqlState;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Metadata of merged rows: every property as the first shard's result reported it. Across shards the same query
 * gives the same column types, and an aggregate's type is what PostgreSQL gives for it on any server.
 */
public abstract class RowsMetaData implements ResultSetMetaData {
    private final ResultColumns columns;

    protected RowsMetaData(ResultColumns columns) {
        this.columns = columns;
    }

    private ColumnMeta column(int column) throws SQLException {
        if (column < 1 || column > columns.count()) {
            throw SqlState.INVALID_ARGUMENT.exception("column index " + column + " is out of range 1.."
                    + columns.count());
        }
        return columns.meta()[column - 1];
    }

    @Override
    public int getColumnCount() {
        return columns.count();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).type();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).typeName();
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return column(column).className();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return column(column).precision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).scale();
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).nullable();
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return column(column).signed();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return column(column).displaySize();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).tableName();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return column(column).schemaName();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return column(column).catalogName();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return column(column).autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return column(column).caseSensitive();
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return column(column).searchable();
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        return column(column).currency();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return column(column).readOnly();
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return column(column).writable();
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        return column(column).definitelyWritable();
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
