package io.shardedjdbc.jmh.peers;

import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetShard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ShardingSphere as the benchmarks set it up, against a real 4-shard fleet: rows written through it land on the
 * shard the driver's modulo placement names (read back from each shard directly), and key reads, writes and
 * cross-shard reads give the right answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardingSphereSetupTest {
    private static final int SHARDS = 4;
    private static final int KEYS = 100;
    private static final String INSERT = "INSERT INTO bench_users (user_id, name, hits) VALUES (?, ?, ?)";

    private Fleet fleet;
    private DataSource shardingSphere;

    @BeforeAll
    void start() throws SQLException {
        fleet = Fleet.start(SHARDS, 0);
        List<String> urls = new ArrayList<>();
        for (FleetShard shard : fleet.shards()) {
            try (Connection c = shard.primary().connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE bench_users (user_id bigint PRIMARY KEY, name text, hits bigint)");
                st.execute("CREATE TABLE bench_signed (id bigint PRIMARY KEY)");
            }
            urls.add(shard.primary().jdbcUrl());
        }
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("bench_users", "user_id");
        tables.put("bench_signed", "id");
        shardingSphere = ShardingSphereSetup.create(urls, fleet.user(), fleet.password(), tables, 2);
    }

    @AfterAll
    void stop() throws SQLException {
        try {
            ShardingSphereSetup.close(shardingSphere);
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    @Test
    @Order(1)
    void singleAndBatchInsertsLandOnFloorModShard() throws SQLException {
        try (Connection c = shardingSphere.getConnection()) {
            for (long k = 0; k < KEYS / 2; k++) {
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    bindUser(ps, k);
                    assertEquals(1, ps.executeUpdate(), "rows inserted for key " + k);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (long k = KEYS / 2; k < KEYS; k++) {
                    bindUser(ps, k);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(KEYS / 2, counts.length);
                for (int count : counts) {
                    assertEquals(1, count);
                }
            }
        }
        for (int s = 0; s < SHARDS; s++) {
            TreeSet<Long> expected = new TreeSet<>();
            for (long k = 0; k < KEYS; k++) {
                if (Math.floorMod(k, SHARDS) == s) {
                    expected.add(k);
                }
            }
            assertEquals(expected, keysOnShard(s, "SELECT user_id FROM bench_users"), "keys on shard " + s);
        }
    }

    @Test
    @Order(2)
    void pointSelectAndUpdateTouchOneRow() throws SQLException {
        try (Connection c = shardingSphere.getConnection()) {
            for (long k : new long[] {0, 1, 42, 99}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT name, hits FROM bench_users WHERE user_id = ?")) {
                    ps.setLong(1, k);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next(), "row " + k);
                        assertEquals("user-" + k, rs.getString(1));
                        assertEquals(0, rs.getLong(2));
                        assertFalse(rs.next(), "one row for key " + k);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE bench_users SET hits = hits + 1 WHERE user_id = ?")) {
                    ps.setLong(1, k);
                    assertEquals(1, ps.executeUpdate(), "rows updated for key " + k);
                }
            }
        }
        try (Connection direct = fleet.shard(Math.floorMod(42, SHARDS)).primary().connect();
             PreparedStatement ps = direct.prepareStatement("SELECT hits FROM bench_users WHERE user_id = 42");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1), "the update reached the key's shard");
        }
    }

    @Test
    @Order(3)
    void crossShardReadsMerge() throws SQLException {
        try (Connection c = shardingSphere.getConnection(); Statement st = c.createStatement()) {
            List<Long> first = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT user_id FROM bench_users ORDER BY user_id LIMIT 5")) {
                while (rs.next()) {
                    first.add(rs.getLong(1));
                }
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), first);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM bench_users")) {
                assertTrue(rs.next());
                assertEquals(KEYS, rs.getLong(1));
                assertFalse(rs.next());
            }
        }
    }

    @Test
    @Order(4)
    void negativeKeysFollowFloorModLikeTheDriversModulo() throws SQLException {
        long[] keys = {-1, -6, -8, Long.MIN_VALUE, Long.MAX_VALUE};
        try (Connection c = shardingSphere.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO bench_signed (id) VALUES (?)")) {
            for (long k : keys) {
                ps.setLong(1, k);
                assertEquals(1, ps.executeUpdate(), "rows inserted for key " + k);
            }
        }
        for (int s = 0; s < SHARDS; s++) {
            TreeSet<Long> expected = new TreeSet<>();
            for (long k : keys) {
                if (Math.floorMod(k, SHARDS) == s) {
                    expected.add(k);
                }
            }
            assertEquals(expected, keysOnShard(s, "SELECT id FROM bench_signed"), "keys on shard " + s);
        }
    }

    @Test
    void generatedConfigurationShardsByDatabaseOnly() throws SQLException {
        String yaml = ShardingSphereSetup.yaml(List.of("jdbc:postgresql://h:1/db", "jdbc:postgresql://h:2/db"),
                "u", "p\"w", Map.of("t", "k"), 3);
        assertTrue(yaml.contains("actualDataNodes: ds_${0..1}.t\n"), yaml);
        assertTrue(yaml.contains("algorithm-expression: \"ds_${(k % 2 + 2) % 2}\"\n"), yaml);
        assertTrue(yaml.contains("password: \"p\\\"w\"\n"), yaml);
        assertTrue(yaml.contains("maximumPoolSize: 3\n"), yaml);
        assertFalse(yaml.contains("tableStrategy"), yaml);
    }

    @Test
    void refusesArgumentsItCannotConfigure() {
        List<String> urls = List.of("jdbc:postgresql://h:1/db");
        SQLException badTable = assertThrows(SQLException.class,
                () -> ShardingSphereSetup.yaml(urls, "u", "p", Map.of("t; x", "k"), 1));
        assertEquals("22023", badTable.getSQLState());
        SQLException badUrl = assertThrows(SQLException.class,
                () -> ShardingSphereSetup.yaml(List.of("jdbc:mysql://h/db"), "u", "p", Map.of("t", "k"), 1));
        assertEquals("22023", badUrl.getSQLState());
    }

    private static void bindUser(PreparedStatement ps, long k) throws SQLException {
        ps.setLong(1, k);
        ps.setString(2, "user-" + k);
        ps.setLong(3, 0);
    }

    private TreeSet<Long> keysOnShard(int shard, String sql) throws SQLException {
        TreeSet<Long> keys = new TreeSet<>();
        try (Connection direct = fleet.shard(shard).primary().connect();
             Statement st = direct.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }
}
