package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.exec.ResultColumns;
import io.shardedjdbc.merge.RowSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/**
 * Rows combined from several shards: generated keys and RETURNING rows of split INSERTs and batches, held in memory
 * in the caller's order, and merged cross-shard reads, which may still be arriving. Forward-only and read-only. The
 * getters answer as the server driver's would for the same values (see {@link Conversions}); updaters, streams of
 * ASCII/Unicode, LOBs, refs, row ids and URLs are generated "not supported" stubs.
 */
public abstract class RowsResultSet implements ResultSet {
    private final Statement statement;
    private final ResultColumns columns;
    private final RowSource rows;
    /** The current row; null before the first and after the last. */
    private Object[] current;
    /** A row read ahead of {@link #current} to answer isLast / isBeforeFirst; null when none was read. */
    private Object[] ahead;
    private boolean exhausted;
    private boolean afterLast;
    private int row;
    private boolean closed;
    private boolean wasNull;

    protected RowsResultSet(LogicalStatement statement, ResultColumns columns, RowSource rows) {
        this.statement = statement;
        this.columns = columns;
        this.rows = rows;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw LogicalResultSet.closed();
        }
    }

    private Object value(int column) throws SQLException {
        checkOpen();
        if (current == null) {
            throw SqlState.INVALID_ARGUMENT.exception("the result set is not on a row; call next() first");
        }
        if (column < 1 || column > columns.labels().length) {
            throw SqlState.INVALID_ARGUMENT.exception("column index " + column + " is out of range 1.."
                    + columns.labels().length);
        }
        Object v = current[column - 1];
        wasNull = v == null;
        return v;
    }

    /** Reads the row after the current one without moving to it. */
    private Object[] peek() throws SQLException {
        if (ahead == null && !exhausted) {
            ahead = rows.next();
            exhausted = ahead == null;
        }
        return ahead;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        current = peek();
        ahead = null;
        if (current == null) {
            // The sources are done: give their connections back now, not when the application closes this.
            rows.close();
            afterLast = row > 0;
            return false;
        }
        row++;
        return true;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            current = null;
            ahead = null;
            rows.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        for (int i = 0; i < columns.labels().length; i++) {
            if (columns.labels()[i].equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw SqlState.INVALID_ARGUMENT.exception("no column named " + label + " in " + List.of(columns.labels()));
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return Conversions.object(value(column));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException("custom type maps are not supported by sharded-jdbc",
                    SqlState.FEATURE_NOT_SUPPORTED.code());
        }
        return getObject(column);
    }

    @Override
    public Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(label), map);
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        if (type == null) {
            throw SqlState.INVALID_ARGUMENT.exception("getObject needs a type to convert to");
        }
        Object v = value(column);
        return Conversions.toObject(v, columns.types()[column - 1], columns.typeNames()[column - 1], type);
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public String getString(int column) throws SQLException {
        return PgText.of(value(column));
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public String getNString(int column) throws SQLException {
        return getString(column);
    }

    @Override
    public String getNString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public Reader getCharacterStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }

    @Override
    public Reader getNCharacterStream(int column) throws SQLException {
        return getCharacterStream(column);
    }

    @Override
    public Reader getNCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }

    @Override
    public InputStream getBinaryStream(int column) throws SQLException {
        byte[] bytes = getBytes(column);
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public InputStream getBinaryStream(String label) throws SQLException {
        return getBinaryStream(findColumn(label));
    }

    private long integral(int column, long min, long max, String typeName) throws SQLException {
        Object v = value(column);
        return v == null ? 0 : Conversions.toIntegral(v, min, max, typeName);
    }

    @Override
    public long getLong(int column) throws SQLException {
        return integral(column, Long.MIN_VALUE, Long.MAX_VALUE, "long");
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public int getInt(int column) throws SQLException {
        return (int) integral(column, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public short getShort(int column) throws SQLException {
        return (short) integral(column, Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return (byte) integral(column, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public double getDouble(int column) throws SQLException {
        Object v = value(column);
        return v == null ? 0 : Conversions.toDouble(v);
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public float getFloat(int column) throws SQLException {
        Object v = value(column);
        return v == null ? 0 : Conversions.toFloat(v);
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : Conversions.toBigDecimal(v);
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        Object v = value(column);
        return v == null ? null : Conversions.toBigDecimal(v, scale);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = value(column);
        return v != null && Conversions.toBoolean(v);
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : Conversions.toBytes(v);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Array getArray(int column) throws SQLException {
        Object v = value(column);
        if (v == null || v instanceof Array) {
            return (Array) v;
        }
        throw SqlState.INVALID_ARGUMENT.exception("column " + column + " (" + columns.typeNames()[column - 1]
                + ") is not an array");
    }

    @Override
    public Array getArray(String label) throws SQLException {
        return getArray(findColumn(label));
    }

    @Override
    public Date getDate(int column) throws SQLException {
        return getDate(column, null);
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label), null);
    }

    @Override
    public Date getDate(int column, Calendar cal) throws SQLException {
        Object v = value(column);
        return v == null ? null : Conversions.toDate(v, cal);
    }

    @Override
    public Date getDate(String label, Calendar cal) throws SQLException {
        return getDate(findColumn(label), cal);
    }

    @Override
    public Time getTime(int column) throws SQLException {
        return getTime(column, null);
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label), null);
    }

    @Override
    public Time getTime(int column, Calendar cal) throws SQLException {
        Object v = value(column);
        return v == null ? null : Conversions.toTime(v, cal);
    }

    @Override
    public Time getTime(String label, Calendar cal) throws SQLException {
        return getTime(findColumn(label), cal);
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        return getTimestamp(column, null);
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label), null);
    }

    @Override
    public Timestamp getTimestamp(int column, Calendar cal) throws SQLException {
        Object v = value(column);
        return v == null ? null : Conversions.toTimestamp(v, cal);
    }

    @Override
    public Timestamp getTimestamp(String label, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(label), cal);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return JdbcFactory.rowsMetaData(columns);
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return current == null ? 0 : row;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && peek() != null;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return afterLast;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return current != null && row == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return current != null && peek() == null;
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) {
            throw SqlState.FEATURE_NOT_SUPPORTED.exception("rows merged from several shards are forward-only");
        }
    }

    @Override
    public int getFetchSize() {
        return 0;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        if (rows < 0) {
            throw SqlState.INVALID_ARGUMENT.exception("fetch size must be >= 0");
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
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
