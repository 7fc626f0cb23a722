package io.shardedjdbc.jdbc;

import org.postgresql.PGStatement;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A date/time in PostgreSQL's ISO text ({@code 2024-03-05 07:07:08.123456+01}, {@code 0044-03-15 BC},
 * {@code 12:34:56.5}, {@code infinity}) and the JDBC values the server driver derives from that text: a
 * timestamp without offset is a wall-clock time read in the calendar's zone; one with an offset is an instant.
 *
 * @param date       null for time of day only
 * @param nanoOfDay  0 for a date only; up to 24:00:00, which PostgreSQL allows for time
 * @param offset     null without a zone
 * @param infinity   1 for infinity, -1 for -infinity (the other fields are then meaningless), else 0
 */
record PgTemporal(LocalDate date, long nanoOfDay, ZoneOffset offset, int infinity) {
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    /** The parsed text, or an SQLException (22007) naming it. */
    static PgTemporal parse(String text) throws SQLException {
        PgTemporal t = tryParse(text.trim());
        if (t == null) {
            throw bad(text);
        }
        return t;
    }

    static SQLException bad(String text) {
        return new SQLException("Bad value for type timestamp/date/time: " + text, "22007");
    }

    private static PgTemporal tryParse(String s) {
        if (s.equals("infinity") || s.equals("+infinity")) {
            return new PgTemporal(null, 0, null, 1);
        }
        if (s.equals("-infinity")) {
            return new PgTemporal(null, 0, null, -1);
        }
        boolean bc = s.endsWith(" BC");
        if (bc) {
            s = s.substring(0, s.length() - 3);
        }
        Cursor c = new Cursor(s);
        try {
            LocalDate date = null;
            long nanos = 0;
            ZoneOffset offset = null;
            int first = c.digits(1, 9);
            if (c.peek() == '-') {
                c.pos++;
                int month = c.digits(1, 2);
                c.expect('-');
                int day = c.digits(1, 2);
                date = LocalDate.of(bc ? 1 - first : first, month, day);
                if (c.done()) {
                    return new PgTemporal(date, 0, null, 0);
                }
                if (c.peek() != ' ' && c.peek() != 'T') {
                    return null;
                }
                c.pos++;
                first = c.digits(1, 2);
            } else if (bc) {
                return null;
            }
            nanos = time(c, first);
            if (!c.done()) {
                offset = offset(c);
            }
            return c.done() ? new PgTemporal(date, nanos, offset, 0) : null;
        } catch (DateTimeException | IllegalArgumentException e) {
            return null;
        }
    }

    /** HH:MM[:SS[.fraction]] after its hours. */
    private static long time(Cursor c, int hours) {
        c.expect(':');
        int minutes = c.digits(2, 2);
        int seconds = 0;
        long fraction = 0;
        if (c.peek() == ':') {
            c.pos++;
            seconds = c.digits(2, 2);
            if (c.peek() == '.') {
                c.pos++;
                int start = c.pos;
                long digits = c.digits(1, 9);
                for (int n = c.pos - start; n < 9; n++) {
                    digits *= 10;
                }
                fraction = digits;
            }
        }
        long nanos = ((hours * 60L + minutes) * 60 + seconds) * 1_000_000_000L + fraction;
        if (minutes > 59 || seconds > 59 || nanos > NANOS_PER_DAY) {
            throw new IllegalArgumentException("time out of range");
        }
        return nanos;
    }

    /** +HH[:MM[:SS]] or Z. */
    private static ZoneOffset offset(Cursor c) {
        char sign = c.peek();
        c.pos++;
        if (sign == 'Z') {
            return ZoneOffset.UTC;
        }
        if (sign != '+' && sign != '-') {
            throw new IllegalArgumentException("no offset");
        }
        int hours = c.digits(2, 2);
        int minutes = 0;
        int seconds = 0;
        if (c.peek() == ':') {
            c.pos++;
            minutes = c.digits(2, 2);
            if (c.peek() == ':') {
                c.pos++;
                seconds = c.digits(2, 2);
            }
        }
        int total = (hours * 60 + minutes) * 60 + seconds;
        return ZoneOffset.ofTotalSeconds(sign == '-' ? -total : total);
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean done() {
            return pos >= s.length();
        }

        char peek() {
            return done() ? '\0' : s.charAt(pos);
        }

        void expect(char ch) {
            if (peek() != ch) {
                throw new IllegalArgumentException("expected " + ch);
            }
            pos++;
        }

        int digits(int min, int max) {
            int start = pos;
            int value = 0;
            while (!done() && pos - start < max && Character.isDigit(s.charAt(pos))) {
                value = value * 10 + (s.charAt(pos) - '0');
                pos++;
            }
            if (pos - start < min || (!done() && pos - start == max && Character.isDigit(s.charAt(pos)))) {
                throw new IllegalArgumentException("digits");
            }
            return value;
        }
    }

