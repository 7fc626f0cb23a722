package io.shardedjdbc.itest;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.SharedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL partitions inside the shards are their parent: their DDL reaches every shard and their rows are placed
 * by the parent's key, whether the statement names the parent or the partition, and whether the partition was made
 * through the driver or on the servers directly. INSERTs without a column list are placed by the table's column
 * order as the servers have it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionsAndColumnOrderTest {
    private final Fleet fleet = SharedFleet.get();
    private ShardedDataSource ds;

    @BeforeAll
    void setUp() throws SQLException {
        String yaml = """
                consistency: strong
                keyspaces:
                  user: { type: bigint }
                tables:
                  pc_events: { key: user_id, keyspace: user }
                  pc_plain: { key: user_id, keyspace: user }
                """;
        try {
            ds = new ShardedDataSource("jdbc:sharded:file:" + fleet.writeTopology(
                    Files.createTempDirectory("sharded-jdbc-pc").resolve("shards.yaml"), yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ds.setUser(fleet.user());
        ds.setPassword(fleet.password());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS pc_events, pc_plain, pc_events_2026_11, pc_events_2027_01");
            st.execute("CREATE TABLE pc_events (user_id bigint NOT NULL, at date NOT NULL, body text,"
                    + " PRIMARY KEY (user_id, at)) PARTITION BY RANGE (at)");
            st.execute("CREATE TABLE pc_plain (a text, user_id bigint NOT NULL, b text)");
        }
    }

    @AfterAll
    void tearDown() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS pc_events, pc_plain, pc_events_2026_11, pc_events_2027_01");
        } finally {
            ds.close();
        }
    }

    @Test
    void monthlyPartitionsAreCreatedIndexedDetachedAndDroppedOnEveryShardAndHoldTheirShardsRows()
            throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE pc_events_2026_11 PARTITION OF pc_events"
                    + " FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')");
            st.execute("CREATE TABLE pc_events_2026_12 PARTITION OF pc_events"
                    + " FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')");
            st.execute("CREATE INDEX pc_events_2026_12_body ON pc_events_2026_12 (body)");
            assertEquals(shardCount(), shardsAnswering("SELECT count(*) FROM pg_indexes"
                    + " WHERE indexname = 'pc_events_2026_12_body'"), "the partition's index is on every shard");

            List<Long> users = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pc_events (user_id, at, body) VALUES (?, ?, ?)")) {
                for (long user : users) {
                    for (String day : List.of("2026-11-15", "2026-12-15")) {
                        ps.setLong(1, user);
                        ps.setObject(2, java.time.LocalDate.parse(day));
                        ps.setString(3, "via parent");
                        assertEquals(1, ps.executeUpdate());
                    }
                }
            }
            // the partition named in the statement: placed by the parent's key, with and without a column list
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO pc_events_2026_12 (user_id, at, body) VALUES (?, '2026-12-20', 'named')")) {
                for (long user : users) {
                    ps.setLong(1, user);
                    assertEquals(1, ps.executeUpdate());
                }
            }
            for (long user : users) {
                assertEquals(1, st.executeUpdate("INSERT INTO pc_events_2026_12 VALUES (" + user
                        + ", '2026-12-21', 'no column list')"));
            }
            for (long user : users) {
                int owner = shardIndex(ds.shardOf("user", user));
                for (int s = 0; s < shardCount(); s++) {
                    long expected = s == owner ? 1 : 0;
                    assertEquals(expected, count(s, "SELECT count(*) FROM pc_events_2026_11 WHERE user_id = " + user),
                            "user " + user + " November on shard " + s);
                    assertEquals(3 * expected, count(s, "SELECT count(*) FROM pc_events_2026_12 WHERE user_id = "
                            + user), "user " + user + " December on shard " + s);
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pc_events_2026_12 WHERE user_id = " + user)) {
                    rs.next();
                    assertEquals(3, rs.getLong(1), "a read naming the partition is routed by its key");
                }
            }

            st.execute("ALTER TABLE pc_events DETACH PARTITION pc_events_2026_11");
            assertEquals(0, shardsAnswering("SELECT count(*) FROM pg_inherits WHERE inhrelid ="
                    + " 'pc_events_2026_11'::regclass"), "detached on every shard");
            // a detached partition still holds its shard's rows: it keeps being placed like its parent
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pc_events_2026_11 WHERE user_id = 3")) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
            st.execute("DROP TABLE pc_events_2026_11");
            assertEquals(0, shardsAnswering("SELECT count(*) FROM pg_class WHERE relname = 'pc_events_2026_11'"),
                    "dropped on every shard");
        }
    }

    @Test
    void aPartitionMadeOnTheServersDirectlyIsLearntFromTheirCatalog() throws SQLException {
        for (int s = 0; s < shardCount(); s++) {
            direct(s, "CREATE TABLE pc_events_2027_01 PARTITION OF pc_events"
                    + " FOR VALUES FROM ('2027-01-01') TO ('2027-02-01')");
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO pc_events_2027_01 VALUES (?, '2027-01-05', 'x')")) {
            for (long user = 20; user < 28; user++) {
                ps.setLong(1, user);
                assertEquals(1, ps.executeUpdate());
            }
        }
        for (long user = 20; user < 28; user++) {
            int owner = shardIndex(ds.shardOf("user", user));
            for (int s = 0; s < shardCount(); s++) {
                assertEquals(s == owner ? 1 : 0, count(s, "SELECT count(*) FROM pc_events_2027_01 WHERE user_id = "
                        + user), "user " + user + " on shard " + s);
            }
        }
    }

    @Test
    void aColumnLessInsertFollowsTheColumnOrderAcrossDdlAndRefusesShardsThatDisagree() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE pc_plain");
            for (long user = 1; user <= 8; user++) {
                assertEquals(1, st.executeUpdate("INSERT INTO pc_plain VALUES ('a', " + user + ", 'b')"));
            }
            assertOnOwners("pc_plain", 1, 8);

            st.execute("ALTER TABLE pc_plain DROP COLUMN a");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pc_plain VALUES (?, ?)")) {
                for (long user = 9; user <= 16; user++) {
                    ps.setLong(1, user);
                    ps.setString(2, "after drop");
                    ps.addBatch();
                }
                long[] counts = ps.executeLargeBatch();
                assertEquals(8, counts.length);
                for (long n : counts) {
                    assertEquals(1, n);
                }
            }
            assertOnOwners("pc_plain", 1, 16);

            // one shard changed behind the driver's back; the next DDL through the driver makes it look again
            direct(0, "ALTER TABLE pc_plain ADD COLUMN extra int");
            st.execute("COMMENT ON TABLE pc_plain IS 'columns differ on s0'");
            SQLException e = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO pc_plain VALUES (99, 'x')"));
            assertEquals("SJ013", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("pc_plain"), e.getMessage());
            assertEquals(1, st.executeUpdate("INSERT INTO pc_plain (user_id, b) VALUES (99, 'with columns')"),
                    "an INSERT with a column list does not depend on the order");
            direct(0, "ALTER TABLE pc_plain DROP COLUMN extra");
        }
    }

    private void assertOnOwners(String table, long from, long to) throws SQLException {
        long total = 0;
        for (long user = from; user <= to; user++) {
            int owner = shardIndex(ds.shardOf("user", user));
            for (int s = 0; s < shardCount(); s++) {
                long n = count(s, "SELECT count(*) FROM " + table + " WHERE user_id = " + user);
                assertEquals(s == owner ? 1 : 0, n, table + " user " + user + " on shard " + s);
                total += n;
            }
        }
        assertEquals(to - from + 1, total, "one copy of every row");
    }

    private int shardCount() {
        return fleet.shards().size();
    }

    private int shardIndex(String name) {
        for (int i = 0; i < shardCount(); i++) {
            if (fleet.shard(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no shard " + name);
    }

    /** @return how many shards' primaries answer a count query with a positive number */
    private int shardsAnswering(String countSql) throws SQLException {
        int n = 0;
        for (int s = 0; s < shardCount(); s++) {
            n += count(s, countSql) > 0 ? 1 : 0;
        }
        return n;
    }

    private long count(int shard, String sql) throws SQLException {
        try (Connection c = fleet.shard(shard).primary().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void direct(int shard, String sql) throws SQLException {
        try (Connection c = fleet.shard(shard).primary().connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
