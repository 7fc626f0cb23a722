package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.ScatterTargets.KeyArray;
import io.shardedjdbc.sql.StatementPlan;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

import static io.shardedjdbc.jdbc.ParameterStore.Kind;

/**
 * A prepared statement: analysed once when prepared (the plan is cached by SQL text); each execution only reads
 * the bound key, routes, and replays the recorded setter calls on a physical statement of the chosen shard.
 */
public abstract class LogicalPreparedStatement extends LogicalStatement implements PreparedStatement {
    private final StatementPlan plan;
    private final ParameterStore params;
    /** What routing reads keys from: the bound parameters, or the literal slots of a text placed by its shape. */
    private final ParameterSource routing;
    /** Created by the first addBatch: most statements never batch, and the rows' arrays are over 1 KB. */
    private BatchRows batch;
    /** Routing reads one batch row at a time: one view serves them all. */
    private BatchRows.Row batchRow;

    protected LogicalPreparedStatement(LogicalConnection conn, StatementOptions options, StatementPlan plan) {
        super(conn, options);
        this.plan = plan;
        io.shardedjdbc.sql.LiteralShape shape = plan.literals();
        // a text placed by its literal shape binds its own parameters; routing reads the shape's
        this.params = new ParameterStore(shape == null ? plan.parameterCount() : shape.textParameterCount());
        this.routing = shape == null ? params : new io.shardedjdbc.route.LiteralValues(shape, params);
    }

    StatementPlan plan() {
        return plan;
    }

    ParameterSource parameters() {
        return params;
    }

    @Override
    Statement newPhysical(Connection c, String sql) throws SQLException {
        return options.prepare(c, sql);
    }

    @Override
    boolean executePhysical(Statement st, String sql, int[] parameterIndexes, Map<Integer, KeyArray> arrays)
            throws SQLException {
        PreparedStatement ps = (PreparedStatement) st;
        params.bind(ps, parameterIndexes, arrays);
        return ps.execute();
    }

