package io.shardedjdbc.itest.failover;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Driver-led promotion with two application instances (two data sources with {@code promotion: driver}) and no HA
 * manager: when a shard's primary is killed, exactly one of its standbys is promoted, the other is re-pointed at it,
 * and both instances write there; a primary that only answers slowly (stopped for less than monitorTimeout) is not
 * promoted away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverPromotionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private Fleet fleet;
    private final List<ShardedDataSource> instances = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        fleet = Fleet.start(2, 2);
        for (var shard : fleet.shards()) {
            try (Connection c = shard.primary().connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE dp_events (id text NOT NULL, k bigint NOT NULL)");
            }
        }
        for (int i = 0; i < 2; i++) {
            Path file = fleet.writeTopology(Files.createTempDirectory("sharded-jdbc-promotion").resolve("s.yaml"),
                    "promotion: driver\ntables:\n  dp_events: { key: k }\n");
            ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + file);
            ds.setUser(fleet.user());
            ds.setPassword(fleet.password());
            instances.add(ds);
            Poll.until(WAIT, "instance " + i + " sees its replicas", () -> readable(ds) == 4);
        }
    }

    @AfterAll
    void stop() {
        instances.forEach(ShardedDataSource::close);
        fleet.close();
    }

    private static long readable(ShardedDataSource ds) {
        try {
            return ds.nodes().stream().filter(NodeStatus::readable).count();
        } catch (SQLException e) {
            return -1;
        }
    }

    @Test
    void exactlyOneStandbyIsPromotedAndBothInstancesFollowIt() throws SQLException {
        long key = 1;
        while (!instances.get(0).shardOf("default", key).equals("s0")) {
            key++;
        }
        for (ShardedDataSource ds : instances) {
            insert(ds, "before-" + instances.indexOf(ds), key);
        }
        long killed = System.nanoTime();
        fleet.shard(0).primary().kill();
        FleetNode a = fleet.shard(0).replica(0);
        FleetNode b = fleet.shard(0).replica(1);
        Poll.until(WAIT, "a standby of s0 promoted", () -> writable(a) || writable(b));
        System.out.println("DriverPromotionTest: kill to promotion " + (System.nanoTime() - killed) / 1_000_000
                + " ms (default settings)");
        FleetNode promoted = writable(a) ? a : b;
        FleetNode other = promoted == a ? b : a;
        Poll.until(WAIT, other.name() + " streaming from " + promoted.name(), () -> streams(promoted) == 1);
        assertEquals(false, writable(other), "exactly one standby was promoted");
        for (ShardedDataSource ds : instances) {
            insert(ds, "after-" + instances.indexOf(ds), key);
        }
        try (Connection c = promoted.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM dp_events WHERE id LIKE 'after-%'")) {
            rs.next();
            assertEquals(2, rs.getLong(1), "both instances write to the promoted standby");
        }
    }

    @Test
    void aPrimaryThatIsOnlySlowIsNotPromoted() throws SQLException {
        long key = 1;
        while (!instances.get(0).shardOf("default", key).equals("s1")) {
            key++;
        }
        FleetNode primary = fleet.shard(1).primary();
        for (int i = 0; i < 5; i++) {
            primary.freeze(Duration.ofMillis(300)); // slower than a check, within monitorTimeout (500 ms)
            insert(instances.get(i % 2), "slow-" + i, key);
        }
        assertEquals(false, writable(fleet.shard(1).replica(0)), "no standby of s1 promoted");
        assertEquals(false, writable(fleet.shard(1).replica(1)), "no standby of s1 promoted");
        try (Connection c = primary.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM dp_events WHERE id LIKE 'slow-%'")) {
            rs.next();
            assertEquals(5, rs.getLong(1), "the writes kept going to s1's primary");
        }
    }

    private static void insert(ShardedDataSource ds, String id, long key) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dp_events (id, k) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, key);
            ps.executeUpdate();
        }
    }

    private static boolean writable(FleetNode node) {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT NOT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static long streams(FleetNode node) {
        try (Connection c = node.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
