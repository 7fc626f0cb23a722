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
 * after the promotion the first write is acknowledged again, p50 and p99; and with driver-led promotion, how long
 * from the kill to the promotion. Run with
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
                Trial trial = run(fleet, "", () -> fleet.shard(0).replica(0).promote());
                afterPromotion.add(trial.firstAckAfterPromotion);
                afterKill.add(trial.firstAckAfterKill);
                unknown += trial.failures;
            }
        }
        System.out.println("FailoverTrialsTest: " + trials + " kills; first acknowledged write after the promotion:"
                + " p50 " + percentile(afterPromotion, 50) + " ms, p99 " + percentile(afterPromotion, 99) + " ms, max "
                + max(afterPromotion) + " ms; after the kill (promotion included): p50 " + percentile(afterKill, 50)
                + " ms, p99 " + percentile(afterKill, 99) + " ms; " + unknown + " writes failed (outcome unknown)");
        assertEquals(trials, afterPromotion.size());
    }

    /**
     * Driver-led promotion with default settings ({@code promotion: driver}; the witness is the other shard's
     * primary): from the kill to the promoted standby writable, and to the first acknowledged write.
     */
    @Test
    void detectionToPromotionWithDriverLedPromotion() throws Exception {
        int trials = Integer.getInteger("failover.trials");
        List<Long> toPromotion = new ArrayList<>();
        List<Long> afterKill = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            try (Fleet fleet = Fleet.start(2, 2)) {
                Trial trial = run(fleet, "promotion: driver\n", () -> Poll.until(WAIT, "a standby promoted",
                        () -> writable(fleet.shard(0).replica(0)) || writable(fleet.shard(0).replica(1))));
                toPromotion.add(trial.promotedAfterKill);
                afterKill.add(trial.firstAckAfterKill);
            }
        }
        System.out.println("FailoverTrialsTest: " + trials + " kills with driver-led promotion; kill to promotion"
                + " done: p50 " + percentile(toPromotion, 50) + " ms, p99 " + percentile(toPromotion, 99) + " ms, max "
                + max(toPromotion) + " ms; kill to the first acknowledged write: p50 " + percentile(afterKill, 50)
                + " ms, p99 " + percentile(afterKill, 99) + " ms");
        assertEquals(trials, toPromotion.size());
    }

    /** What one kill measured, in milliseconds. */
    private record Trial(long promotedAfterKill, long firstAckAfterPromotion, long firstAckAfterKill, long failures) {
    }

    /**
     * Two writers on shard s0 (whose first standby is synchronous); its primary is killed and {@code failover} runs
     * (it returns once a standby is writable).
     */
    private static Trial run(Fleet fleet, String settings, Runnable failover) throws Exception {
        FleetNode primary = fleet.shard(0).primary();
        for (var shard : fleet.shards()) {
            try (Connection c = shard.primary().connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE ft_events (id text NOT NULL, k bigint NOT NULL)");
            }
        }
        try (Connection c = primary.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET synchronous_standby_names = '\"" + fleet.shard(0).replica(0).name() + "\"'");
            st.execute("SELECT pg_reload_conf()");
        }
        Path file = fleet.writeTopology(Files.createTempDirectory("sharded-jdbc-trials").resolve("s.yaml"),
                settings + "tables:\n  ft_events: { key: k }\n");
        try (ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + file)) {
            ds.setUser(fleet.user());
            ds.setPassword(fleet.password());
            long key = 1;
            while (!ds.shardOf("default", key).equals("s0")) {
                key++;
            }
            long k = key;
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong acks = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            AtomicLong since = new AtomicLong();
            AtomicLong firstAckAfter = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writers.add(new Thread(() -> {
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO ft_events (id, k) VALUES (?, ?)")) {
                        for (long n = 0; running.get(); n++) {
                            ps.setString(1, writer + "-" + n);
                            ps.setLong(2, k);
                            try {
                                ps.executeUpdate();
                                acks.incrementAndGet();
                                if (since.get() != 0) {
                                    firstAckAfter.compareAndSet(0, System.nanoTime());
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
            failover.run();
            long promotedAt = System.nanoTime();
            since.set(promotedAt);
            Poll.until(WAIT, "writes resumed", () -> firstAckAfter.get() != 0);
            running.set(false);
            for (Thread w : writers) {
                w.join(30_000);
            }
            return new Trial((promotedAt - killedAt) / 1_000_000, (firstAckAfter.get() - promotedAt) / 1_000_000,
                    (firstAckAfter.get() - killedAt) / 1_000_000, failures.get());
        }
    }

    private static boolean writable(FleetNode node) {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT NOT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
