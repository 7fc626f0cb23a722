package io.shardedjdbc.itest.failover;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedConnection;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard's primary killed (kill -9) under a 4-thread write and 2-thread read load, one of its replicas promoted and
 * the other re-pointed at it as an HA manager does: the driver follows the new primary, nothing acknowledged is lost
 * (the promoted replica is a synchronous standby), a write whose outcome is unknown is never retried, reads and the
 * other shard's writes never fail, a transaction pinned to the dead primary fails cleanly and the next one works, and
 * the old primary, restarted on its old timeline, is fenced: it gets no statement; re-initialised as a standby of
 * the new primary, it serves reads again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private Fleet fleet;
    private ShardedDataSource ds;

    @BeforeAll
    void start() throws IOException, SQLException {
        fleet = Fleet.start(2, 2);
        for (var shard : fleet.shards()) {
            try (Connection c = shard.primary().connect(); Statement st = c.createStatement()) {
                // no primary key: a write applied twice would show as two rows
                st.execute("CREATE TABLE fo_events (id text NOT NULL, k bigint NOT NULL)");
            }
        }
        FleetNode s0 = fleet.shard(0).primary();
        try (Connection c = s0.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET synchronous_standby_names = '\"" + fleet.shard(0).replica(0).name() + "\"'");
            st.execute("SELECT pg_reload_conf()");
        }
        Path dir = Files.createTempDirectory("sharded-jdbc-failover");
        Path file = fleet.writeTopology(dir.resolve("shards.yaml"), """
                tables:
                  fo_events: { key: k }
                """);
        ds = new ShardedDataSource("jdbc:sharded:file:" + file);
        ds.setUser(fleet.user());
        ds.setPassword(fleet.password());
        Poll.until(WAIT, "every replica readable", () -> statuses().stream()
                .filter(n -> n.role().equals("replica")).allMatch(NodeStatus::readable) && statuses().size() == 6);
    }

    @AfterAll
    void stop() {
        if (ds != null) {
            ds.close();
        }
        fleet.close();
    }

    private List<NodeStatus> statuses() {
        try {
            return ds.nodes();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private NodeStatus status(String node) {
        return statuses().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
    }

    private long keyOn(int shard, long from) throws SQLException {
        for (long k = from; ; k++) {
            if (ds.shardOf("default", k).equals("s" + shard)) {
                return k;
            }
        }
    }

    /** What one writer saw. */
    private static final class Writer {
        final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> unknown = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong firstAckAfter = new AtomicLong();
        volatile long since;
    }

    @Test
    void anExternalPromotionIsFollowedNothingAcknowledgedIsLostAndTheOldPrimaryIsFenced() throws Exception {
        long k0 = keyOn(0, 1);
        long k1 = keyOn(1, 1);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Writer> s0Writers = new ArrayList<>();
        Writer s1Writer = new Writer();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            Writer writer = new Writer();
            s0Writers.add(writer);
            threads.add(writerThread("w" + w, k0, writer, running));
        }
        threads.add(writerThread("o", k1, s1Writer, running));
        ConcurrentLinkedQueue<String> readFailures = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try (Connection c = ds.getConnection()) {
                    c.unwrap(ShardedConnection.class).setConsistency("eventual");
                    while (running.get()) {
                        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM fo_events WHERE k = ?")) {
                            ps.setLong(1, k0);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                            }
                            reads.incrementAndGet();
                        } catch (SQLException e) {
                            readFailures.add(e.getSQLState() + " " + e.getMessage());
                        }
                    }
                } catch (SQLException e) {
                    readFailures.add(e.toString());
                }
            }, "reader-" + r));
        }
        // a transaction that holds a connection to the primary that will die
        Connection pinned = ds.getConnection();
        pinned.setAutoCommit(false);
        insert(pinned, "pinned-1", k0);
        threads.forEach(Thread::start);
        Poll.until(WAIT, "writes flowing", () -> s0Writers.stream().allMatch(w -> w.acked.size() >= 20));

        FleetNode oldPrimary = fleet.shard(0).primary();
        FleetNode promoted = fleet.shard(0).replica(0);
        FleetNode other = fleet.shard(0).replica(1);
        oldPrimary.kill();
        promoted.promote();
        long promotedAt = System.nanoTime();
        s0Writers.forEach(w -> w.since = promotedAt);
        other.follow(promoted);
        Poll.until(WAIT, "writes resumed on the new primary",
                () -> s0Writers.stream().allMatch(w -> w.firstAckAfter.get() != 0 && w.acked.size() >= 60));
        Poll.until(WAIT, "the re-pointed replica readable again", () -> status("s0/replica1").readable());
        long readsAfterRepoint = reads.get();
        Poll.until(WAIT, "reads continuing", () -> reads.get() > readsAfterRepoint + 20);
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }

        long resumeMillis = s0Writers.stream().mapToLong(w -> (w.firstAckAfter.get() - promotedAt) / 1_000_000)
                .max().orElseThrow();
        System.out.println("FailoverTest: writes resumed " + resumeMillis + " ms after the promotion; "
                + s0Writers.stream().mapToInt(w -> w.unknown.size()).sum() + " writes of unknown outcome, "
                + reads.get() + " reads");
        assertTrue(resumeMillis < 5_000, "writes resumed " + resumeMillis + " ms after the promotion");
        assertEquals(List.of(), List.copyOf(readFailures), "reads in auto-commit never fail");
        assertEquals(List.of(), List.copyOf(s1Writer.failures), "the other shard's writes never stop");
        assertEquals(List.of(), List.copyOf(s1Writer.unknown));
        for (Writer w : s0Writers) {
            assertEquals(List.of(), List.copyOf(w.failures), "a write fails only when its outcome is unknown");
        }

        // the transaction pinned to the dead primary fails with a rollback-class state; the next one works
        SQLException broken = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> insert(pinned, "pinned-2", k0));
        assertTrue(broken.getSQLState().startsWith("40"), broken.getSQLState() + " " + broken.getMessage());
        pinned.rollback();
        insert(pinned, "pinned-3", k0);
        pinned.commit();
        pinned.close();

        Map<String, Integer> rows = rows(promoted);
        rows.putAll(rows(fleet.shard(1).primary()));
        for (Writer w : s0Writers) {
            for (String id : w.acked) {
                assertEquals(1, rows.getOrDefault(id, 0), "acknowledged write " + id + " is there exactly once");
            }
            for (String id : w.unknown) {
                assertTrue(rows.getOrDefault(id, 0) <= 1, "a write of unknown outcome is never applied twice: " + id);
            }
        }
        for (String id : s1Writer.acked) {
            assertEquals(1, rows.getOrDefault(id, 0), id);
        }
        assertEquals(0, rows.getOrDefault("pinned-1", 0), "the pinned transaction's first write died with it");
        assertEquals(1, rows.getOrDefault("pinned-3", 0));
        NodeStatus now = status("s0/replica0");
        assertEquals("primary", now.role());
        assertNotNull(now.lastFailover());
        assertTrue(now.timeline() >= 2, "the promoted node writes a new timeline: " + now);

        // the old primary comes back on its old timeline: fenced, it gets nothing
        oldPrimary.start();
        Poll.until(WAIT, "the old primary fenced", () -> status("s0/primary").fenced());
        long statementsBefore = status("s0/primary").statements();
        long rowsBefore = rows(oldPrimary).size();
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < 20; i++) {
                insert(c, "after-fence-" + i, k0);
            }
        }
        assertEquals(statementsBefore, status("s0/primary").statements(), "no statement reached the fenced node");
        assertEquals(rowsBefore, rows(oldPrimary).size(), "no row reached the fenced node");
        assertEquals(20, rows(promoted).keySet().stream().filter(id -> id.startsWith("after-fence-")).count());

        // re-initialised as a standby of the new primary (what an HA manager does when it cannot rewind it), the old
        // primary is a replica again and serves reads, with everything the new primary has
        oldPrimary.rejoin(promoted);
        Poll.until(WAIT, "the re-initialised old primary readable", () -> status("s0/primary").readable());
        NodeStatus rejoined = status("s0/primary");
        assertEquals("replica", rejoined.role());
        assertTrue(!rejoined.fenced(), rejoined.toString());
        long servedBefore = rejoined.statements();
        try (Connection c = ds.getConnection()) {
            c.unwrap(ShardedConnection.class).setConsistency("eventual");
            Poll.until(WAIT, "reads served by the re-initialised node", () -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM fo_events WHERE k = ?")) {
                    ps.setLong(1, k0);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return status("s0/primary").statements() > servedBefore;
            });
        }
        assertEquals(rows(promoted), rows(oldPrimary), "the standby has what the new primary has");
    }

    private Thread writerThread(String name, long key, Writer writer, AtomicBoolean running) {
        return new Thread(() -> {
            try (Connection c = ds.getConnection()) {
                for (long n = 0; running.get(); n++) {
                    String id = name + "-" + n;
                    try {
                        insert(c, id, key);
                        writer.acked.add(id);
                        if (writer.since != 0 && writer.firstAckAfter.get() == 0) {
                            writer.firstAckAfter.set(System.nanoTime());
                        }
                    } catch (SQLException e) {
                        if ("08006".equals(e.getSQLState()) && e.getMessage().contains("not retried")) {
                            writer.unknown.add(id);
                        } else {
                            writer.failures.add(id + ": " + e.getSQLState() + " " + e.getMessage());
                        }
                    }
                }
            } catch (SQLException e) {
                writer.failures.add(e.toString());
            }
        }, "writer-" + name);
    }

    private static void insert(Connection c, String id, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fo_events (id, k) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, key);
            ps.executeUpdate();
        }
    }

    private static Map<String, Integer> rows(FleetNode node) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, count(*) FROM fo_events GROUP BY id")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }
}
