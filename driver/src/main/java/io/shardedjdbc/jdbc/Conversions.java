package io.shardedjdbc.jdbc;

import io.shardedjdbc.exec.RenderedValue;
import io.shardedjdbc.SqlState;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The ResultSet getters over one non-null value of merged rows, with the server driver's rules: it reads every
 * value from the text the server sent, so numbers parse from that text, booleans accept its spellings, bytes are
 * its UTF-8 unless the column is bytea, and dates and times come from parsing it. A value that does not convert is
 * an SQLException in class 22, never a ClassCastException.
 */
final class Conversions {
    private Conversions() {
    }

    /** What getObject(int) returns: the server driver's object, copied where the caller could change it. */
    static Object object(Object v) {
        if (v instanceof RenderedValue r) {
            return r.value();
        }
        if (v instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (v instanceof PGobject o) {
            try {
                return o.clone();
            } catch (CloneNotSupportedException e) {
                return o;
            }
        }
        return v;
    }

    static boolean toBoolean(Object v) throws SQLException {
        if (v instanceof Boolean b) {
            return b;
        }
        String text = PgText.of(v);
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "t", "true", "y", "yes", "on":
                return true;
            case "0", "f", "false", "n", "no", "off":
                return false;
            default:
                throw SqlState.INVALID_CHARACTER_VALUE_FOR_CAST.exception("Cannot cast to boolean: \"" + text + "\"");
        }
    }

