package io.shardedjdbc.itest;

import io.shardedjdbc.ShardedConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-shard routing on the real fleet: rows land where placement says, and reads find them there. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingTest {
    private static final int USERS = 200;
    private FleetDriverSupport fx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("rt_", "");
        try (Connection c = fx.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO rt_users (user_id, name) VALUES (?, ?)")) {
            for (long id = 1; id <= USERS; id++) {
                ps.setLong(1, id);
                ps.setString(2, "user" + id);
                assertEquals(1, ps.executeUpdate());
            }
        }
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    @Test
    void everyRowLivesOnlyOnTheShardPlacementNames() throws SQLException {
        long total = 0;
        for (int s = 0; s < fx.shardCount(); s++) {
            total += fx.count(s, "SELECT count(*) FROM rt_users WHERE user_id <= " + USERS);
        }
        assertEquals(USERS, total);
        for (long id = 1; id <= USERS; id += 7) {
            int expected = fx.shardIndex(fx.dataSource.shardOf("user", id));
            assertEquals(List.of(expected), fx.shardsWithRows("SELECT count(*) FROM rt_users WHERE user_id = " + id),
                    "user " + id);
        }
        for (int s = 0; s < fx.shardCount(); s++) {
            assertTrue(fx.count(s, "SELECT count(*) FROM rt_users") > USERS / 10, "shard " + s + " got too few rows");
        }
    }

    @Test
    void pointReadsFindTheirRowWhateverSetterBindsTheKey() throws SQLException {
        try (Connection c = fx.connect();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM rt_users WHERE user_id = ?")) {
            for (long id = 1; id <= USERS; id++) {
                switch ((int) (id % 5)) {
                    case 0 -> ps.setLong(1, id);
                    case 1 -> ps.setInt(1, (int) id);
                    case 2 -> ps.setBigDecimal(1, BigDecimal.valueOf(id));
                    case 3 -> ps.setObject(1, id);
                    default -> ps.setObject(1, id, java.sql.Types.BIGINT);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "user " + id + " not found");
                    String name = rs.getString(1);
                    assertTrue(name.equals("user" + id) || name.equals("renamed" + id), name);
                    assertFalse(rs.next());
                }
            }
        }
    }

    @Test
    void plainStatementsRouteByLiteralKeys() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT name FROM rt_users WHERE user_id = 42")) {
                assertTrue(rs.next());
                assertEquals("user42", rs.getString(1));
            }
            assertEquals(1, st.executeUpdate("UPDATE rt_users SET name = 'renamed42' WHERE user_id = 42"));
            try (ResultSet rs = st.executeQuery("SELECT name FROM \"rt_users\" WHERE 42 = RT_USERS.USER_ID")) {
                assertTrue(rs.next(), "quoted and upper-case spellings name the same table");
            }
        }
        try (Connection c = fx.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM public.rt_users u WHERE 42 = u.user_id")) {
            assertTrue(rs.next());
            assertEquals("renamed42", rs.getString(1));
        }
    }

    @Test
    void joinsOfOneKeyspaceOnTheKeyRunOnTheKeysShard() throws SQLException {
        try (Connection c = fx.connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rt_posts (post_id, user_id, body) VALUES (?, ?, ?), (?, ?, ?)")) {
                ps.setLong(1, 1001);
                ps.setLong(2, 7);
                ps.setString(3, "first");
                ps.setLong(4, 1002);
                ps.setLong(5, 7);
                ps.setString(6, "second");
                assertEquals(2, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT u.name, p.body FROM rt_users u JOIN rt_posts p"
                    + " ON p.user_id = u.user_id WHERE u.user_id = ? ORDER BY p.post_id")) {
                ps.setLong(1, 7);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("first", rs.getString(2));
                    assertTrue(rs.next());
                    assertEquals("second", rs.getString(2));
                }
            }
        }
        int expected = fx.shardIndex(fx.dataSource.shardOf("user", 7L));
        assertEquals(List.of(expected), fx.shardsWithRows("SELECT count(*) FROM rt_posts WHERE user_id = 7"));
    }

    @Test
    void upsertWithReturningRunsOnTheKeysShard() throws SQLException {
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rt_users (user_id, name) VALUES (?, ?) ON CONFLICT (user_id)"
                        + " DO UPDATE SET name = EXCLUDED.name RETURNING user_id, name")) {
            ps.setLong(1, USERS + 5);
            ps.setString(2, "upserted5");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(USERS + 5, rs.getLong(1));
                assertEquals("upserted5", rs.getString(2));
            }
        }
        int shard = fx.shardIndex(fx.dataSource.shardOf("user", USERS + 5L));
        assertEquals(1, fx.count(shard, "SELECT count(*) FROM rt_users WHERE user_id = " + (USERS + 5)
                + " AND name = 'upserted5'"));
    }

    @Test
    void inListsAndAnyArraysOnOneShardRunThereAndSpanningOnesAskOnlyTheirShards() throws SQLException {
        long a = 1;
        long b = 2;
        while (!fx.dataSource.shardOf("user", a).equals(fx.dataSource.shardOf("user", b))) {
            b++;
        }
        long other = 2;
        while (fx.dataSource.shardOf("user", a).equals(fx.dataSource.shardOf("user", other))) {
            other++;
        }
        try (Connection c = fx.connect()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rt_users WHERE user_id IN (?, ?)")) {
                ps.setLong(1, a);
                ps.setLong(2, b);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(2, rs.getLong(1));
                }
                ps.setLong(2, other);
                // Now the list spans two shards: both are asked and their counts added.
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(2, rs.getLong(1));
                }
                assertEquals(java.util.List.of(fx.dataSource.shardOf("user", a), fx.dataSource.shardOf("user", other))
                        .stream().distinct().sorted().toList(), c.unwrap(io.shardedjdbc.ShardedConnection.class)
                        .targetShards("SELECT count(*) FROM rt_users WHERE user_id IN (?, ?)", a, other));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rt_users WHERE user_id = ANY(?)")) {
                Array array = c.createArrayOf("bigint", new Object[]{a, b});
                ps.setArray(1, array);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(2, rs.getLong(1));
                }
            }
        }
    }

    @Test
    void ddlReachedEveryShard() throws SQLException {
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(6, fx.count(s, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'rt\\_%'"),
                    "shard " + s);
        }
    }

    @Test
    void broadcastWritesReachEveryShardAndReadsAnyOne() throws SQLException {
        try (Connection c = fx.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO rt_countries (code, name) VALUES (?, ?)")) {
            ps.setString(1, "FR");
            ps.setString(2, "France");
            assertEquals(1, ps.executeUpdate(), "one logical row, even though every shard holds a copy");
        }
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(1, fx.count(s, "SELECT count(*) FROM rt_countries WHERE code = 'FR'"), "shard " + s);
        }
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            for (int i = 0; i < fx.shardCount() * 2; i++) {
                try (ResultSet rs = st.executeQuery("SELECT name FROM rt_countries WHERE code = 'FR'")) {
                    assertTrue(rs.next());
                    assertEquals("France", rs.getString(1));
                }
            }
            // a broadcast table joined with a sharded one runs on the key's shard
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM rt_users u JOIN rt_countries k"
                    + " ON k.code = u.country_code WHERE u.user_id = 3")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void explainTellsWhereAStatementWouldRun() throws SQLException {
        try (Connection c = fx.connect()) {
            ShardedConnection sc = c.unwrap(ShardedConnection.class);
            String shard = fx.dataSource.shardOf("user", 99L);
            assertEquals("KEY -> " + shard, sc.explain("SELECT * FROM rt_users WHERE user_id = ?", 99L));
            assertEquals(fx.shardCount(), sc.targetShards("DELETE FROM rt_countries WHERE code = 'XX'").size());
        }
    }
}