    // ---- execution ----

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!execute()) {
            throw SqlState.INVALID_ARGUMENT.exception("executeQuery: the statement returned no result set");
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (execute()) {
            throw SqlState.INVALID_ARGUMENT.exception("executeUpdate: the statement returned a result set");
        }
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        return run(plan, routing);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (batch == null) {
            batch = new BatchRows();
            batchRow = batch.view();
        }
        params.appendTo(batch);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        params.clear();
    }

    @Override
    int batchSize() {
        return batch == null ? 0 : batch.size();
    }

    @Override
    StatementPlan batchPlan(int entry) {
        return plan;
    }

    @Override
    ParameterSource batchParams(int entry) {
        ParameterSource row = batchRow.at(entry);
        return plan.literals() == null ? row : new io.shardedjdbc.route.LiteralValues(plan.literals(), row);
    }

    @Override
    Statement newBatchPhysical(Connection c) throws SQLException {
        return options.prepare(c, plan.sql());
    }

    @Override
    void addToPhysicalBatch(Statement st, int entry) throws SQLException {
        PreparedStatement ps = (PreparedStatement) st;
        batch.replay(entry, ps);
        ps.addBatch();
    }

    @Override
    void clearBatchEntries() {
        if (batch != null) {
            batch.clear();
        }
    }

    // JDBC: the query-string methods are not for prepared statements.
    private static SQLException notOnPrepared() {
        return SqlState.WRONG_OBJECT_TYPE.exception(
                "cannot use query methods that take a query string on a PreparedStatement");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw notOnPrepared();
    }

    // ---- setters: recorded, replayed on the physical statement ----

    private void put(int i, Kind kind, Object value) throws SQLException {
        checkOpen();
        params.put(i, kind, value);
    }

    private void putLong(int i, Kind kind, long value) throws SQLException {
        checkOpen();
        params.put(i, kind, value);
    }

    private void put(int i, Kind kind, long number, Object value, Object extra, long length) throws SQLException {
        checkOpen();
        params.put(i, kind, number, value, extra, length);
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        putLong(i, Kind.NULL, sqlType);
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        put(i, Kind.NULL_TYPED, sqlType, typeName, null, 0);
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        putLong(i, Kind.BOOLEAN, x ? 1 : 0);
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        putLong(i, Kind.BYTE, x);
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        putLong(i, Kind.SHORT, x);
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        putLong(i, Kind.INT, x);
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        putLong(i, Kind.LONG, x);
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        put(i, Kind.FLOAT, Float.floatToRawIntBits(x), x, null, 0);
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        put(i, Kind.DOUBLE, Double.doubleToRawLongBits(x), x, null, 0);
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        put(i, Kind.BIG_DECIMAL, x);
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        put(i, Kind.STRING, x);
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        put(i, Kind.NSTRING, x);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        put(i, Kind.BYTES, x);
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        put(i, Kind.DATE, x);
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        put(i, Kind.DATE, 0, x, cal, 0);
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        put(i, Kind.TIME, x);
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        put(i, Kind.TIME, 0, x, cal, 0);
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        put(i, Kind.TIMESTAMP, x);
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        put(i, Kind.TIMESTAMP, 0, x, cal, 0);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        put(i, Kind.ASCII_STREAM_INT, 0, x, null, length);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        put(i, Kind.ASCII_STREAM, 0, x, null, length);
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        put(i, Kind.ASCII_STREAM_UNSIZED, x);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        put(i, Kind.UNICODE_STREAM, 0, x, null, length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
        put(i, Kind.BINARY_STREAM_INT, 0, x, null, length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        put(i, Kind.BINARY_STREAM, 0, x, null, length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        put(i, Kind.BINARY_STREAM_UNSIZED, x);
    }

    @Override
    public void setCharacterStream(int i, Reader x, int length) throws SQLException {
        put(i, Kind.CHARACTER_STREAM_INT, 0, x, null, length);
    }

    @Override
    public void setCharacterStream(int i, Reader x, long length) throws SQLException {
        put(i, Kind.CHARACTER_STREAM, 0, x, null, length);
    }

    @Override
    public void setCharacterStream(int i, Reader x) throws SQLException {
        put(i, Kind.CHARACTER_STREAM_UNSIZED, x);
    }

    @Override
    public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
        put(i, Kind.NCHARACTER_STREAM, 0, x, null, length);
    }

    @Override
    public void setNCharacterStream(int i, Reader x) throws SQLException {
        put(i, Kind.NCHARACTER_STREAM_UNSIZED, x);
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        put(i, Kind.OBJECT, x);
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        put(i, Kind.OBJECT_TYPED, targetSqlType, x, null, 0);
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException {
        put(i, Kind.OBJECT_TYPED_SCALE, targetSqlType, x, null, scale);
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
        put(i, Kind.OBJECT_SQLTYPE, 0, x, targetSqlType, 0);
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType, int scale) throws SQLException {
        put(i, Kind.OBJECT_SQLTYPE_SCALE, 0, x, targetSqlType, scale);
    }

    @Override
    public void setRef(int i, Ref x) throws SQLException {
        put(i, Kind.REF, x);
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        put(i, Kind.BLOB, x);
    }

    @Override
    public void setBlob(int i, InputStream x, long length) throws SQLException {
        put(i, Kind.BLOB_STREAM, 0, x, null, length);
    }

    @Override
    public void setBlob(int i, InputStream x) throws SQLException {
        put(i, Kind.BLOB_STREAM_UNSIZED, x);
    }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        put(i, Kind.CLOB, x);
    }

    @Override
    public void setClob(int i, Reader x, long length) throws SQLException {
        put(i, Kind.CLOB_READER, 0, x, null, length);
    }

    @Override
    public void setClob(int i, Reader x) throws SQLException {
        put(i, Kind.CLOB_READER_UNSIZED, x);
    }

    @Override
    public void setNClob(int i, NClob x) throws SQLException {
        put(i, Kind.NCLOB, x);
    }

    @Override
    public void setNClob(int i, Reader x, long length) throws SQLException {
        put(i, Kind.NCLOB_READER, 0, x, null, length);
    }

    @Override
    public void setNClob(int i, Reader x) throws SQLException {
        put(i, Kind.NCLOB_READER_UNSIZED, x);
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        put(i, Kind.ARRAY, x);
    }

    @Override
    public void setURL(int i, URL x) throws SQLException {
        put(i, Kind.URL, x);
    }

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        put(i, Kind.ROW_ID, x);
    }

    @Override
    public void setSQLXML(int i, SQLXML x) throws SQLException {
        put(i, Kind.SQLXML, x);
    }
}
