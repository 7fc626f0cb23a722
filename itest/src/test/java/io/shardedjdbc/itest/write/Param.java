package io.shardedjdbc.itest.write;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Random;

/**
 * One statement parameter and the setter that binds it: the driver must find the same key whichever setter an
 * application uses, so the corpus varies them. In a plain statement the same value is written as a literal.
 */
record Param(Object value, Bind bind) {

    enum Bind {
        LONG, OBJECT, OBJECT_BIGINT, BIG_DECIMAL, INT, OBJECT_INT, STRING, OBJECT_STRING,
        NULL_BIGINT, NULL_TEXT, LONG_ARRAY, SQL_ARRAY
    }

    private static final Bind[] KEY_BINDS = {Bind.LONG, Bind.LONG, Bind.OBJECT, Bind.OBJECT_BIGINT, Bind.BIG_DECIMAL};

    static Param key(long key, Random rnd) {
        return new Param(key, KEY_BINDS[rnd.nextInt(KEY_BINDS.length)]);
    }

    static Param integer(int value, Random rnd) {
        return new Param(value, rnd.nextBoolean() ? Bind.INT : Bind.OBJECT_INT);
    }

    static Param text(String value, Random rnd) {
        return value == null ? new Param(null, Bind.NULL_TEXT)
                : new Param(value, rnd.nextBoolean() ? Bind.STRING : Bind.OBJECT_STRING);
    }

    static Param nullKey() {
        return new Param(null, Bind.NULL_BIGINT);
    }

    /** A bigint[] for {@code = ANY(?)}: a Java Long[] through setObject or a java.sql.Array from createArrayOf. */
    static Param keyArray(Long[] keys, boolean sqlArray) {
        return new Param(keys.clone(), sqlArray ? Bind.SQL_ARRAY : Bind.LONG_ARRAY);
    }

    void bindTo(Connection c, PreparedStatement ps, int index) throws SQLException {
        switch (bind) {
            case LONG -> ps.setLong(index, (Long) value);
            case OBJECT, OBJECT_INT, OBJECT_STRING, LONG_ARRAY -> ps.setObject(index, value);
            case OBJECT_BIGINT -> ps.setObject(index, value, Types.BIGINT);
            case BIG_DECIMAL -> ps.setBigDecimal(index, BigDecimal.valueOf((Long) value));
            case INT -> ps.setInt(index, (Integer) value);
            case STRING -> ps.setString(index, (String) value);
            case NULL_BIGINT -> ps.setNull(index, Types.BIGINT);
            case NULL_TEXT -> ps.setNull(index, Types.VARCHAR);
            case SQL_ARRAY -> ps.setArray(index, c.createArrayOf("bigint", (Long[]) value));
        }
    }

    /** The value as a SQL literal, for plain statements. */
    String literal() {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (value instanceof Long[] keys) {
            StringBuilder sb = new StringBuilder("ARRAY[");
            for (int i = 0; i < keys.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(keys[i]);
            }
            return sb.append("]::bigint[]").toString();
        }
        return value.toString();
    }

    String describe() {
        String shown = value instanceof Long[] keys ? Arrays.toString(keys)
                : value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return shown + ":" + bind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
