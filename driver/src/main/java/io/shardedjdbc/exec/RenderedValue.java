package io.shardedjdbc.exec;

import org.postgresql.util.PGInterval;

import java.math.BigInteger;
import java.util.Date;

/**
 * A value whose Java object has lost part of what the server sent: a timestamptz's offset, a time's fraction below
 * the millisecond, BC years, infinity, an interval's spelling. The server's text is kept beside the object, so that
 * getString and the date/time getters give what the server driver gives. Orders and compares by value, as
 * PostgreSQL does, so that merges (ORDER BY, MIN/MAX, DISTINCT) work on it.
 */
public final class RenderedValue implements Comparable<RenderedValue> {
    private final Object value;
    private final String text;

    public RenderedValue(Object value, String text) {
        this.value = value;
        this.text = text;
    }

    /** Whether {@code value}, as the server driver's getObject returns it, needs its text kept beside it. */
    public static boolean needed(Object value) {
        return value instanceof Date || value instanceof PGInterval;
    }

    /** The object the server driver returned; a copy where it is mutable. */
    public Object value() {
        if (value instanceof Date d) {
            return d.clone();
        }
        if (value instanceof PGInterval i) {
            return new PGInterval(i.getYears(), i.getMonths(), i.getDays(), i.getHours(), i.getMinutes(),
                    i.getSeconds());
        }
        return value;
    }

    public String text() {
        return text;
    }

    @Override
    public int compareTo(RenderedValue other) {
        if (value instanceof Date a && other.value instanceof Date b) {
            // Timestamp compares its nanoseconds too; infinities are the extreme millisecond values
            return a.compareTo(b);
        }
        if (value instanceof PGInterval a && other.value instanceof PGInterval b) {
            return span(a).compareTo(span(b));
        }
        return text.compareTo(other.text);
    }

    /** PostgreSQL orders and equates intervals by this span: a month is 30 days, a day 24 hours. */
    private static BigInteger span(PGInterval i) {
        long days = ((long) i.getYears() * 12 + i.getMonths()) * 30 + i.getDays();
        long micros = ((long) i.getHours() * 60 + i.getMinutes()) * 60_000_000L + Math.round(i.getSeconds() * 1e6);
        return BigInteger.valueOf(days).multiply(BigInteger.valueOf(86_400_000_000L)).add(BigInteger.valueOf(micros));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedValue other && value.getClass() == other.value.getClass() && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        if (value instanceof Date d) {
            return Long.hashCode(d.getTime());
        }
        if (value instanceof PGInterval i) {
            return span(i).hashCode();
        }
        return text.hashCode();
    }

    /** The server's text, as the server driver's objects print themselves in merges that fall back to text. */
    @Override
    public String toString() {
        return text;
    }
}
