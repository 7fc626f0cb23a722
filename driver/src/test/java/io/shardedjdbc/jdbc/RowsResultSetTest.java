package io.shardedjdbc.jdbc;

import io.shardedjdbc.exec.ResultColumns;
import io.shardedjdbc.exec.ColumnMeta;
import io.shardedjdbc.exec.DetachedArray;
import io.shardedjdbc.exec.RenderedValue;
import io.shardedjdbc.exec.DetachedRows;
import io.shardedjdbc.merge.RowSource;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Getters of merged rows over the values {@link RowsResultSet#readRow} keeps, compared with the server driver's. */
class RowsResultSetTest {
    private static final String[] LABELS = {"n", "tz", "ts", "d", "ia", "jb", "u", "b", "bo", "tx", "bi", "f8", "iv",
            "i", "N"};
    private static final int[] TYPES = {Types.NUMERIC, Types.TIMESTAMP, Types.TIMESTAMP, Types.DATE, Types.ARRAY,
            Types.OTHER, Types.OTHER, Types.BINARY, Types.BIT, Types.VARCHAR, Types.BIGINT, Types.DOUBLE, Types.OTHER,
            Types.INTEGER, Types.INTEGER};
    private static final String[] TYPE_NAMES = {"numeric", "timestamptz", "timestamp", "date", "_int4", "jsonb",
            "uuid", "bytea", "bool", "text", "int8", "float8", "interval", "int4", "int4"};
    private static final UUID ID = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    private static ResultSet rows(Object[]... rows) {
        return JdbcFactory.rowsResultSet(null, new ResultColumns(LABELS, TYPES, TYPE_NAMES),
                RowSource.of(List.of(rows)));
    }

    private static Object[] fullRow() throws SQLException {
        PGobject json = new PGobject();
        json.setType("jsonb");
        json.setValue("{\"a\": [1, 2]}");
        Timestamp tz = Timestamp.from(Instant.parse("2024-03-05T06:07:08.123456Z"));
        return new Object[] {new BigDecimal("1234.500"), new RenderedValue(tz, "2024-03-05 07:07:08.123456+01"),
                new RenderedValue(Timestamp.valueOf("2024-03-05 06:07:08"), "2024-03-05 06:07:08"),
                new RenderedValue(java.sql.Date.valueOf("2024-03-05"), "2024-03-05"),
                new DetachedArray(Types.INTEGER, "int4", new Integer[] {1, 2, 3}, "{1,2,3}"), json, ID,
                new byte[] {1, 2, (byte) 0xff}, true, "hi", 9007199254740993L, 1e20,
                new RenderedValue(new PGInterval(0, 0, 1, 2, 3, 4), "1 day 02:03:04"), 42, 7};
    }

    private static Object[] nullRow() {
        return new Object[LABELS.length];
    }

    @Test
    void gettersGiveWhatTheServerDriverGives() throws SQLException {
        try (ResultSet rs = rows(fullRow())) {
            assertTrue(rs.next());
            assertEquals("1234.500", rs.getString("n"));
            assertEquals(new BigDecimal("1234.500"), rs.getBigDecimal(1));
            assertEquals(3, rs.getBigDecimal(1).scale());
            assertEquals(1234, rs.getInt(1));
            assertEquals(1234.5, rs.getDouble(1));
            assertEquals("2024-03-05 07:07:08.123456+01", rs.getString("TZ"));
            assertEquals(Instant.parse("2024-03-05T06:07:08.123456Z"), rs.getTimestamp(2).toInstant());
            assertEquals(OffsetDateTime.parse("2024-03-05T06:07:08.123456Z"), rs.getObject(2, OffsetDateTime.class));
            assertEquals(LocalDateTime.of(2024, 3, 5, 6, 7, 8), rs.getObject("ts", LocalDateTime.class));
            assertEquals(LocalDate.of(2024, 3, 5), rs.getObject("ts", LocalDate.class));
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            assertEquals(Instant.parse("2024-03-05T06:07:08Z"), rs.getTimestamp("ts", utc).toInstant());
            assertEquals(LocalDate.of(2024, 3, 5), rs.getObject("d", LocalDate.class));
            assertEquals(java.sql.Date.valueOf("2024-03-05"), rs.getDate("d"));
            assertEquals(LocalDate.of(2024, 3, 5).atStartOfDay(ZoneId.systemDefault()).toInstant(),
                    rs.getTimestamp("d").toInstant());
            assertEquals("{1,2,3}", rs.getString("ia"));
            assertArrayEquals(new Integer[] {1, 2, 3}, (Object[]) rs.getArray("ia").getArray());
            assertEquals("int4", rs.getArray("ia").getBaseTypeName());
            assertEquals("{\"a\": [1, 2]}", rs.getString("jb"));
            assertInstanceOf(PGobject.class, rs.getObject("jb"));
            assertEquals(ID, rs.getObject("u", UUID.class));
            assertEquals(ID.toString(), rs.getString("u"));
            assertArrayEquals(new byte[] {1, 2, (byte) 0xff}, rs.getBytes("b"));
            assertArrayEquals(new byte[] {1, 2, (byte) 0xff}, rs.getObject("b", byte[].class));
            assertEquals("\\x0102ff", rs.getString("b"));
            assertTrue(rs.getBoolean("bo"));
            assertEquals("t", rs.getString("bo"));
            assertEquals(Boolean.TRUE, rs.getObject("bo", Boolean.class));
            assertEquals(9007199254740993L, rs.getLong("bi"));
            assertEquals(BigInteger.valueOf(9007199254740993L), rs.getObject("bi", BigInteger.class));
            assertEquals("1e+20", rs.getString("f8"));
            assertEquals(new BigDecimal("1E+20"), rs.getBigDecimal("f8"));
            assertEquals("1 day 02:03:04", rs.getString("iv"));
            assertInstanceOf(PGInterval.class, rs.getObject("iv"));
            assertEquals(42, rs.getObject("i", Integer.class));
            assertEquals(42L, rs.getLong("i"));
            assertFalse(rs.wasNull());
        }
    }

    @Test
    void labelsAreCaseInsensitiveAndTheFirstMatchWins() throws SQLException {
        try (ResultSet rs = rows(fullRow())) {
            rs.next();
            assertEquals(1, rs.findColumn("N"));
            assertEquals(42, rs.getInt("I"));
            SQLException e = assertThrows(SQLException.class, () -> rs.getInt("nope"));
            assertTrue(e.getSQLState().startsWith("22"), e.getSQLState());
        }
    }

    @Test
    void everyGetterReportsNullAndSetsWasNull() throws SQLException {
        try (ResultSet rs = rows(fullRow(), nullRow())) {
            rs.next();
            rs.next();
            for (int c = 1; c <= LABELS.length; c++) {
                assertNull(rs.getString(c));
                assertTrue(rs.wasNull());
                assertEquals(0, rs.getInt(c));
                assertTrue(rs.wasNull());
                assertEquals(0, rs.getDouble(c));
                assertFalse(rs.getBoolean(c));
                assertTrue(rs.wasNull());
                assertNull(rs.getBigDecimal(c));
                assertNull(rs.getTimestamp(c));
                assertNull(rs.getDate(c, Calendar.getInstance()));
                assertNull(rs.getTime(c));
                assertNull(rs.getBytes(c));
                assertNull(rs.getArray(c));
                assertNull(rs.getObject(c));
                assertNull(rs.getObject(c, LocalDate.class));
                assertTrue(rs.wasNull());
            }
        }
    }

    @Test
    void conversionsTheColumnTypeDoesNotOfferAreRefusedEvenForNull() throws SQLException {
        try (ResultSet rs = rows(nullRow())) {
            rs.next();
            assertNull(rs.getObject("tx", String.class));
            assertNull(rs.getObject("n", BigDecimal.class));
            assertEquals("22023", assertThrows(SQLException.class, () -> rs.getObject("n", String.class)).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class, () -> rs.getObject("u", Long.class)).getSQLState());
            assertNull(rs.getObject("u", UUID.class));
        }
    }

    @Test
    void wasNullFollowsTheLastGetter() throws SQLException {
        Object[] row = fullRow();
        row[13] = null;
        try (ResultSet rs = rows(row)) {
            rs.next();
            rs.getInt("i");
            assertTrue(rs.wasNull());
            rs.getString("tx");
            assertFalse(rs.wasNull());
        }
    }

    @Test
    void wrongTypesAreClass22SqlExceptionsNeverClassCasts() throws SQLException {
        try (ResultSet rs = rows(fullRow())) {
            rs.next();
            List<String> states = new ArrayList<>();
            List<Getter> getters = List.of(c -> rs.getInt(c), c -> rs.getLong(c), c -> rs.getDouble(c),
                    c -> rs.getBigDecimal(c), c -> rs.getBoolean(c), c -> rs.getTimestamp(c), c -> rs.getDate(c),
                    c -> rs.getTime(c), c -> rs.getArray(c), c -> rs.getObject(c, UUID.class),
                    c -> rs.getObject(c, LocalDate.class), c -> rs.getObject(c, Long.class),
                    c -> rs.getObject(c, String.class), c -> rs.getObject(c, OffsetDateTime.class));
            for (int c = 1; c <= LABELS.length; c++) {
                for (Getter g : getters) {
                    try {
                        g.get(c);
                    } catch (SQLException e) {
                        states.add(e.getSQLState());
                    } catch (RuntimeException e) {
                        fail("column " + LABELS[c - 1] + ": " + e);
                    }
                }
            }
            assertTrue(states.size() > 100, "refusals: " + states.size());
            assertTrue(states.stream().allMatch(s -> s.startsWith("22")), states.toString());
        }
    }

    @Test
    void conversionsMatchTheServerDriversRules() throws SQLException {
        Object[] row = fullRow();
        row[0] = new BigDecimal("-1234.505");
        row[9] = " yes ";
        row[11] = 0.5;
        try (ResultSet rs = rows(row)) {
            rs.next();
            assertEquals(-1234, rs.getInt(1));
            @SuppressWarnings("deprecation")
            BigDecimal rounded = rs.getBigDecimal(1, 2);
            assertEquals(new BigDecimal("-1234.50"), rounded);
            assertTrue(rs.getBoolean("tx"));
            assertEquals(0, rs.getInt("f8"));
            assertEquals("22003", assertThrows(SQLException.class, () -> rs.getInt("bi")).getSQLState());
            assertEquals("22003", assertThrows(SQLException.class, () -> rs.getInt("tz")).getSQLState());
            assertEquals("22018", assertThrows(SQLException.class, () -> rs.getBoolean("n")).getSQLState());
            assertEquals("22007", assertThrows(SQLException.class, () -> rs.getTimestamp("n")).getSQLState());
            // the server driver converts only from the column's own type
            assertEquals("22023", assertThrows(SQLException.class,
                    () -> rs.getObject("n", String.class)).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class,
                    () -> rs.getObject("tz", LocalDateTime.class)).getSQLState());
            assertArrayEquals("9007199254740993".getBytes(), rs.getBytes("bi"));
        }
    }

    @Test
    void readRowDetachesArraysAndKeepsTheServersTextOfDatesAndTimes() throws SQLException {
        boolean[] freed = new boolean[1];
        Array pgArray = (Array) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Array.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getArray" -> new Integer[] {1, null, 3};
                    case "getBaseType" -> Types.INTEGER;
                    case "getBaseTypeName" -> "int4";
                    case "toString" -> "{1,NULL,3}";
                    case "free" -> {
                        freed[0] = true;
                        yield null;
                    }
                    default -> throw new SQLFeatureNotSupportedException(m.getName());
                });
        Time time = new Time(41696500);
        Object[] objects = {pgArray, time, "x", 5L, null};
        String[] texts = {"{1,NULL,3}", "12:34:56.5", "x", "5", null};
        ResultSet physical = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResultSet.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getObject" -> objects[(int) args[0] - 1];
                    case "getString" -> texts[(int) args[0] - 1];
                    default -> throw new SQLFeatureNotSupportedException(m.getName());
                });
        Object[] row = DetachedRows.readRow(physical, 5);
        assertTrue(freed[0], "the server driver's array is freed once read");
        DetachedArray array = assertInstanceOf(DetachedArray.class, row[0]);
        assertArrayEquals(new Integer[] {1, null, 3}, (Object[]) array.getArray());
        assertEquals("{1,NULL,3}", array.toString());
        assertThrows(SQLFeatureNotSupportedException.class, array::getResultSet);
        assertArrayEquals(new Integer[] {null, 3}, (Object[]) array.getArray(2, 2));
        assertThrows(SQLException.class, () -> array.getArray(3, 2));
        RenderedValue t = assertInstanceOf(RenderedValue.class, row[1]);
        assertEquals("12:34:56.5", t.text());
        assertEquals(time, t.value());
        assertEquals("x", row[2]);
        assertEquals(5L, row[3]);
        assertNull(row[4]);
    }

    @Test
    void renderedValuesOrderAndEquateByValue() {
        RenderedValue early = new RenderedValue(Timestamp.valueOf("2024-01-01 00:00:00.000001"), "a");
        RenderedValue late = new RenderedValue(Timestamp.valueOf("2024-01-01 00:00:00.000002"), "b");
        assertTrue(early.compareTo(late) < 0);
        assertEquals(early, new RenderedValue(Timestamp.valueOf("2024-01-01 00:00:00.000001"), "other text"));
        RenderedValue day = new RenderedValue(new PGInterval(0, 0, 1, 0, 0, 0), "1 day");
        RenderedValue hours = new RenderedValue(new PGInterval(0, 0, 0, 24, 0, 0), "24:00:00");
        RenderedValue month = new RenderedValue(new PGInterval(0, 1, 0, 0, 0, 0), "1 mon");
        assertEquals(day, hours);
        assertEquals(day.hashCode(), hours.hashCode());
        assertTrue(month.compareTo(day) > 0);
    }

    @Test
    void metadataAnswersEveryPropertyAndPrefixHidesTrailingColumns() throws Exception {
        ColumnMeta amount = new ColumnMeta("amount", "amount", Types.NUMERIC, "numeric", "java.math.BigDecimal", 12, 3,
                ResultSetMetaData.columnNullable, true, 14, "t", "public", "db", false, false, true, false, false,
                true, false);
        ColumnMeta hidden = ColumnMeta.basic("sort_key", Types.BIGINT, "int8");
        ResultColumns columns = ResultColumns.of(new ColumnMeta[] {amount, hidden});
        ResultSetMetaData md = JdbcFactory.rowsMetaData(columns.prefix(1));
        assertEquals(1, md.getColumnCount());
        assertEquals(12, md.getPrecision(1));
        assertEquals(3, md.getScale(1));
        assertEquals("java.math.BigDecimal", md.getColumnClassName(1));
        assertEquals(ResultSetMetaData.columnNullable, md.isNullable(1));
        assertEquals(14, md.getColumnDisplaySize(1));
        assertEquals("t", md.getTableName(1));
        assertEquals("public", md.getSchemaName(1));
        assertTrue(md.isSigned(1));
        assertTrue(md.isWritable(1));
        for (Method m : ResultSetMetaData.class.getMethods()) {
            if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == int.class) {
                try {
                    m.invoke(md, 1);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    fail(m.getName() + " is not answered: " + e.getCause());
                }
                java.lang.reflect.InvocationTargetException outOfRange = assertThrows(
                        java.lang.reflect.InvocationTargetException.class, () -> m.invoke(md, 2));
                assertEquals("22023", ((SQLException) outOfRange.getCause()).getSQLState());
            }
        }
        ResultColumns basic = new ResultColumns(new String[] {"c"}, new int[] {Types.BIGINT},
                new String[] {"int8"});
        assertEquals("java.lang.Long", basic.meta()[0].className());
        assertEquals("c", JdbcFactory.rowsMetaData(basic).getColumnName(1));
        assertEquals(ResultSetMetaData.columnNullableUnknown, JdbcFactory.rowsMetaData(basic).isNullable(1));
    }

    private interface Getter {
        Object get(int column) throws SQLException;
    }
}
