package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.merge.RowSource;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows combined from several shards: generated keys and RETURNING rows of split INSERTs and batches, held in memory
 * in the caller's order, and merged cross-shard reads, which may still be arriving. Forward-only and read-only; the getters applications use are written here, the
 * rest are generated "not supported" stubs.
 */
public abstract class RowsResultSet implements ResultSet {
    /** Column labels and types, copied from a physical result set's metadata. */
    public record Columns(String[] labels, int[] types, String[] typeNames) {
        static final Columns EMPTY = new Columns(new String[0], new int[0], new String[0]);

        static Columns of(ResultSetMetaData md) throws SQLException {
            int n = md.getColumnCount();
            String[] labels = new String[n];
            int[] types = new int[n];
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = md.getColumnLabel(i + 1);
                types[i] = md.getColumnType(i + 1);
                names[i] = md.getColumnTypeName(i + 1);
            }
            return new Columns(labels, types, names);
        }
    }

    static List<Object[]> read(ResultSet rs) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(readRow(rs, n));
        }
        return rows;
    }

    /** The current row of a physical result set, as values that stay valid after its connection is released. */
    static Object[] readRow(ResultSet rs, int columns) throws SQLException {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = rs.getObject(i + 1);
        }
        return row;
    }

    private final Statement statement;
    private final Columns columns;
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

    protected RowsResultSet(LogicalStatement statement, Columns columns, RowSource rows) {
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
        return value(column);
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return value(findColumn(label));
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        Object v = value(column);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        if (type == Long.class) {
            return type.cast(getLong(column));
        }
        if (type == Integer.class) {
            return type.cast(getInt(column));
        }
        if (type == String.class) {
            return type.cast(v.toString());
        }
        if (type == BigDecimal.class) {
            return type.cast(getBigDecimal(column));
        }
        throw SqlState.INVALID_ARGUMENT.exception("cannot convert " + v.getClass().getName() + " to " + type.getName());
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public String getString(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : v.toString();
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    private Number number(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new SQLException("bad value for a number: " + v, "22003");
        }
    }

    @Override
    public long getLong(int column) throws SQLException {
        return number(column).longValue();
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public int getInt(int column) throws SQLException {
        return number(column).intValue();
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public short getShort(int column) throws SQLException {
        return number(column).shortValue();
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return number(column).byteValue();
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public double getDouble(int column) throws SQLException {
        return number(column).doubleValue();
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return number(column).floatValue();
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : v instanceof BigDecimal d ? d : new BigDecimal(number(column).toString());
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = value(column);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return false;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        return s.equals("t") || s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on");
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        return (byte[]) value(column);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Date getDate(int column) throws SQLException {
        return (Date) value(column);
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Time getTime(int column) throws SQLException {
        return (Time) value(column);
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        return (Timestamp) value(column);
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
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
