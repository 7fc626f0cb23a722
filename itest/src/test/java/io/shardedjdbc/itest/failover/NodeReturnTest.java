package io.shardedjdbc.itest.failover;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that comes back is used as soon as the monitor sees it healthy. While a shard's only server is down, a
 * writer keeps trying it, and HikariCP's connection adder backs off to 5 s between attempts; a pool kept across the
 * outage would make the first writes after the restart wait out that back-off. The node's pool is renewed when the
 * monitor sees it up, so the first write lands at once.
 */
class NodeReturnTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough for the adder's back-off (10 ms doubling) to reach its 5 s ceiling and sleep in it. */
    private static final Duration OUTAGE = Duration.ofSeconds(12);

    @Test
    void theFirstWriteAfterARestartDoesNotWaitOutThePoolsBackOff() throws Exception {
        try (Fleet fleet = Fleet.start(1, 0)) {
            FleetNode server = fleet.shard(0).primary();
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE nr_events (id bigint NOT NULL, k bigint NOT NULL)");
            }
            Path file = fleet.writeTopology(Files.createTempDirectory("sharded-jdbc-return").resolve("s.yaml"),
                    "tables:\n  nr_events: { key: k }\n");
            try (ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + file)) {
                ds.setUser(fleet.user());
                ds.setPassword(fleet.password());
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong acks = new AtomicLong();
                AtomicLong upAt = new AtomicLong();
                AtomicLong firstAckAfterUp = new AtomicLong();
                AtomicLong failures = new AtomicLong();
                Thread writer = new Thread(() -> {
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("INSERT INTO nr_events (id, k) VALUES (?, 1)")) {
                        for (long n = 0; running.get(); n++) {
                            ps.setLong(1, n);
                            try {
                                ps.executeUpdate();
                                acks.incrementAndGet();
                                if (upAt.get() != 0) {
                                    firstAckAfterUp.compareAndSet(0, System.nanoTime());
                                }
                            } catch (SQLException e) {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }, "writer");
                writer.start();
                Poll.until(WAIT, "writes flowing", () -> acks.get() > 50);

                server.kill();
                Poll.until(WAIT, "the monitor seeing the server down", () -> !status(ds).up());
                long failuresBefore = failures.get();
                Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a synchronisation
                assertTrue(failures.get() > failuresBefore, "the writer kept trying the dead server");
                server.start();
                Poll.until(WAIT, "the monitor seeing the server up", () -> status(ds).up());
                upAt.set(System.nanoTime());
                Poll.until(WAIT, "a write acknowledged after the restart", () -> firstAckAfterUp.get() != 0);
                long gapMillis = (firstAckAfterUp.get() - upAt.get()) / 1_000_000;
                running.set(false);
                writer.join(30_000);
                System.out.println("NodeReturnTest: first write acknowledged " + gapMillis + " ms after the monitor"
                        + " saw the server up (its outage lasted " + OUTAGE.toSeconds() + " s)");
                // without the pool's renewal the first write waits for the adder's next attempt: up to 5 s
                assertTrue(gapMillis < 1_000, "the first write after the restart took " + gapMillis + " ms");
            }
        }
    }

    private static NodeStatus status(ShardedDataSource ds) {
        try {
            return ds.nodes().get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
