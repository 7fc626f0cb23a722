package io.shardedjdbc.itest.scatter;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * A result cell as a canonical string: equal strings mean equal values of the same Java type. The tag keeps a
 * driver that returns another type (Long where the server gives Integer) from matching by accident.
 */
final class CellValue {
    private CellValue() {
    }

    static String canonical(Object value) throws SQLException {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal d) {
            // numeric(12,2) 5.00 and a merged 5 are the same value; scale is not part of the comparison
            return "numeric:" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        }
        if (value instanceof Double d) {
            // exact: the generated doubles are multiples of 1/8, so every sum of them is exact in any order
            return "float8:" + d;
        }
        if (value instanceof Timestamp t) {
            return "timestamp:" + t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return "timestamp:" + t.toInstant();
        }
        if (value instanceof Array array) {
            return "array:" + elements(array.getArray());
        }
        if (value instanceof Object[] elements) {
            return "array:" + elements(elements);
        }
        if (value instanceof byte[] bytes) {
            return "bytea:" + HexFormat.of().formatHex(bytes);
        }
        return value.getClass().getSimpleName() + ":" + value;
    }

    private static String elements(Object array) throws SQLException {
        if (!(array instanceof Object[] elements)) {
            return String.valueOf(array);
        }
        StringJoiner joined = new StringJoiner(",", "[", "]");
        for (Object element : elements) {
            joined.add(canonical(element));
        }
        return joined.toString();
    }
}
