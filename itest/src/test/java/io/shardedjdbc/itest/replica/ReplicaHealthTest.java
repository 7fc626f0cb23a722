package io.shardedjdbc.itest.replica;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.WAIT;
import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.awaitReadable;
import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.readNote;
import static io.shardedjdbc.itest.replica.ReplicaFleetSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica that is stopped, or lags past maxReplicaLag, stops getting reads once the monitor sees it and gets them
 * back when healthy, while a steady stream of reads never fails.
 */
class ReplicaHealthTest {
    private static ReplicaFleetSupport support;

    @BeforeAll
    static void startFleet() throws SQLException {
        support = new ReplicaFleetSupport();
        try (Connection c = support.primary().connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notes VALUES (1, 1, 'x') ON CONFLICT DO NOTHING")) {
            ps.executeUpdate();
        }
        support.awaitReplicasCaughtUp();
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

    /** Reads one note over and over through fresh logical connections, counting reads and failures. */
    private static final class Reader implements AutoCloseable {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Reader(ShardedDataSource ds) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    try (Connection c = ds.getConnection()) {
                        assertEquals(1, readNote(c, 1, 1).count());
                        reads.incrementAndGet();
                    } catch (Throwable e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }
            }, "reader");
            thread.start();
        }

        void awaitMoreReads(long n) {
            long target = reads.get() + n;
            Poll.until(WAIT, n + " more reads", () -> reads.get() >= target || failures.get() > 0);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    @Test
    void aStoppedReplicaGetsNoReadsUntilItIsBack() throws Exception {
        ShardedDataSource ds = support.dataSource("consistency: eventual\n");
        awaitReadable(ds);
        FleetNode victim = support.replica(0);
        try (Reader reader = new Reader(ds)) {
            Poll.until(WAIT, "reads on both replicas", () -> status(ds, "s0/replica0").statements() > 0
                    && status(ds, "s0/replica1").statements() > 0);

            long stoppedAt = System.nanoTime();
            victim.stop();
            Poll.until(WAIT, "the monitor to see replica0 down", () -> !status(ds, "s0/replica0").up());
            long detectedMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            // Default monitorInterval 200 ms: the next check fails at once (connection refused). Generous for CI.
            assertTrue(detectedMillis < 2_000, "detected after " + detectedMillis + " ms");

            NodeStatus down = status(ds, "s0/replica0");
            assertFalse(down.readable());
            long servedWhileDown = down.statements();
            reader.awaitMoreReads(300);
            assertEquals(servedWhileDown, status(ds, "s0/replica0").statements(), "reads sent to a stopped replica");
            assertTrue(status(ds, "s0/replica1").readable());

            victim.start();
            Poll.until(WAIT, "replica0 serving reads again",
                    () -> status(ds, "s0/replica0").statements() > servedWhileDown);
            assertEquals(0, reader.failures.get(), () -> "failed reads: " + reader.firstFailure.get());
        }
    }

    @Test
    void withoutAHealthyReplicaReadsGoToThePrimaryOrFailWhenConfiguredSo() throws Exception {
        ShardedDataSource fallback = support.dataSource("consistency: eventual\n");
        ShardedDataSource strict = support.dataSource("consistency: eventual\nreplicaFallback: error\n");
        awaitReadable(fallback);
        awaitReadable(strict);
        support.replica(0).stop();
        support.replica(1).stop();
        for (ShardedDataSource ds : new ShardedDataSource[]{fallback, strict}) {
            Poll.until(WAIT, "both replicas seen down", () -> !status(ds, "s0/replica0").up()
                    && !status(ds, "s0/replica1").up());
        }
        try (Connection c = fallback.getConnection()) {
            assertEquals(support.primary().port(), readNote(c, 1, 1).port());
        }
        try (Connection c = strict.getConnection()) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> readNote(c, 1, 1));
            assertEquals("SJ011", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("s0/replica0: down"), e.getMessage());
            try (io.shardedjdbc.ShardHints.Scope s = io.shardedjdbc.ShardHints.primary()) {
                assertEquals(support.primary().port(), readNote(c, 1, 1).port(), "a primary hint still reads");
            }
        }
    }

    @Test
    void aReplicaPastTheLagBoundGetsNoReadsUntilItCatchesUp() throws Exception {
        ShardedDataSource ds = support.dataSource("consistency: eventual\nmaxReplicaLag: 1000\n");
        awaitReadable(ds);
        FleetNode laggard = support.replica(1);
        AtomicBoolean stopWriting = new AtomicBoolean();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        // Commits keep coming, so a paused replica has WAL left to replay and its lag grows.
        Thread writer = new Thread(() -> {
            try (Connection c = support.primary().connect();
                 PreparedStatement ps = c.prepareStatement("UPDATE notes SET body = md5(random()::text) WHERE id = 1")) {
                while (!stopWriting.get()) {
                    ps.executeUpdate();
                }
            } catch (Throwable e) {
                writeFailure.set(e);
            }
        }, "writer");
        writer.start();
        try (Reader reader = new Reader(ds)) {
            Poll.until(WAIT, "reads on replica1", () -> status(ds, "s0/replica1").statements() > 0);
            laggard.pauseReplay();
            Poll.until(WAIT, "replica1 out of reads for lag", () -> !status(ds, "s0/replica1").readable());
            NodeStatus lagging = status(ds, "s0/replica1");
            assertTrue(lagging.up(), "lagging, not down: " + lagging);
            assertTrue(lagging.lagMillis() > 1000, "lag " + lagging.lagMillis() + " ms");
            long served = lagging.statements();
            reader.awaitMoreReads(300);
            assertEquals(served, status(ds, "s0/replica1").statements(), "reads sent past the lag bound");

            laggard.resumeReplay();
            Poll.until(WAIT, "replica1 caught up and serving reads again",
                    () -> status(ds, "s0/replica1").readable() && status(ds, "s0/replica1").statements() > served);
            assertEquals(0, reader.failures.get(), () -> "failed reads: " + reader.firstFailure.get());
        } finally {
            stopWriting.set(true);
            writer.join();
        }
        assertNull(writeFailure.get());
    }
}
