package io.shardedjdbc.itest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key-less writes under {@code scatter: allow} (every shard, summed counts, all or nothing, refused inside a
 * transaction) and key lists spanning shards (each shard is sent only the keys it owns).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeylessWriteAndKeyListTest {
    private static final int USERS = 40;
    private FleetDriverSupport fx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("kw_", "scatter: allow\nconsistency: strong\n");
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    @BeforeEach
    void freshRows() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM kw_users");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kw_users (user_id, name) VALUES (?, ?)")) {
                for (long id = 1; id <= USERS; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, "u" + id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        assertTrue(fx.shardsWithRows("SELECT count(*) FROM kw_users").size() > 1, "the rows must span shards");
    }

    private long directCount(String where) throws SQLException {
        long total = 0;
        for (int s = 0; s < fx.shardCount(); s++) {
            total += fx.count(s, "SELECT count(*) FROM kw_users WHERE " + where);
        }
        return total;
    }

    @Test
    void keylessUpdateAndDeleteRunOnEveryShardAndReturnTheSummedCount() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            assertEquals(USERS, st.executeUpdate("UPDATE kw_users SET name = 'x' || name WHERE name LIKE 'u%'"));
            assertEquals(USERS, directCount("name LIKE 'xu%'"));
            assertEquals(10, st.executeUpdate("DELETE FROM kw_users WHERE user_id > 30"));
            assertEquals(30, directCount("true"));
        }
    }

    @Test
    void aKeylessWriteFailingOnOneShardChangesNoShard() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            // name is NOT NULL: only the shard holding user 7 fails.
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate(
                    "UPDATE kw_users SET name = CASE WHEN user_id = 7 THEN NULL ELSE 'changed' END"));
            assertEquals("23502", e.getSQLState(), e.getMessage());
        }
        assertEquals(0, directCount("name = 'changed'"), "the other shards must have rolled back");
    }

    @Test
    void aKeylessWriteInsideATransactionIsRefusedAndChangesNothing() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            SQLException e = assertThrows(SQLException.class,
                    () -> st.executeUpdate("UPDATE kw_users SET name = 'tx'"));
            assertEquals("SJ006", e.getSQLState(), e.getMessage());
            c.rollback();
        }
        assertEquals(0, directCount("name = 'tx'"));
    }

    /**
     * A row stored on a shard that does not own its key shows what that shard was sent: it is found only when the
     * shard receives that key, which it must not, since another shard owns it.
     */
    @Test
    void eachShardIsSentOnlyTheListedKeysItOwns() throws SQLException {
        long stray = 1;
        int owner = fx.shardIndex(fx.dataSource.shardOf("user", stray));
        long local = 2;
        int other = fx.shardIndex(fx.dataSource.shardOf("user", local));
        while (other == owner) {
            local++;
            other = fx.shardIndex(fx.dataSource.shardOf("user", local));
        }
        try (Connection direct = fx.primary(other).connect(); Statement st = direct.createStatement()) {
            st.executeUpdate("INSERT INTO kw_users (user_id, name) VALUES (" + stray + ", 'misplaced')");
        }
        try (Connection c = fx.connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_id, name FROM kw_users WHERE user_id IN (?, ?, ?) AND name <> ? ORDER BY user_id")) {
                ps.setLong(1, stray);
                ps.setLong(2, local);
                ps.setLong(3, 12345);
                ps.setString(4, "nobody");
                assertEquals(List.of(stray + ":u" + stray, local + ":u" + local), rows(ps));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_id, name FROM kw_users WHERE user_id = ANY(?) ORDER BY user_id")) {
                ps.setObject(1, new Long[]{stray, local});
                assertEquals(List.of(stray + ":u" + stray, local + ":u" + local), rows(ps));
                Array array = c.createArrayOf("bigint", new Object[]{local, stray});
                ps.setArray(1, array);
                assertEquals(List.of(stray + ":u" + stray, local + ":u" + local), rows(ps));
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM kw_users WHERE user_id IN (" + stray + ", " + local + ", 12345)")) {
                rs.next();
                assertEquals(2, rs.getLong(1), "literal lists are cut per shard too");
            }
        } finally {
            try (Connection direct = fx.primary(other).connect(); Statement st = direct.createStatement()) {
                st.executeUpdate("DELETE FROM kw_users WHERE name = 'misplaced'");
            }
        }
    }

    private static List<String> rows(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }
}
