package io.shardedjdbc.merge;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Orders and compares column values from several shards as PostgreSQL does for the same types: numbers by value
 * whatever their Java class, text by code point (the C collation's order; other collations may differ), NaN above
 * every number.
 */
final class Values {
    private Values() {
    }

    /** Both values non-null. */
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (isWhole(x) && isWhole(y)) {
                // The common case (bigint, int keys) without allocating.
                return Long.compare(x.longValue(), y.longValue());
            }
            if (isFloating(x) || isFloating(y)) {
                return Double.compare(x.doubleValue(), y.doubleValue());
            }
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Comparable<?> && a.getClass() == b.getClass()) {
            @SuppressWarnings("unchecked")
            Comparable<Object> c = (Comparable<Object>) a;
            return c.compareTo(b);
        }
        return compareCodePoints(a.toString(), b.toString());
    }

    private static boolean isWhole(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    /** A key for equality across shards: numbers of equal value are equal whatever their scale. */
    static Object equalityKey(Object v) {
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (v instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        return v;
    }

    static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float;
    }

    static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
