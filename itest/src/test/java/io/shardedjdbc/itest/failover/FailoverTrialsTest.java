package io.shardedjdbc.itest.failover;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The figure behind the failover contract, not part of the suite ({@link FailoverTest} is its short version): N times,
 * a fresh one-shard fleet (a primary, a synchronous standby, another standby) under two writer threads, the primary
 * killed (kill -9) and the synchronous standby promoted at once, as an HA manager that has decided would: how long
 * after the promotion the first write is acknowledged again, p50 and p99. Run with
 * {@code mvn -pl itest test -Dtest=FailoverTrialsTest -Dfailover.trials=10}.
 */
@EnabledIfSystemProperty(named = "failover.trials", matches = "[0-9]+")
class FailoverTrialsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void writeUnavailabilityAfterAPromotion() throws Exception {
        int trials = Integer.getInteger("failover.trials");
        List<Long> afterPromotion = new ArrayList<>();
        List<Long> afterKill = new ArrayList<>();
        long unknown = 0;
        for (int t = 0; t < trials; t++) {
            try (Fleet fleet = Fleet.start(1, 2)) {
                FleetNode primary = fleet.shard(0).primary();
                try (Connection c = primary.connect(); Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE ft_events (id text NOT NULL, k bigint NOT NULL)");
                    st.execute("ALTER SYSTEM SET synchronous_standby_names = '\"" + fleet.shard(0).replica(0).name()
                            + "\"'");
                    st.execute("SELECT pg_reload_conf()");
                }
                Path file = fleet.writeTopology(Files.createTempDirectory("sharded-jdbc-trials").resolve("s.yaml"),
                        "tables:\n  ft_events: { key: k }\n");
                try (ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + file)) {
                    ds.setUser(fleet.user());
                    ds.setPassword(fleet.password());
                    AtomicBoolean running = new AtomicBoolean(true);
                    AtomicLong lastAck = new AtomicLong();
                    AtomicLong acks = new AtomicLong();
                    AtomicLong failures = new AtomicLong();
                    AtomicLong promotedAt = new AtomicLong();
                    AtomicLong firstAckAfter = new AtomicLong();
                    List<Thread> writers = new ArrayList<>();
                    for (int w = 0; w < 2; w++) {
                        int writer = w;
                        writers.add(new Thread(() -> {
                            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                                    "INSERT INTO ft_events (id, k) VALUES (?, 1)")) {
                                for (long n = 0; running.get(); n++) {
                                    ps.setString(1, writer + "-" + n);
                                    try {
                                        ps.executeUpdate();
                                        long now = System.nanoTime();
                                        lastAck.set(now);
                                        acks.incrementAndGet();
                                        if (promotedAt.get() != 0) {
                                            firstAckAfter.compareAndSet(0, now);
                                        }
                                    } catch (SQLException e) {
                                        failures.incrementAndGet();
                                    }
                                }
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }));
                    }
                    writers.forEach(Thread::start);
                    Poll.until(WAIT, "writes flowing", () -> acks.get() > 100);
                    long killedAt = System.nanoTime();
                    primary.kill();
                    fleet.shard(0).replica(0).promote();
                    promotedAt.set(System.nanoTime());
                    Poll.until(WAIT, "writes resumed", () -> firstAckAfter.get() != 0);
                    running.set(false);
                    for (Thread w : writers) {
                        w.join(30_000);
                    }
                    afterPromotion.add((firstAckAfter.get() - promotedAt.get()) / 1_000_000);
                    afterKill.add((firstAckAfter.get() - killedAt) / 1_000_000);
                    unknown += failures.get();
                }
            }
        }
        Collections.sort(afterPromotion);
        Collections.sort(afterKill);
        System.out.println("FailoverTrialsTest: " + trials + " kills; first acknowledged write after the promotion:"
                + " p50 " + percentile(afterPromotion, 50) + " ms, p99 " + percentile(afterPromotion, 99) + " ms, max "
                + afterPromotion.get(afterPromotion.size() - 1) + " ms; after the kill (promotion included): p50 "
                + percentile(afterKill, 50) + " ms, p99 " + percentile(afterKill, 99) + " ms; " + unknown
                + " writes failed (outcome unknown)");
        assertEquals(trials, afterPromotion.size());
    }

    private static long percentile(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
