package io.shardedjdbc.jdbc;

import io.shardedjdbc.exec.DetachedArray;
import io.shardedjdbc.exec.RenderedValue;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.util.HexFormat;

/**
 * PostgreSQL's text form of a value held as a Java object: what the server driver's getString returns, since it
 * hands out the text the server sent. Merged values (sums, averages) have no server text, so it is rebuilt here.
 */
final class PgText {
    private PgText() {
    }

    /** Null for SQL NULL. */
    static String of(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof RenderedValue r) {
            return r.text();
        }
        if (v instanceof DetachedArray a) {
            return a.text();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return float8(d);
        }
        if (v instanceof Float f) {
            return float4(f);
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (v instanceof PGobject o) {
            return o.getValue();
        }
        return v.toString();
    }

    static String float8(double d) {
        return floating(d, Double.toString(d), 15);
    }

    static String float4(float f) {
        return floating(f, Float.toString(f), 6);
    }

    /**
     * As PostgreSQL prints floats (shortest exact digits): plain when the decimal exponent lies in -4..digits-1,
     * else {@code d.ddde+XX}; {@code NaN}, {@code Infinity}, {@code -0}.
     */
    private static String floating(double d, String javaText, int digits) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(javaText).stripTrailingZeros();
        String unscaled = exact.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - exact.scale();
        if (exponent >= -4 && exponent < digits) {
            return exact.toPlainString();
        }
        StringBuilder sb = new StringBuilder();
        if (exact.signum() < 0) {
            sb.append('-');
        }
        sb.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            sb.append('.').append(unscaled, 1, unscaled.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }
}
