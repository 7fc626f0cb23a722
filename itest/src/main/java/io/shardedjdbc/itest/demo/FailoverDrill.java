package io.shardedjdbc.itest.demo;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's {@code --failover}: during the sharded workload, shard s0's primary is killed (kill -9) at mid-run and
 * its first replica, a synchronous standby, is promoted at once, as an HA manager that has decided would. A probe
 * writer inserts users on s0 through the driver all along; the report says how long s0 took no writes, and whether
 * every acknowledged probe write is on the promoted server. Probe rows are deleted afterwards.
 */
final class FailoverDrill {
    private static final long PROBE_KEYS_FROM = 900_000_000L;

    private final FleetNode primary;
    private final FleetNode standby;
    private final Duration at;

    private FailoverDrill(FleetNode primary, FleetNode standby, Duration at) {
        this.primary = primary;
        this.standby = standby;
        this.at = at;
    }

    /** Makes s0's first replica a synchronous standby, so that its promotion loses no acknowledged write. */
    static FailoverDrill prepare(Fleet fleet, Duration workload) throws SQLException {
        FleetNode primary = fleet.shard(0).primary();
        FleetNode standby = fleet.shard(0).replica(0);
        try (Connection c = primary.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET synchronous_standby_names = '\"" + standby.name() + "\"'");
            st.execute("SELECT pg_reload_conf()");
        }
        return new FailoverDrill(primary, standby, workload.dividedBy(2));
    }

    /** One drill in progress. */
    final class Running {
        private final ShardedDataSource driver;
        private final String users;
        private final AtomicBoolean going = new AtomicBoolean(true);
        private final ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
        private final AtomicLong unknown = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong killedAt = new AtomicLong();
        private final AtomicLong promotedAt = new AtomicLong();
        private final AtomicLong firstAckAfterKill = new AtomicLong();
        private final Thread probe;
        private final Thread event;
        private volatile String problem;

        private Running(ShardedDataSource driver, SocialSchema schema) {
            this.driver = driver;
            this.users = schema.users();
            this.probe = new Thread(this::probe, "demo-failover-probe");
            this.event = new Thread(this::failover, "demo-failover");
            probe.setDaemon(true);
            event.setDaemon(true);
            probe.start();
            event.start();
        }

        private void probe() {
            long key = PROBE_KEYS_FROM;
            try (Connection c = driver.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + users + " (user_id, name) VALUES (?, 'failover probe')")) {
                while (going.get()) {
                    key = next(key);
                    ps.setLong(1, key);
                    try {
                        ps.executeUpdate();
                        acked.add(key);
                        if (killedAt.get() != 0) {
                            firstAckAfterKill.compareAndSet(0, System.nanoTime());
                        }
                    } catch (SQLException e) {
                        if ("08006".equals(e.getSQLState())) {
                            unknown.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            problem = e.getSQLState() + " " + e.getMessage();
                        }
                    }
                }
            } catch (SQLException e) {
                problem = e.toString();
            }
        }

        private long next(long key) throws SQLException {
            long k = key + 1;
            while (!driver.shardOf("user", k).equals("s0")) {
                k++;
            }
            return k;
        }

        private void failover() {
            try {
                Thread.sleep(at.toMillis()); // the event's moment in the run, not a wait for anything
                primary.kill(); // returns once the server's processes are gone: acks after it come from the new one
                killedAt.set(System.nanoTime());
                standby.promote();
                promotedAt.set(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                problem = e.toString();
            }
        }

        /** @return what happened, for the report */
        String finish() throws SQLException, InterruptedException {
            event.join(at.toMillis() + 120_000);
            going.set(false);
            probe.join(60_000);
            Set<Long> found = new HashSet<>();
            try (Connection c = standby.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT user_id FROM " + users + " WHERE user_id > "
                         + PROBE_KEYS_FROM)) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
            long lost = acked.stream().filter(k -> !found.contains(k)).count();
            try (Connection c = driver.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM " + users + " WHERE user_id IN (" + joined(found) + ")");
            }
            if (killedAt.get() == 0 || promotedAt.get() == 0) {
                return "failover drill did not run: " + problem;
            }
            long gapAfterKill = firstAckAfterKill.get() == 0 ? -1 : (firstAckAfterKill.get() - killedAt.get()) / 1_000_000;
            long gapAfterPromotion = firstAckAfterKill.get() == 0 ? -1
                    : Math.max(0, (firstAckAfterKill.get() - promotedAt.get()) / 1_000_000);
            return String.format(Locale.ROOT, "failover at %d s: %s killed (kill -9), %s promoted %d ms later;"
                            + " writes to s0 resumed %d ms after the kill (%d ms after the promotion); %d probe writes"
                            + " acknowledged, %d of them lost; %d of unknown outcome (not retried), %d failed%s",
                    at.toSeconds(), primary.name(), standby.name(), (promotedAt.get() - killedAt.get()) / 1_000_000,
                    gapAfterKill, gapAfterPromotion, acked.size(), lost, unknown.get(), failed.get(),
                    problem == null ? "" : " (" + problem + ")");
        }
    }

    /** The shards' endpoints once the drill ran: s0's is the promoted standby now. */
    java.util.List<ShardEndpoint> afterFailover(java.util.List<ShardEndpoint> shards) {
        java.util.List<ShardEndpoint> out = new java.util.ArrayList<>(shards);
        ShardEndpoint s0 = out.get(0);
        out.set(0, new ShardEndpoint(s0.name(), standby.jdbcUrl(), s0.user(), s0.password()));
        return out;
    }

    Running start(ShardedDataSource driver, SocialSchema schema) {
        return new Running(driver, schema);
    }

    private static String joined(Set<Long> keys) {
        if (keys.isEmpty()) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder();
        for (long k : keys) {
            sb.append(sb.length() == 0 ? "" : ",").append(k);
        }
        return sb.toString();
    }
}
