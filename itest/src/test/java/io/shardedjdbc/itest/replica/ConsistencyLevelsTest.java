package io.shardedjdbc.itest.replica;

import io.shardedjdbc.ShardHints;
import io.shardedjdbc.ShardedConnection;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import io.shardedjdbc.itest.replica.ReplicaFleetSupport.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.WAIT;
import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.awaitReadable;
import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.insertNote;
import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.readNote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consistency levels on real streaming replicas whose replay the tests pause. */
class ConsistencyLevelsTest {
    private static ReplicaFleetSupport support;

    @BeforeAll
    static void startFleet() throws SQLException {
        support = new ReplicaFleetSupport();
    }

    @AfterAll
    static void stopFleet() {
        if (support != null) {
            support.close();
        }
    }

    @AfterEach
    void restore() {
        support.restoreReplicas();
    }

    private static void pauseAll() {
        support.replica(0).pauseReplay();
        support.replica(1).pauseReplay();
    }

    @Test
    void readYourWritesSeesTheWriteOnThePrimaryWhileEventualReadsAStaleReplica() throws Exception {
        ShardedDataSource ds = support.dataSource("");
        awaitReadable(ds);
        pauseAll();
        try (Connection writer = ds.getConnection(); Connection other = ds.getConnection()) {
            assertEquals("read-your-writes", writer.unwrap(ShardedConnection.class).getConsistency());
            other.unwrap(ShardedConnection.class).setConsistency("eventual");

            insertNote(writer, 1, 101);
            // Over several monitor intervals: the replicas never replay the insert, so the writer stays on the primary.
            long until = System.nanoTime() + 1_000_000_000L;
            int reads = 0;
            while (System.nanoTime() < until || reads < 10) {
                Answer own = readNote(writer, 1, 101);
                assertEquals(new Answer(support.primary().port(), 1), own, "read-your-writes after the write");
                reads++;
            }
            Answer stale = readNote(other, 1, 101);
            assertTrue(support.isReplicaPort(stale.port()), "eventual reads go to a replica: " + stale);
            assertEquals(0, stale.count(), "the paused replica has not replayed the insert");

            support.replica(0).resumeReplay();
            support.replica(1).resumeReplay();
            AtomicReference<Answer> last = new AtomicReference<>();
            Poll.until(WAIT, "an eventual read served by a replica that shows the note", () -> {
                last.set(read(other, 1, 101));
                return support.isReplicaPort(last.get().port()) && last.get().count() == 1;
            });
            Poll.until(WAIT, "the writer's reads back on a caught-up replica", () -> {
                Answer a = read(writer, 1, 101);
                assertEquals(1, a.count(), "read-your-writes never misses the write: " + a);
                return support.isReplicaPort(a.port());
            });
        }
    }