    /** An integer in min..max; fractions are cut toward zero, as the server driver does. */
    static long toIntegral(Object v, long min, long max, String typeName) throws SQLException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long x = ((Number) v).longValue();
            if (x < min || x > max) {
                throw badNumber(typeName, v.toString());
            }
            return x;
        }
        BigDecimal d = v instanceof BigDecimal bd ? bd : parseDecimal(v, typeName);
        // a huge exponent must not build a huge BigInteger
        if (d.precision() - d.scale() > 20) {
            throw badNumber(typeName, PgText.of(v));
        }
        BigInteger i = d.toBigInteger();
        if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw badNumber(typeName, PgText.of(v));
        }
        return i.longValue();
    }

    static double toDouble(Object v) throws SQLException {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).doubleValue();
        }
        String text = PgText.of(v);
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw badNumber("double", text);
        }
    }

    static float toFloat(Object v) throws SQLException {
        if (v instanceof Float f) {
            return f;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).floatValue();
        }
        String text = PgText.of(v);
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw badNumber("float", text);
        }
    }

    static BigDecimal toBigDecimal(Object v) throws SQLException {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        return parseDecimal(v, "BigDecimal");
    }

    /** The deprecated getBigDecimal(column, scale): rounded half-even, as the server driver does. */
    static BigDecimal toBigDecimal(Object v, int scale) throws SQLException {
        return toBigDecimal(v).setScale(scale, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal parseDecimal(Object v, String typeName) throws SQLException {
        String text = PgText.of(v);
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw badNumber(typeName, text);
        }
    }

    private static SQLException badNumber(String typeName, String text) {
        return SqlState.NUMERIC_VALUE_OUT_OF_RANGE.exception("Bad value for type " + typeName + " : " + text);
    }

    /** bytea as its bytes; any other value as the UTF-8 of its text. */
    static byte[] toBytes(Object v) {
        return v instanceof byte[] bytes ? bytes.clone() : PgText.of(v).getBytes(StandardCharsets.UTF_8);
    }

    static TimeZone zone(Calendar cal) {
        return cal == null ? TimeZone.getDefault() : cal.getTimeZone();
    }

    /** A date/time read from the value's text; anything else is 22007. */
    static PgTemporal temporal(Object v) throws SQLException {
        String text = PgText.of(v);
        if (v instanceof RenderedValue || v instanceof String) {
            return PgTemporal.parse(text);
        }
        throw PgTemporal.bad(text);
    }

    static Timestamp toTimestamp(Object v, Calendar cal) throws SQLException {
        return temporal(v).timestamp(zone(cal));
    }

    static Date toDate(Object v, Calendar cal) throws SQLException {
        return temporal(v).sqlDate(zone(cal), PgText.of(v));
    }

    static Time toTime(Object v, Calendar cal) throws SQLException {
        return temporal(v).sqlTime(zone(cal));
    }

    /**
     * getObject(column, type): the conversions the server driver offers for the column's type, or the value itself
     * when it already is a {@code type}. As in the server driver, a conversion to a basic JDBC class the column's
     * type does not offer is refused even for NULL, while java.time and other classes give null for NULL.
     */
    static <T> T toObject(Object v, int sqlType, String typeName, Class<T> type) throws SQLException {
        String name = typeName == null ? "" : typeName;
        Boolean offered = offered(type, sqlType);
        if (Boolean.FALSE.equals(offered)) {
            throw notOffered(name, type);
        }
        if (v == null) {
            return null;
        }
        if (offered == null) {
            offered = offeredByName(type, name);
            if (Boolean.FALSE.equals(offered)) {
                throw notOffered(name, type);
            }
        }
        if (offered != null) {
            return type.cast(convert(v, type));
        }
        Object raw = object(v);
        if (!type.isInstance(raw)) {
            throw notOffered(name, type);
        }
        return type.cast(raw);
    }

    private static SQLException notOffered(String typeName, Class<?> type) {
        return SqlState.INVALID_ARGUMENT.exception("conversion to " + type.getName() + " from " + typeName
                + " is not supported; read it with getObject(int) or getString");
    }

    /** Whether the column's JDBC type converts to {@code type}; null for classes decided otherwise. */
    private static Boolean offered(Class<?> type, int sqlType) {
        if (type == String.class) {
            return isText(sqlType);
        }
        if (type == BigDecimal.class) {
            return sqlType == Types.NUMERIC || sqlType == Types.DECIMAL;
        }
        if (type == Boolean.class) {
            return sqlType == Types.BOOLEAN || sqlType == Types.BIT;
        }
        if (type == Short.class) {
            return sqlType == Types.SMALLINT;
        }
        if (type == Integer.class) {
            return sqlType == Types.SMALLINT || sqlType == Types.INTEGER;
        }
        if (type == Long.class || type == BigInteger.class) {
            return sqlType == Types.BIGINT;
        }
        if (type == Float.class) {
            return sqlType == Types.REAL;
        }
        if (type == Double.class) {
            return sqlType == Types.DOUBLE || sqlType == Types.FLOAT;
        }
        if (type == byte[].class) {
            return sqlType == Types.BINARY || sqlType == Types.VARBINARY || sqlType == Types.LONGVARBINARY;
        }
        if (type == Array.class) {
            return sqlType == Types.ARRAY;
        }
        if (type == Timestamp.class) {
            return sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE;
        }
        if (type == Date.class) {
            return sqlType == Types.DATE;
        }
        if (type == Time.class) {
            return sqlType == Types.TIME || sqlType == Types.TIME_WITH_TIMEZONE;
        }
        return null;
    }

    /** The java.time classes, by the column's PostgreSQL type; null for other classes. */
    private static Boolean offeredByName(Class<?> type, String typeName) {
        if (type == LocalDate.class) {
            return typeName.equals("date") || typeName.equals("timestamp");
        }
        if (type == LocalDateTime.class) {
            return typeName.equals("timestamp");
        }
        if (type == LocalTime.class) {
            return typeName.equals("time");
        }
        if (type == OffsetDateTime.class) {
            return typeName.equals("timestamptz") || typeName.equals("timestamp") || typeName.equals("timetz");
        }
        if (type == OffsetTime.class) {
            return typeName.equals("timetz");
        }
        return null;
    }

    /** A non-null value to a class its column offers. */
    private static Object convert(Object v, Class<?> type) throws SQLException {
        if (type == String.class) {
            return PgText.of(v);
        }
        if (type == BigDecimal.class) {
            return toBigDecimal(v);
        }
        if (type == Boolean.class) {
            return toBoolean(v);
        }
        if (type == Short.class) {
            return (short) toIntegral(v, Short.MIN_VALUE, Short.MAX_VALUE, "short");
        }
        if (type == Integer.class) {
            return (int) toIntegral(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        }
        if (type == Long.class) {
            return toIntegral(v, Long.MIN_VALUE, Long.MAX_VALUE, "long");
        }
        if (type == BigInteger.class) {
            return BigInteger.valueOf(toIntegral(v, Long.MIN_VALUE, Long.MAX_VALUE, "long"));
        }
        if (type == Float.class) {
            return toFloat(v);
        }
        if (type == Double.class) {
            return toDouble(v);
        }
        if (type == byte[].class) {
            return toBytes(v);
        }
        if (type == Array.class) {
            if (!(v instanceof Array)) {
                throw SqlState.INVALID_ARGUMENT.exception("the value is not an array: " + PgText.of(v));
            }
            return v;
        }
        if (type == Timestamp.class) {
            return toTimestamp(v, null);
        }
        if (type == Date.class) {
            return toDate(v, null);
        }
        if (type == Time.class) {
            return toTime(v, null);
        }
        PgTemporal t = temporal(v);
        if (type == LocalDate.class) {
            return t.localDate();
        }
        if (type == LocalDateTime.class) {
            return t.localDateTimeValue();
        }
        if (type == LocalTime.class) {
            return t.localTime();
        }
        if (type == OffsetDateTime.class) {
            return t.offsetDateTime();
        }
        return t.offsetTime();
    }

    private static boolean isText(int sqlType) {
        return sqlType == Types.CHAR || sqlType == Types.VARCHAR || sqlType == Types.LONGVARCHAR
                || sqlType == Types.NCHAR || sqlType == Types.NVARCHAR || sqlType == Types.LONGNVARCHAR;
    }
}
