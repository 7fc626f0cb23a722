package io.shardedjdbc.jdbc;

import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.TimeZone;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Parsing PostgreSQL's ISO date/time text and deriving JDBC values as the server driver does. */
class PgTemporalTest {
    private static final TimeZone TOKYO = TimeZone.getTimeZone("Asia/Tokyo");
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    @Test
    void timestampWithOffsetIsAnInstantWhateverTheCalendar() throws SQLException {
        PgTemporal t = PgTemporal.parse("2024-03-05 07:07:08.123456+01");
        Instant expected = Instant.parse("2024-03-05T06:07:08.123456Z");
        assertEquals(expected, t.timestamp(TOKYO).toInstant());
        assertEquals(123456000, t.timestamp(UTC).getNanos());
        assertEquals(OffsetDateTime.parse("2024-03-05T06:07:08.123456Z"), t.offsetDateTime());
        assertEquals(Instant.parse("1970-01-01T06:07:08.123Z").toEpochMilli(), t.sqlTime(TOKYO).getTime());
        // the day it falls on in the calendar's zone, at midnight there
        assertEquals(LocalDate.of(2024, 3, 5).atStartOfDay(TOKYO.toZoneId()).toInstant().toEpochMilli(),
                t.sqlDate(TOKYO, "x").getTime());
        assertEquals(Instant.parse("2024-03-05T06:07:08Z"), PgTemporal.parse("2024-03-05 11:37:08+05:30")
                .timestamp(UTC).toInstant());
        assertEquals(Instant.parse("2024-03-05T09:07:08Z"), PgTemporal.parse("2024-03-05 06:07:08-03")
                .timestamp(UTC).toInstant());
    }

    @Test
    void timestampWithoutOffsetIsAWallClockTimeInTheCalendarsZone() throws SQLException {
        PgTemporal t = PgTemporal.parse("2024-03-05 06:07:08");
        assertEquals(Instant.parse("2024-03-05T06:07:08Z"), t.timestamp(UTC).toInstant());
        assertEquals(Instant.parse("2024-03-04T21:07:08Z"), t.timestamp(TOKYO).toInstant());
        assertEquals(LocalDateTime.of(2024, 3, 5, 6, 7, 8), t.localDateTimeValue());
        assertEquals(LocalDate.of(2024, 3, 5), t.localDate());
        assertEquals(OffsetDateTime.parse("2024-03-05T06:07:08Z"), t.offsetDateTime());
        assertEquals(Instant.parse("1970-01-01T06:07:08Z").toEpochMilli(), t.sqlTime(UTC).getTime());
    }

    @Test
    void datesAndTimes() throws SQLException {
        PgTemporal d = PgTemporal.parse("2024-03-05");
        assertEquals(Instant.parse("2024-03-05T00:00:00Z"), d.timestamp(UTC).toInstant());
        assertEquals(0, d.sqlTime(UTC).getTime());
        PgTemporal bc = PgTemporal.parse("0044-03-15 BC");
        assertEquals(LocalDate.of(-43, 3, 15), bc.localDate());
        // java.sql values keep the fields in java.util's Julian calendar, as the server driver's do
        assertEquals("0044-03-15", bc.sqlDate(TimeZone.getDefault(), "").toString());
        assertEquals(-63517996800000L, bc.sqlDate(UTC, "").getTime());

        PgTemporal time = PgTemporal.parse("12:34:56.5");
        assertEquals(LocalTime.of(12, 34, 56, 500_000_000), time.localTime());
        assertEquals(45296500, time.sqlTime(UTC).getTime());
        assertThrows(SQLException.class, () -> time.sqlDate(UTC, "12:34:56.5"));
        assertEquals(LocalTime.MAX, PgTemporal.parse("24:00:00").localTime());

        PgTemporal timetz = PgTemporal.parse("12:34:56+02");
        assertEquals(OffsetTime.of(12, 34, 56, 0, ZoneOffset.ofHours(2)), timetz.offsetTime());
        assertEquals(Instant.parse("1970-01-01T10:34:56Z").toEpochMilli(), timetz.sqlTime(TOKYO).getTime());
    }

    @Test
    void infinitiesAreTheServerDriversMarkers() throws SQLException {
        assertEquals(PGStatement.DATE_POSITIVE_INFINITY, PgTemporal.parse("infinity").timestamp(UTC).getTime());
        assertEquals(PGStatement.DATE_NEGATIVE_INFINITY, PgTemporal.parse("-infinity").sqlDate(UTC, "").getTime());
        assertEquals(LocalDateTime.MAX, PgTemporal.parse("infinity").localDateTimeValue());
        assertEquals(LocalDate.MIN, PgTemporal.parse("-infinity").localDate());
        assertEquals(OffsetDateTime.MAX, PgTemporal.parse("infinity").offsetDateTime());
    }

    @Test
    void anythingElseIsBadDateTimeText() {
        for (String bad : new String[] {"", "hi", "12", "1234.500", "{1,2,3}", "2024-13-01", "2024-03-05x",
                "25:00:00", "1 day 02:03:04", "12:34 BC"}) {
            SQLException e = assertThrows(SQLException.class, () -> PgTemporal.parse(bad), bad);
            assertEquals("22007", e.getSQLState(), bad);
        }
    }
}