    @Test
    void sessionReadsNeverGoBackwardsWhileEventualOnesDo() throws Exception {
        try (Connection c = support.primary().connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO counters VALUES (7, 0) ON CONFLICT (user_id) DO UPDATE SET v = 0");
        }
        support.awaitReplicasCaughtUp();
        ShardedDataSource session = support.dataSource("consistency: session\nmaxReplicaLag: 600000\n");
        ShardedDataSource eventual = support.dataSource("consistency: eventual\nmaxReplicaLag: 600000\n");
        awaitReadable(session);
        awaitReadable(eventual);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> background = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(start("writer", stop, background, () -> {
            try (Connection c = support.primary().connect();
                 PreparedStatement ps = c.prepareStatement("UPDATE counters SET v = v + 1 WHERE user_id = 7")) {
                while (!stop.get()) {
                    ps.executeUpdate();
                }
            }
        }));
        // The replicas take turns being paused, so their replay positions keep crossing each other.
        threads.add(start("toggler", stop, background, () -> {
            int paused = 0;
            support.replica(paused).pauseReplay();
            while (!stop.get()) {
                Thread.sleep(150); // how long one replica stays behind: a pace for the scenario, not a wait
                support.replica(1 - paused).pauseReplay();
                support.replica(paused).resumeReplay();
                paused = 1 - paused;
            }
        }));
        try {
            long seed = System.nanoTime();
            int sessionBackwards = backwardSteps(session, new Random(seed), 3000);
            assertEquals(0, sessionBackwards, "session reads went backwards (seed " + seed + ")");
            int eventualBackwards = backwardSteps(eventual, new Random(seed), 3000);
            assertTrue(eventualBackwards > 0, "the same run under eventual must show stale reads, or this test"
                    + " proves nothing (seed " + seed + ")");
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertNull(background.get(), () -> "background thread failed: " + background.get());
    }

    /** Randomized reads over four logical connections; counts the reads that saw less than that connection before. */
    private static int backwardSteps(ShardedDataSource ds, Random random, int reads) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        long[] seen = new long[4];
        int backwards = 0;
        try {
            for (int i = 0; i < seen.length; i++) {
                connections.add(ds.getConnection());
            }
            for (int n = 0; n < reads; n++) {
                int i = random.nextInt(seen.length);
                try (PreparedStatement ps = connections.get(i).prepareStatement(
                        "SELECT v FROM counters WHERE user_id = ?")) {
                    ps.setLong(1, 7);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long v = rs.getLong(1);
                        if (v < seen[i]) {
                            backwards++;
                        }
                        seen[i] = Math.max(seen[i], v);
                    }
                }
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        return backwards;
    }

    @Test
    void aTokenCarriesAWriteToOtherConnectionsWhileOthersMayReadStale() throws Exception {
        ShardedDataSource ds = support.dataSource("");
        awaitReadable(ds);
        pauseAll();
        String token;
        try (Connection author = ds.getConnection()) {
            author.unwrap(ShardedConnection.class).setConsistency("causal");
            insertNote(author, 2, 201);
            token = author.unwrap(ShardedConnection.class).consistencyToken();
        }
        assertTrue(token.matches("s0:[0-9A-F]+"), token);
        FleetNode primary = support.primary();

        try (Connection reader = ds.getConnection(); Connection hinted = ds.getConnection();
             Connection stranger = ds.getConnection()) {
            reader.unwrap(ShardedConnection.class).setConsistency("eventual");
            reader.unwrap(ShardedConnection.class).requireToken(token);
            assertEquals(new Answer(primary.port(), 1), readNote(reader, 2, 201), "requireToken");

            hinted.unwrap(ShardedConnection.class).setConsistency("eventual");
            try (ShardHints.Scope s = ShardHints.after(token)) {
                assertEquals(new Answer(primary.port(), 1), readNote(hinted, 2, 201), "ShardHints.after");
            }

            stranger.unwrap(ShardedConnection.class).setConsistency("eventual");
            Answer stale = readNote(stranger, 2, 201);
            assertTrue(support.isReplicaPort(stale.port()) && stale.count() == 0,
                    "without the token a paused replica may answer, stale: " + stale);
            Answer hintedWithout = readNote(hinted, 2, 201);
            assertTrue(support.isReplicaPort(hintedWithout.port()), "the hint ended with its scope: " + hintedWithout);

            Properties props = new Properties();
            props.setProperty("user", support.fleet.user());
            props.setProperty("password", support.fleet.password());
            props.setProperty("consistency", "eventual");
            props.setProperty("consistencyToken", token);
            try (Connection viaDriver = DriverManager.getConnection(ds.getUrl(), props)) {
                assertEquals("eventual", viaDriver.unwrap(ShardedConnection.class).getConsistency());
                assertEquals(new Answer(primary.port(), 1), readNote(viaDriver, 2, 201), "connection property");
            } finally {
                io.shardedjdbc.ShardedDriver.shutdown();
            }

            support.replica(0).resumeReplay();
            support.replica(1).resumeReplay();
            Poll.until(WAIT, "the token's reader back on a replica that replayed the write", () -> {
                Answer a = read(reader, 2, 201);
                assertEquals(1, a.count(), "a token reader never misses the write: " + a);
                return support.isReplicaPort(a.port());
            });
        }
    }

    @Test
    void readOnlyTransactionsRunOnOneReplicaAndOthersOnThePrimary() throws Exception {
        ShardedDataSource ds = support.dataSource("consistency: eventual\n");
        awaitReadable(ds);
        int primary = support.primary().port();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            assertEquals(primary, readNote(c, 3, 1).port(), "a transaction that may write reads on the primary");
            insertNote(c, 3, 301);
            assertEquals(new Answer(primary, 1), readNote(c, 3, 301), "and sees its own write");
            c.commit();

            c.setReadOnly(true);
            int first = readNote(c, 3, 301).port();
            assertTrue(support.isReplicaPort(first), "read-only transaction on a replica: " + first);
            for (int i = 0; i < 20; i++) {
                assertEquals(first, readNote(c, 3, 301).port(), "the whole transaction on one replica");
            }
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> insertNote(c, 3, 302));
            assertEquals("25006", refused.getSQLState(), refused.getMessage());
            c.rollback();
            c.setReadOnly(false);
            c.setAutoCommit(true);

            try (Statement st = c.createStatement()) {
                st.execute("START TRANSACTION READ ONLY");
                assertTrue(!c.getAutoCommit());
                int chosen = readNote(c, 3, 301).port();
                assertTrue(support.isReplicaPort(chosen), "START TRANSACTION READ ONLY on a replica: " + chosen);
                for (int i = 0; i < 20; i++) {
                    assertEquals(chosen, readNote(c, 3, 301).port());
                }
                st.execute("COMMIT");
                assertTrue(c.getAutoCommit(), "COMMIT ends the transaction BEGIN started");

                st.execute("BEGIN");
                assertEquals(primary, readNote(c, 3, 301).port(), "BEGIN without READ ONLY: the primary");
                st.execute("ROLLBACK");
                assertTrue(c.getAutoCommit());
            }

            assertTrue(support.isReplicaPort(readNote(c, 3, 301).port()), "auto-commit eventual reads: a replica");
            try (PreparedStatement ps = c.prepareStatement("SELECT inet_server_port() FROM notes"
                    + " WHERE user_id = ? /* sharded: primary */")) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(primary, rs.getInt(1), "the primary hint comment");
                }
            }
            try (ShardHints.Scope s = ShardHints.primary()) {
                assertEquals(primary, readNote(c, 3, 301).port(), "ShardHints.primary()");
            }
            try (ShardHints.Scope s = ShardHints.consistency("strong")) {
                assertEquals(primary, readNote(c, 3, 301).port(), "ShardHints.consistency(strong)");
            }
            c.unwrap(ShardedConnection.class).setConsistency("strong");
            assertEquals(primary, readNote(c, 3, 301).port(), "strong connection");
            try (PreparedStatement ps = c.prepareStatement("SELECT inet_server_port() FROM notes"
                    + " WHERE user_id = ? /* sharded: consistency=eventual */")) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertTrue(support.isReplicaPort(rs.getInt(1)), "the consistency hint comment");
                }
            }
        }
    }

    private static Answer read(Connection c, long user, long id) {
        try {
            return readNote(c, user, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static Thread start(String name, AtomicBoolean stop, AtomicReference<Throwable> failure, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                stop.set(true);
            }
        }, name);
        t.start();
        return t;
    }
}