    private LocalDateTime localDateTime() {
        LocalDate day = date == null ? LocalDate.EPOCH : date;
        return day.atStartOfDay().plusNanos(nanoOfDay);
    }

    private Instant instant(ZoneId zone) {
        LocalDateTime ldt = localDateTime();
        return offset != null ? ldt.toInstant(offset) : ldt.atZone(zone).toInstant();
    }

    private static long infinityMillis(int infinity) {
        return infinity > 0 ? PGStatement.DATE_POSITIVE_INFINITY : PGStatement.DATE_NEGATIVE_INFINITY;
    }

    /** With an offset the instant it names, else the wall-clock time in {@code zone}. */
    Timestamp timestamp(ZoneId zone) {
        if (infinity != 0) {
            return new Timestamp(infinityMillis(infinity));
        }
        return Timestamp.from(instant(zone));
    }

    /** Midnight in {@code zone} of the day this falls on there. */
    Date sqlDate(ZoneId zone, String text) throws SQLException {
        if (infinity != 0) {
            return new Date(infinityMillis(infinity));
        }
        if (date == null) {
            throw bad(text);
        }
        LocalDate day = offset != null ? instant(zone).atZone(zone).toLocalDate() : date;
        return new Date(day.atStartOfDay(zone).toInstant().toEpochMilli());
    }

    /**
     * The time of day on 1970-01-01: an instant with an offset (a timestamptz's time of day is taken in the JVM's
     * zone, whatever the calendar, as the server driver does), else the wall-clock time in {@code zone}.
     */
    Time sqlTime(ZoneId zone) {
        if (infinity != 0) {
            return new Time(infinityMillis(infinity));
        }
        if (offset != null && date != null) {
            ZoneId local = ZoneId.systemDefault();
            LocalTime tod = localDateTime().toInstant(offset).atZone(local).toLocalTime();
            return new Time(LocalDate.EPOCH.atTime(tod).atZone(local).toInstant().toEpochMilli());
        }
        LocalDateTime ldt = LocalDate.EPOCH.atStartOfDay().plusNanos(nanoOfDay);
        Instant at = offset != null ? ldt.toInstant(offset) : ldt.atZone(zone).toInstant();
        return new Time(at.toEpochMilli());
    }

    LocalDate localDate() {
        return infinity > 0 ? LocalDate.MAX : infinity < 0 ? LocalDate.MIN : localDateTime().toLocalDate();
    }

    LocalDateTime localDateTimeValue() {
        return infinity > 0 ? LocalDateTime.MAX : infinity < 0 ? LocalDateTime.MIN : localDateTime();
    }

    /** 24:00:00 becomes the last instant of the day, as in the server driver. */
    LocalTime localTime() {
        return nanoOfDay >= NANOS_PER_DAY ? LocalTime.MAX : LocalTime.ofNanoOfDay(nanoOfDay);
    }

    /** An instant at UTC; a timestamp without zone read as UTC; a time with zone on 1970-01-01. */
    OffsetDateTime offsetDateTime() {
        if (infinity != 0) {
            return infinity > 0 ? OffsetDateTime.MAX : OffsetDateTime.MIN;
        }
        if (offset == null) {
            return localDateTime().atOffset(ZoneOffset.UTC);
        }
        if (date == null) {
            return OffsetDateTime.of(LocalDate.EPOCH, localTime(), offset);
        }
        return localDateTime().toInstant(offset).atOffset(ZoneOffset.UTC);
    }

    OffsetTime offsetTime() {
        return OffsetTime.of(localTime(), offset == null ? ZoneOffset.UTC : offset);
    }
}
