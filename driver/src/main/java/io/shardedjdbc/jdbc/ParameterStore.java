package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.ScatterTargets.KeyArray;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Map;

/**
 * Records every PreparedStatement setter call, so routing can read the key and the chosen physical statement
 * gets exactly the same calls replayed. Primitive integers stay unboxed: the routing hot path reads them as
 * longs without allocating.
 */
final class ParameterStore implements ParameterSource {
    static final int UNSET = 0;

    private int[] kinds;
    private long[] longs;
    private Object[] values;
    /** Calendars, type names, stream lengths and scales: null until a setter that has one is called. */
    private Object[] extras;
    private long[] lengths;

    ParameterStore(int capacity) {
        int n = Math.max(capacity, 1);
        kinds = new int[n + 1];
        longs = new long[n + 1];
        values = new Object[n + 1];
    }

    void clear() {
        Arrays.fill(kinds, UNSET);
        Arrays.fill(values, null);
        if (extras != null) {
            Arrays.fill(extras, null);
        }
    }

    private void ensure(int index) throws SQLException {
        if (index < 1) {
            throw SqlState.INVALID_ARGUMENT.exception("parameter index " + index + " is out of range (indexes start at 1)");
        }
        if (index >= kinds.length) {
            int n = Math.max(index + 1, kinds.length * 2);
            kinds = Arrays.copyOf(kinds, n);
            longs = Arrays.copyOf(longs, n);
            values = Arrays.copyOf(values, n);
            if (extras != null) {
                extras = Arrays.copyOf(extras, n);
                lengths = Arrays.copyOf(lengths, n);
            }
        }
    }

    void put(int index, Kind kind, long number) throws SQLException {
        put(index, kind, number, null, null, 0);
    }

    void put(int index, Kind kind, Object value) throws SQLException {
        put(index, kind, 0, value, null, 0);
    }

    /**
     * @param number the primitive value, or the SQL type code for typed nulls and typed objects
     * @param extra  Calendar, SQLType, or type name, where the setter has one
     * @param length stream length or scale
     */
    void put(int index, Kind kind, long number, Object value, Object extra, long length) throws SQLException {
        ensure(index);
        kinds[index] = kind.ordinal() + 1;
        longs[index] = number;
        values[index] = value;
        if (extras == null && (extra != null || length != 0)) {
            extras = new Object[kinds.length];
            lengths = new long[kinds.length];
        }
        if (extras != null) {
            extras[index] = extra;
            lengths[index] = length;
        }
    }

    @Override
    public boolean isLong(int index) {
        return index < kinds.length && isInteger(kinds[index]);
    }

    @Override
    public long longValue(int index) {
        return longs[index];
    }

    @Override
    public Object value(int index) throws SQLException {
        if (index >= kinds.length) {
            throw notSet(index);
        }
        return value(index, kinds[index], longs[index], values[index]);
    }

    /** Appends this parameter set as the batch's next row. */
    void appendTo(BatchRows rows) {
        rows.append(kinds, longs, values, extras, lengths);
    }

    // ---- one recorded parameter, wherever it is stored (here, or in a batch's rows) ----

    static boolean isInteger(int kind) {
        int k = kind - 1;
        return k == Kind.LONG.ordinal() || k == Kind.INT.ordinal() || k == Kind.SHORT.ordinal()
                || k == Kind.BYTE.ordinal();
    }

    static Object value(int index, int kind, long number, Object value) throws SQLException {
        if (kind == UNSET) {
            throw notSet(index);
        }
        switch (Kind.VALUES[kind - 1]) {
            case LONG: return number;
            case INT: return (int) number;
            case SHORT: return (short) number;
            case BYTE: return (byte) number;
            case NULL: case NULL_TYPED: return null;
            default: return value;
        }
    }

    private static SQLException notSet(int index) {
        return SqlState.INVALID_ARGUMENT.exception("parameter " + index + " (the shard key) is not set");
    }

