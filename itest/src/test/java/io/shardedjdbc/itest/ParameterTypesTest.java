package io.shardedjdbc.itest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values bound with every kind of setter reach the shard's server exactly as pgjdbc would send them directly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParameterTypesTest {
    private FleetDriverSupport fx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("pt_", "");
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE pt_posts ADD COLUMN n numeric, ADD COLUMN d date, ADD COLUMN ts timestamptz,"
                    + " ADD COLUMN b bytea, ADD COLUMN t text, ADD COLUMN tags text[], ADD COLUMN u uuid,"
                    + " ADD COLUMN flag boolean, ADD COLUMN missing integer");
        }
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    @Test
    void everySetterFamilyRoundTripsThroughTheDriver() throws SQLException {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        UUID uuid = UUID.randomUUID();
        long user = 31;
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pt_posts (user_id, n, d, ts, b, t, tags, u, flag, missing, post_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")) {
            ps.setObject(1, user, Types.BIGINT);
            ps.setBigDecimal(2, new BigDecimal("12345.678"));
            ps.setDate(3, Date.valueOf("2026-11-21"), utc);
            ps.setTimestamp(4, Timestamp.valueOf("2026-11-21 10:11:12"), utc);
            ps.setBinaryStream(5, new ByteArrayInputStream(new byte[]{1, 2, 3}), 3);
            ps.setCharacterStream(6, new StringReader("streamed text"));
            ps.setArray(7, c.createArrayOf("text", new Object[]{"a", "b"}));
            ps.setObject(8, uuid);
            ps.setObject(9, "true", Types.BOOLEAN);
            ps.setNull(10, Types.INTEGER);
            assertEquals(1, ps.executeUpdate());
        }
        int shard = fx.shardIndex(fx.dataSource.shardOf("user", user));
        try (Connection direct = fx.primary(shard).connect(); Statement st = direct.createStatement();
             ResultSet rs = st.executeQuery("SELECT n, d, ts, b, t, tags, u, flag, missing FROM pt_posts"
                     + " WHERE user_id = " + user)) {
            assertTrue(rs.next(), "the row is on the key's shard");
            assertEquals(new BigDecimal("12345.678"), rs.getBigDecimal(1));
            assertEquals(LocalDate.of(2026, 11, 21), rs.getObject(2, LocalDate.class));
            assertEquals(OffsetDateTime.of(2026, 11, 21, 10, 11, 12, 0, ZoneOffset.UTC).toInstant(),
                    rs.getObject(3, OffsetDateTime.class).toInstant());
            assertArrayEquals(new byte[]{1, 2, 3}, rs.getBytes(4));
            assertEquals("streamed text", rs.getString(5));
            assertArrayEquals(new String[]{"a", "b"}, (String[]) rs.getArray(6).getArray());
            assertEquals(uuid, rs.getObject(7, UUID.class));
            assertTrue(rs.getBoolean(8));
            assertNull(rs.getObject(9));
        }
    }

    @Test
    void asciiStreamsAndStringKeysWork() throws SQLException {
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pt_posts (user_id, t, post_id) VALUES (?::bigint, ?, 2)")) {
            ps.setString(1, "32"); // a bigint keyspace takes its key as text too: same shard as 32L
            ps.setAsciiStream(2, new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII)), 5);
            assertEquals(1, ps.executeUpdate());
        }
        int shard = fx.shardIndex(fx.dataSource.shardOf("user", 32L));
        assertEquals(1, fx.count(shard, "SELECT count(*) FROM pt_posts WHERE user_id = 32 AND t = 'ascii'"));
    }
}
