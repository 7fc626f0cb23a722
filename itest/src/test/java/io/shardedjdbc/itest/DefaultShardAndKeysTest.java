package io.shardedjdbc.itest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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

/** Unlisted tables live on the defaultShard; single-shard inserts return generated keys. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultShardAndKeysTest {
    private FleetDriverSupport fx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("ds_", "defaultShard: s2\n");
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    @Test
    void unlistedTablesAndTheirDdlLiveOnTheDefaultShard() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS ds_audit");
            st.execute("CREATE TABLE ds_audit (id bigserial PRIMARY KEY, what text)");
            assertEquals(1, st.executeUpdate("INSERT INTO ds_audit (what) VALUES ('login')"));
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ds_audit")) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
            // statements that name no table go to the default shard too
            try (ResultSet rs = st.executeQuery("SELECT current_setting('port')")) {
                rs.next();
                assertEquals(fx.primary(fx.shardIndex("s2")).port(), Integer.parseInt(rs.getString(1)));
            }
        }
        assertEquals(List.of(fx.shardIndex("s2")), fx.shardsWithRows(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ds_audit'"));
    }

    @Test
    void joiningAnUnlistedTableWithAKeyOnAnotherShardIsRefused() throws SQLException {
        long key = 1;
        while (fx.dataSource.shardOf("user", key).equals("s2")) {
            key++;
        }
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS ds_notes (user_id bigint, note text)");
            long k = key;
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(
                    "SELECT * FROM ds_users u JOIN ds_notes n ON n.user_id = u.user_id WHERE u.user_id = " + k));
            assertEquals("SJ003", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void singleShardInsertsReturnGeneratedKeysByFlagAndByColumnName() throws SQLException {
        try (Connection c = fx.connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ds_comments (post_id, user_id, body) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, 77);
                ps.setLong(2, 1);
                ps.setString(3, "hello");
                assertEquals(1, ps.executeUpdate());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertTrue(keys.getLong("comment_id") > 0);
                    assertEquals(77, keys.getLong("post_id"));
                    assertFalse(keys.next());
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ds_comments (post_id, user_id, body) VALUES (?, ?, ?)", new String[]{"comment_id"})) {
                ps.setLong(1, 77);
                ps.setLong(2, 1);
                ps.setString(3, "again");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(1, keys.getMetaData().getColumnCount());
                }
            }
        }
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("INSERT INTO ds_comments (post_id, user_id, body) VALUES (77, 1, 'plain')",
                    Statement.RETURN_GENERATED_KEYS));
            try (ResultSet keys = st.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertTrue(keys.getLong("comment_id") > 0);
            }
        }
        int shard = fx.shardIndex(fx.dataSource.shardOf("post", 77L));
        assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM ds_comments WHERE post_id = 77"));
        assertEquals(3, fx.count(shard, "SELECT count(*) FROM ds_comments WHERE post_id = 77"));
    }
}
