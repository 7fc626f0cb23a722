package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;
import org.postgresql.PGStatement;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;

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
        return SqlState.INVALID_DATETIME_FORMAT.exception("Bad value for type timestamp/date/time: " + text);
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

    private static long infinityMillis(int infinity) {
        return infinity > 0 ? PGStatement.DATE_POSITIVE_INFINITY : PGStatement.DATE_NEGATIVE_INFINITY;
    }

    /**
     * The millisecond at which {@code day} and the whole seconds of {@code nanos} fall in {@code zone}, counted with
     * java.util's calendar (Julian before 1582), as the server driver builds java.sql values: a BC date keeps its
     * fields, and zones have their standard offset before their first transition.
     */
    private static long calendarMillis(LocalDate day, long nanos, TimeZone zone) {
        GregorianCalendar c = new GregorianCalendar(zone);
        c.clear();
        int year = day.getYear();
        c.set(Calendar.ERA, year <= 0 ? GregorianCalendar.BC : GregorianCalendar.AD);
        c.set(Calendar.YEAR, year <= 0 ? 1 - year : year);
        c.set(Calendar.MONTH, day.getMonthValue() - 1);
        c.set(Calendar.DAY_OF_MONTH, day.getDayOfMonth());
        long seconds = nanos / 1_000_000_000L;
        c.set(Calendar.HOUR_OF_DAY, (int) (seconds / 3600));
        c.set(Calendar.MINUTE, (int) (seconds / 60 % 60));
        c.set(Calendar.SECOND, (int) (seconds % 60));
        return c.getTimeInMillis();
    }

    /** Midnight in {@code zone} of the day the millisecond {@code millis} falls on there. */
    private static long startOfDay(long millis, TimeZone zone) {
        GregorianCalendar c = new GregorianCalendar(zone);
        c.setTimeInMillis(millis);
        c.set(Calendar.HOUR_OF_DAY, 0);
        c.set(Calendar.MINUTE, 0);
        c.set(Calendar.SECOND, 0);
        c.set(Calendar.MILLISECOND, 0);
        return c.getTimeInMillis();
    }

    private TimeZone zoneOr(TimeZone zone) {
        return offset != null ? TimeZone.getTimeZone(offset) : zone;
    }

    /** With an offset the instant it names, else the wall-clock time in {@code zone}. */
    Timestamp timestamp(TimeZone zone) {
        if (infinity != 0) {
            return new Timestamp(infinityMillis(infinity));
        }
        Timestamp t = new Timestamp(calendarMillis(date == null ? LocalDate.EPOCH : date, nanoOfDay, zoneOr(zone)));
        t.setNanos((int) (nanoOfDay % 1_000_000_000L));
        return t;
    }

    /** Midnight in {@code zone} of the day this falls on there. */
    Date sqlDate(TimeZone zone, String text) throws SQLException {
        if (infinity != 0) {
            return new Date(infinityMillis(infinity));
        }
        if (date == null) {
            throw bad(text);
        }
        if (offset != null) {
            return new Date(startOfDay(calendarMillis(date, nanoOfDay, zoneOr(zone)), zone));
        }
        return new Date(calendarMillis(date, 0, zone));
    }

    /**
     * The time of day on 1970-01-01, in the value's own offset when it has one (the calendar is then ignored, as the
     * server driver does), else in {@code zone}.
     */
    Time sqlTime(TimeZone zone) {
        if (infinity != 0) {
            return new Time(infinityMillis(infinity));
        }
        long fractionMillis = nanoOfDay % 1_000_000_000L / 1_000_000;
        return new Time(calendarMillis(LocalDate.EPOCH, nanoOfDay, zoneOr(zone)) + fractionMillis);
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
