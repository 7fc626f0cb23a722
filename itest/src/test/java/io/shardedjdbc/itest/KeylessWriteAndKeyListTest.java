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
 * transaction), key lists spanning shards (each shard is sent only the keys it owns, for reads and writes, whatever
 * scatter says), and what multi-shard writes return: counts, RETURNING rows and generated keys as one server's.
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

    /**
     * Cross-shard reads of one literal shape: the shape's merge analysis may differ from the text's (a position in
     * ORDER BY, a literal inside an aggregate), so each text is placed and merged by its own plan, never refused by
     * the shape's.
     */
    @Test
    void crossShardReadsOfOneLiteralShapeAreMergedByTheirOwnPlans() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            for (String literal : new String[] {"a", "b", "c"}) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT user_id, name FROM kw_users WHERE name <> '"
                        + literal + "' ORDER BY user_id, 2")) {
                    long expected = 1;
                    while (rs.next()) {
                        assertEquals(expected++, rs.getLong(1), "merged in key order");
                    }
                    assertEquals(USERS + 1, expected);
                }
                try (java.sql.ResultSet rs = st.executeQuery("SELECT sum(coalesce(user_id, 0)) FROM kw_users"
                        + " WHERE name <> '" + literal + "'")) {
                    rs.next();
                    assertEquals(USERS * (USERS + 1) / 2, rs.getLong(1));
                }
            }
        }
    }

    /**
     * Texts whose IN lists differ in length and values share one shape: a list on one shard runs there through the
     * shape's plan, a list over several shards is run (and cut per shard) by the text's own plan; both touch exactly
     * the listed rows.
     */
    @Test
    void inListTextsOfOneShapeTouchExactlyTheirKeys() throws SQLException {
        List<Long> sameShard = new ArrayList<>();
        int owner = fx.shardIndex(fx.dataSource.shardOf("user", 1L));
        for (long id = 1; id <= USERS && sameShard.size() < 3; id++) {
            if (fx.shardIndex(fx.dataSource.shardOf("user", id)) == owner) {
                sameShard.add(id);
            }
        }
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            String[] lists = {"1, 2, 3, 4, 5", join(sameShard), join(sameShard.subList(0, 2)), "6", "7, 30, 31"};
            for (String list : lists) {
                int n = list.split(",").length;
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM kw_users WHERE user_id IN ("
                        + list + ")")) {
                    rs.next();
                    assertEquals(n, rs.getLong(1), list);
                }
                assertEquals(n, st.executeUpdate("UPDATE kw_users SET name = 'in' WHERE user_id IN (" + list + ")"),
                        list);
                assertEquals(n, directCount("name = 'in'"), "exactly the listed rows changed: " + list);
                st.executeUpdate("UPDATE kw_users SET name = 'u' || user_id WHERE name = 'in'");
            }
        }
    }

    private static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
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
    void aKeylessWriteInsideATransactionJoinsItAndRollsBackWithIt() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            long rows = directCount("true");
            c.setAutoCommit(false);
            assertEquals(rows, st.executeUpdate("UPDATE kw_users SET name = 'tx'"));
            c.rollback();
        }
        assertEquals(0, directCount("name = 'tx'"));
        try (Connection c = java.sql.DriverManager.getConnection(fx.url + "?multiShardTransactions=refuse",
                fx.credentials()); Statement st = c.createStatement()) {
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

    /** Keys on at least two shards, the first two on different ones. */
    private long[] keysOnTwoShards() throws SQLException {
        long a = 1;
        long b = 2;
        while (fx.dataSource.shardOf("user", b).equals(fx.dataSource.shardOf("user", a))) {
            b++;
        }
        return new long[]{a, b, 3, 4};
    }

    @Test
    void keyListWritesRunOnTheOwnersWithOnlyTheirKeysAndReturnEveryShardsRows() throws SQLException {
        long[] keys = keysOnTwoShards();
        try (Connection c = fx.connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE kw_users SET name = 'listed' WHERE user_id IN (?, ?, ?, ?) RETURNING user_id")) {
                for (int i = 0; i < keys.length; i++) {
                    ps.setLong(i + 1, keys[i]);
                }
                List<Long> returned = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        returned.add(rs.getLong(1));
                    }
                }
                returned.sort(null);
                List<Long> expected = new ArrayList<>(List.of(keys[0], keys[1], keys[2], keys[3]));
                expected.sort(null);
                assertEquals(expected, returned, "the RETURNING rows of every shard");
            }
            assertEquals(4, directCount("name = 'listed'"));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kw_users WHERE user_id = ANY(?)")) {
                ps.setObject(1, new Long[]{keys[0], keys[1]});
                assertEquals(2, ps.executeUpdate(), "counts add up over the shards");
            }
            try (Statement st = c.createStatement()) {
                assertEquals(2, st.executeUpdate("DELETE FROM kw_users WHERE user_id IN (" + keys[2] + ", "
                        + keys[3] + ", 12345)"));
            }
            long x = 20;
            long y = 21;
            while (fx.dataSource.shardOf("user", y).equals(fx.dataSource.shardOf("user", x))) {
                y++;
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE kw_users SET name = 'tx' WHERE user_id IN (?, ?)")) {
                ps.setLong(1, x);
                ps.setLong(2, y);
                assertEquals(2, ps.executeUpdate(), "a key list over two shards joins the transaction");
            } finally {
                c.rollback();
            }
        }
        assertEquals(USERS - 4, directCount("true"));
        assertEquals(0, directCount("name = 'tx'"));
    }

    /** A key-list write is placed by its keys: the table's scatter: deny does not stop it. */
    @Test
    void keyListWritesDoNotNeedScatter() throws SQLException {
        try (FleetDriverSupport denying = new FleetDriverSupport("kd_", "scatter: deny\nconsistency: strong\n");
             Connection c = denying.connect(); Statement st = c.createStatement()) {
            for (long id = 1; id <= 8; id++) {
                st.executeUpdate("INSERT INTO kd_users (user_id, name) VALUES (" + id + ", 'u')");
            }
            assertEquals(8, st.executeUpdate("UPDATE kd_users SET name = 'v' WHERE user_id IN (1, 2, 3, 4, 5, 6, 7, 8)"));
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE kd_users SET name = 'w'"));
            assertEquals("SJ002", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void keylessAndBroadcastWritesReturnRowsAsOneServerDoes() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM kw_countries");
            st.executeUpdate("INSERT INTO kw_countries (code, name) VALUES ('fr', 'France'), ('de', 'Germany')");
            try (ResultSet rs = st.executeQuery("UPDATE kw_countries SET name = upper(name) RETURNING code")) {
                List<String> codes = new ArrayList<>();
                while (rs.next()) {
                    codes.add(rs.getString(1));
                }
                codes.sort(null);
                assertEquals(List.of("de", "fr"), codes, "one copy's rows");
            }
            try (ResultSet rs = st.executeQuery("DELETE FROM kw_users WHERE user_id > 30 RETURNING user_id")) {
                int n = 0;
                while (rs.next()) {
                    assertTrue(rs.getLong(1) > 30);
                    n++;
                }
                assertEquals(10, n, "every shard's deleted rows");
            }
            assertEquals(30, directCount("true"));
        }
    }

    @Test
    void aSplitInsertReturnsItsKeysInRowOrderWhenOnConflictSkipsRows() throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO kw_users (user_id, name) VALUES ");
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 16; id++) {
            ids.add(id % 2 == 0 ? id : 1000 + id);
        }
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(").append(ids.get(i)).append(", 'n')");
        }
        sql.append(" ON CONFLICT (user_id) DO NOTHING");
        try (Connection c = fx.connect();
             PreparedStatement ps = c.prepareStatement(sql.toString(), Statement.RETURN_GENERATED_KEYS)) {
            // the even ids exist already: only the odd rows (1001, 1003...) are inserted
            assertEquals(8, ps.executeUpdate());
            List<Long> keys = new ArrayList<>();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getLong("user_id"));
                }
            }
            assertEquals(ids.stream().filter(id -> id > 1000).toList(), keys, "the inserted rows, in row order");
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