    /** Replays parameters 1..count (the indexes of the new statement) from the given original indexes. */
    /** The values of a route explanation's parameters, bound as {@code setObject} would bind them. */
    static ParameterStore of(Object[] values) throws SQLException {
        ParameterStore store = new ParameterStore(values.length);
        for (int i = 0; i < values.length; i++) {
            store.put(i + 1, Kind.OBJECT, values[i]);
        }
        return store;
    }

    /**
     * Binds the parameters to a physical statement: all as they are, or (one shard's part of a cross-shard statement)
     * the original parameters {@code indexes} names, in order, with the {@code ANY(?)} arrays cut down to the shard's
     * keys bound in place of the original values.
     *
     * @param indexes null: every parameter at its own index
     * @param arrays  by original parameter index; null or empty: none
     */
    void bind(PreparedStatement ps, int[] indexes, Map<Integer, KeyArray> arrays) throws SQLException {
        if (indexes == null) {
            replay(ps);
            return;
        }
        replay(ps, indexes);
        if (arrays == null || arrays.isEmpty()) {
            return;
        }
        for (int i = 0; i < indexes.length; i++) {
            KeyArray part = arrays.get(indexes[i]);
            if (part == null) {
                continue;
            }
            if (part.sqlBaseType() != null) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf(part.sqlBaseType(), (Object[]) part.elements()));
            } else {
                ps.setObject(i + 1, part.elements());
            }
        }
    }

    void replay(PreparedStatement ps, int[] originalIndexes) throws SQLException {
        for (int i = 0; i < originalIndexes.length; i++) {
            replayOne(ps, i + 1, originalIndexes[i]);
        }
    }

    void replay(PreparedStatement ps) throws SQLException {
        for (int i = 1; i < kinds.length; i++) {
            if (kinds[i] != UNSET) {
                replayOne(ps, i, i);
            }
        }
    }

    private void replayOne(PreparedStatement ps, int to, int from) throws SQLException {
        if (from >= kinds.length) {
            throw notReplayable(from);
        }
        replayOne(ps, to, from, kinds[from], longs[from], values[from], extras == null ? null : extras[from],
                lengths == null ? 0 : lengths[from]);
    }

    static SQLException notReplayable(int index) {
        return SqlState.INVALID_ARGUMENT.exception("no value specified for parameter " + index);
    }

    /** Repeats one recorded setter call as parameter {@code to}; {@code from} names it in the message when unset. */
    static void replayOne(PreparedStatement ps, int to, int from, int kind, long number, Object v, Object x, long len)
            throws SQLException {
        if (kind == UNSET) {
            throw notReplayable(from);
        }
        switch (Kind.VALUES[kind - 1]) {
            case NULL -> ps.setNull(to, (int) number);
            case NULL_TYPED -> ps.setNull(to, (int) number, (String) v);
            case BOOLEAN -> ps.setBoolean(to, number != 0);
            case BYTE -> ps.setByte(to, (byte) number);
            case SHORT -> ps.setShort(to, (short) number);
            case INT -> ps.setInt(to, (int) number);
            case LONG -> ps.setLong(to, number);
            case FLOAT -> ps.setFloat(to, Float.intBitsToFloat((int) number));
            case DOUBLE -> ps.setDouble(to, Double.longBitsToDouble(number));
            case BIG_DECIMAL -> ps.setBigDecimal(to, (BigDecimal) v);
            case STRING -> ps.setString(to, (String) v);
            case NSTRING -> ps.setNString(to, (String) v);
            case BYTES -> ps.setBytes(to, (byte[]) v);
            case DATE -> ps.setDate(to, (Date) v, (Calendar) x);
            case TIME -> ps.setTime(to, (Time) v, (Calendar) x);
            case TIMESTAMP -> ps.setTimestamp(to, (Timestamp) v, (Calendar) x);
            case ASCII_STREAM -> ps.setAsciiStream(to, (InputStream) v, len);
            case ASCII_STREAM_INT -> ps.setAsciiStream(to, (InputStream) v, (int) len);
            case ASCII_STREAM_UNSIZED -> ps.setAsciiStream(to, (InputStream) v);
            case UNICODE_STREAM -> setUnicodeStream(ps, to, (InputStream) v, (int) len);
            case BINARY_STREAM -> ps.setBinaryStream(to, (InputStream) v, len);
            case BINARY_STREAM_INT -> ps.setBinaryStream(to, (InputStream) v, (int) len);
            case BINARY_STREAM_UNSIZED -> ps.setBinaryStream(to, (InputStream) v);
            case CHARACTER_STREAM -> ps.setCharacterStream(to, (Reader) v, len);
            case CHARACTER_STREAM_INT -> ps.setCharacterStream(to, (Reader) v, (int) len);
            case CHARACTER_STREAM_UNSIZED -> ps.setCharacterStream(to, (Reader) v);
            case NCHARACTER_STREAM -> ps.setNCharacterStream(to, (Reader) v, len);
            case NCHARACTER_STREAM_UNSIZED -> ps.setNCharacterStream(to, (Reader) v);
            case OBJECT -> ps.setObject(to, v);
            case OBJECT_TYPED -> ps.setObject(to, v, (int) number);
            case OBJECT_TYPED_SCALE -> ps.setObject(to, v, (int) number, (int) len);
            case OBJECT_SQLTYPE -> ps.setObject(to, v, (SQLType) x);
            case OBJECT_SQLTYPE_SCALE -> ps.setObject(to, v, (SQLType) x, (int) len);
            case REF -> ps.setRef(to, (Ref) v);
            case BLOB -> ps.setBlob(to, (Blob) v);
            case BLOB_STREAM -> ps.setBlob(to, (InputStream) v, len);
            case BLOB_STREAM_UNSIZED -> ps.setBlob(to, (InputStream) v);
            case CLOB -> ps.setClob(to, (Clob) v);
            case CLOB_READER -> ps.setClob(to, (Reader) v, len);
            case CLOB_READER_UNSIZED -> ps.setClob(to, (Reader) v);
            case NCLOB -> ps.setNClob(to, (NClob) v);
            case NCLOB_READER -> ps.setNClob(to, (Reader) v, len);
            case NCLOB_READER_UNSIZED -> ps.setNClob(to, (Reader) v);
            case ARRAY -> ps.setArray(to, (java.sql.Array) v);
            case URL -> ps.setURL(to, (URL) v);
            case ROW_ID -> ps.setRowId(to, (RowId) v);
            case SQLXML -> ps.setSQLXML(to, (SQLXML) v);
            default -> throw new IllegalStateException("unhandled parameter kind");
        }
    }

    @SuppressWarnings("deprecation")
    private static void setUnicodeStream(PreparedStatement ps, int to, InputStream in, int len) throws SQLException {
        ps.setUnicodeStream(to, in, len);
    }

    /** One constant per distinct PreparedStatement setter signature. */
    enum Kind {
        NULL, NULL_TYPED, BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, BIG_DECIMAL, STRING, NSTRING, BYTES,
        DATE, TIME, TIMESTAMP, ASCII_STREAM, ASCII_STREAM_INT, ASCII_STREAM_UNSIZED, UNICODE_STREAM,
        BINARY_STREAM, BINARY_STREAM_INT, BINARY_STREAM_UNSIZED, CHARACTER_STREAM, CHARACTER_STREAM_INT,
        CHARACTER_STREAM_UNSIZED, NCHARACTER_STREAM, NCHARACTER_STREAM_UNSIZED, OBJECT, OBJECT_TYPED,
        OBJECT_TYPED_SCALE, OBJECT_SQLTYPE, OBJECT_SQLTYPE_SCALE, REF, BLOB, BLOB_STREAM, BLOB_STREAM_UNSIZED,
        CLOB, CLOB_READER, CLOB_READER_UNSIZED, NCLOB, NCLOB_READER, NCLOB_READER_UNSIZED, ARRAY, URL, ROW_ID,
        SQLXML;

        static final Kind[] VALUES = values();
    }
}
