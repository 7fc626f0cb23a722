package io.shardedjdbc.jmh.peers;

import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetShard;
import io.shardedjdbc.jmh.peers.ShardingSphereSetup.Routing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
 * ShardingSphere as the benchmarks set it up, against a real 4-shard fleet, once per routing (each over tables of
 * its own): rows written through it land on the shard the driver's modulo placement names (read back from each
 * shard directly), and key reads, writes and cross-shard reads give the right answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardingSphereSetupTest {
    private static final int SHARDS = 4;
    private static final int KEYS = 100;
    private static final long[] SIGNED_KEYS = {-1, -6, -8, Long.MIN_VALUE, Long.MAX_VALUE};

    private Fleet fleet;
    private DataSource inline;
    private DataSource classBased;

    @BeforeAll
    void start() throws SQLException {
        fleet = Fleet.start(SHARDS, 0);
        try {
            List<String> urls = new ArrayList<>();
            for (FleetShard shard : fleet.shards()) {
                try (Connection c = shard.primary().connect(); Statement st = c.createStatement()) {
                    for (String prefix : new String[] {"bench", "cb"}) {
                        st.execute("CREATE TABLE " + prefix + "_users (user_id bigint PRIMARY KEY, name text, hits bigint)");
                        st.execute("CREATE TABLE " + prefix + "_signed (id bigint PRIMARY KEY)");
                    }
                }
                urls.add(shard.primary().jdbcUrl());
            }
            inline = ShardingSphereSetup.create(urls, fleet.user(), fleet.password(), tables("bench"), 2);
            classBased = ShardingSphereSetup.create(urls, fleet.user(), fleet.password(), tables("cb"), 2,
                    Routing.CLASS_BASED);
        } catch (SQLException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() throws SQLException {
        try {
            ShardingSphereSetup.close(inline);
            ShardingSphereSetup.close(classBased);
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static Map<String, String> tables(String prefix) {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put(prefix + "_users", "user_id");
        tables.put(prefix + "_signed", "id");
        return tables;
    }

    @Test
    void inlineRoutingPlacesReadsAndWritesLikeTheDriver() throws SQLException {
        checkPlacementAndAnswers(inline, "bench");
    }

    @Test
    void classBasedRoutingPlacesReadsAndWritesLikeTheDriver() throws SQLException {
        checkPlacementAndAnswers(classBased, "cb");
    }

    private void checkPlacementAndAnswers(DataSource ss, String prefix) throws SQLException {
        String users = prefix + "_users";
        insertSinglyAndInBatch(ss, users);
        for (int s = 0; s < SHARDS; s++) {
            TreeSet<Long> expected = new TreeSet<>();
            for (long k = 0; k < KEYS; k++) {
                if (Math.floorMod(k, SHARDS) == s) {
                    expected.add(k);
                }
            }
            assertEquals(expected, keysOnShard(s, "SELECT user_id FROM " + users), users + " keys on shard " + s);
        }
        pointSelectAndUpdate(ss, users);
        crossShardReads(ss, users);
        negativeAndExtremeKeys(ss, prefix + "_signed");
    }

    private static void insertSinglyAndInBatch(DataSource ss, String users) throws SQLException {
        String insert = "INSERT INTO " + users + " (user_id, name, hits) VALUES (?, ?, ?)";
        try (Connection c = ss.getConnection()) {
            for (long k = 0; k < KEYS / 2; k++) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    bindUser(ps, k);
                    assertEquals(1, ps.executeUpdate(), "rows inserted for key " + k);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
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
    }

    private void pointSelectAndUpdate(DataSource ss, String users) throws SQLException {
        try (Connection c = ss.getConnection()) {
            for (long k : new long[] {0, 1, 42, 99}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT name, hits FROM " + users + " WHERE user_id = ?")) {
                    ps.setLong(1, k);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next(), "row " + k);
                        assertEquals("user-" + k, rs.getString(1));
                        assertEquals(0, rs.getLong(2));
                        assertFalse(rs.next(), "one row for key " + k);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + users + " SET hits = hits + 1 WHERE user_id = ?")) {
                    ps.setLong(1, k);
                    assertEquals(1, ps.executeUpdate(), "rows updated for key " + k);
                }
            }
        }
        try (Connection direct = fleet.shard(Math.floorMod(42, SHARDS)).primary().connect();
             PreparedStatement ps = direct.prepareStatement("SELECT hits FROM " + users + " WHERE user_id = 42");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1), "the update reached the key's shard");
        }
    }

    private static void crossShardReads(DataSource ss, String users) throws SQLException {
        try (Connection c = ss.getConnection(); Statement st = c.createStatement()) {
            List<Long> first = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT user_id FROM " + users + " ORDER BY user_id LIMIT 5")) {
                while (rs.next()) {
                    first.add(rs.getLong(1));
                }
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), first);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + users)) {
                assertTrue(rs.next());
                assertEquals(KEYS, rs.getLong(1));
                assertFalse(rs.next());
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + users + " WHERE user_id BETWEEN 10 AND 19")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getLong(1), "a range on the key reads every shard");
            }
        }
    }

    private void negativeAndExtremeKeys(DataSource ss, String signed) throws SQLException {
        try (Connection c = ss.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + signed + " (id) VALUES (?)")) {
            for (long k : SIGNED_KEYS) {
                ps.setLong(1, k);
                assertEquals(1, ps.executeUpdate(), "rows inserted for key " + k);
            }
        }
        for (int s = 0; s < SHARDS; s++) {
            TreeSet<Long> expected = new TreeSet<>();
            for (long k : SIGNED_KEYS) {
                if (Math.floorMod(k, SHARDS) == s) {
                    expected.add(k);
                }
            }
            assertEquals(expected, keysOnShard(s, "SELECT id FROM " + signed), signed + " keys on shard " + s);
        }
    }

    @Test
    void generatedConfigurationShardsByDatabaseOnly() throws SQLException {
        List<String> urls = List.of("jdbc:postgresql://h:1/db", "jdbc:postgresql://h:2/db");
        String inlineYaml = ShardingSphereSetup.yaml(urls, "u", "p\"w", Map.of("t", "k"), 3, Routing.INLINE);
        assertTrue(inlineYaml.contains("actualDataNodes: ds_${0..1}.t\n"), inlineYaml);
        assertTrue(inlineYaml.contains("algorithm-expression: \"ds_${(k % 2 + 2) % 2}\"\n"), inlineYaml);
        assertTrue(inlineYaml.contains("password: \"p\\\"w\"\n"), inlineYaml);
        assertTrue(inlineYaml.contains("maximumPoolSize: 3\n"), inlineYaml);
        assertFalse(inlineYaml.contains("tableStrategy"), inlineYaml);
        String classYaml = ShardingSphereSetup.yaml(urls, "u", "p", Map.of("t", "k"), 3, Routing.CLASS_BASED);
        assertTrue(classYaml.contains("algorithmClassName: " + FloorModShardingAlgorithm.class.getName() + "\n"), classYaml);
        assertTrue(classYaml.contains("sharding-count: 2\n"), classYaml);
    }

    @Test
    void refusesArgumentsItCannotConfigure() {
        List<String> urls = List.of("jdbc:postgresql://h:1/db");
        SQLException badTable = assertThrows(SQLException.class,
                () -> ShardingSphereSetup.yaml(urls, "u", "p", Map.of("t; x", "k"), 1, Routing.INLINE));
        assertEquals("22023", badTable.getSQLState());
        SQLException badUrl = assertThrows(SQLException.class,
                () -> ShardingSphereSetup.yaml(List.of("jdbc:mysql://h/db"), "u", "p", Map.of("t", "k"), 1, Routing.INLINE));
        assertEquals("22023", badUrl.getSQLState());
        SQLException noPool = assertThrows(SQLException.class,
                () -> ShardingSphereSetup.yaml(urls, "u", "p", Map.of("t", "k"), 0, Routing.CLASS_BASED));
        assertEquals("22023", noPool.getSQLState());
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
