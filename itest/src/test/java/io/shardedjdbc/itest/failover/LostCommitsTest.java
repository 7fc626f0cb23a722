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
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commits a promotion loses are reported, not hidden: an asynchronous standby cut from the stream is promoted after
 * the primary took one more commit; the connection that made it gets an SJ017 warning (once) on its next statement on
 * the shard (also when that statement is a cross-shard read), a connection that wrote nothing gets none, and
 * nodes() shows where the new timeline forked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LostCommitsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private Fleet fleet;
    private ShardedDataSource ds;
    /** A key on shard s0, the one whose primary dies. */
    private long key;

    @BeforeAll
    void start() throws Exception {
        fleet = Fleet.start(2, 2);
        for (var shard : fleet.shards()) {
            try (Connection c = shard.primary().connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE lc_events (id text NOT NULL, k bigint NOT NULL)");
            }
        }
        Path file = fleet.writeTopology(Files.createTempDirectory("sharded-jdbc-lost").resolve("s.yaml"),
                "scatter: allow\ntables:\n  lc_events: { key: k }\n");
        ds = new ShardedDataSource("jdbc:sharded:file:" + file);
        ds.setUser(fleet.user());
        ds.setPassword(fleet.password());
        Poll.until(WAIT, "every replica readable", () -> count(n -> n.readable()) == 4);
        key = 1;
        while (!ds.shardOf("default", key).equals("s0")) {
            key++;
        }
    }

    @AfterAll
    void stop() {
        ds.close();
        fleet.close();
    }

    private long count(java.util.function.Predicate<NodeStatus> p) {
        try {
            return ds.nodes().stream().filter(p).count();
        } catch (SQLException e) {
            return -1;
        }
    }

    @Test
    void aCommitThePromotedStandbyNeverReceivedIsReportedToItsConnection() throws SQLException {
        FleetNode standby = fleet.shard(0).replica(0);
        try (Connection writer = ds.getConnection(); Connection scatterReader = ds.getConnection();
             Connection bystander = ds.getConnection()) {
            insert(writer, "kept");
            Poll.until(WAIT, "the standby replayed the first commit", () -> has(standby, "kept"));
            try (Connection c = standby.connect(); Statement st = c.createStatement()) {
                st.execute("ALTER SYSTEM SET primary_conninfo = ''");
                st.execute("SELECT pg_reload_conf()");
            }
            Poll.until(WAIT, "the standby cut from the stream", () -> receivers(standby) == 0);
            insert(writer, "lost"); // acknowledged by the primary alone
            insert(scatterReader, "lost-too");
            fleet.shard(0).primary().kill();
            standby.promote();
            Poll.until(WAIT, "s0/replica0 the primary", () -> count(n -> n.node().equals("s0/replica0")
                    && n.role().equals("primary")) == 1);

            assertEquals(false, has(standby, "lost"), "the promotion did lose the commit");
            SQLWarning warning = read(writer);
            assertNotNull(warning, "the connection that made the lost commit is told");
            assertEquals("SJ017", warning.getSQLState(), warning.getMessage());
            assertTrue(warning.getMessage().contains("s0/primary") && warning.getMessage().contains("forked"),
                    warning.getMessage());
            assertNull(read(writer), "once per failover");
            assertNull(read(bystander), "a connection that committed nothing there is not warned");
            try (Statement st = scatterReader.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM lc_events")) {
                rs.next();
                SQLWarning scatter = st.getWarnings();
                assertNotNull(scatter, "a cross-shard read is the next statement on the shard: it carries the warning");
                assertEquals("SJ017", scatter.getSQLState(), scatter.getMessage());
            }
            NodeStatus shard = ds.nodes().stream().filter(n -> n.node().equals("s0/replica0")).findFirst()
                    .orElseThrow();
            assertNotNull(shard.forkPoint(), "nodes() shows where the timeline forked: " + shard);
        }
    }

    private void insert(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lc_events (id, k) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, key);
            ps.executeUpdate();
        }
    }

    /** @return the warnings of a read on the shard */
    private SQLWarning read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM lc_events WHERE k = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            return ps.getWarnings();
        }
    }

    private static boolean has(FleetNode node, String id) {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM lc_events WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private static long receivers(FleetNode node) {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_wal_receiver")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
