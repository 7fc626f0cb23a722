package io.shardedjdbc.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Driver-led promotion, for fleets without an HA manager (setting {@code promotion: driver}): when a shard's primary is
 * down, one instance of all those on the fleet promotes the shard's most advanced standby with {@code pg_promote()}
 * and re-points the other standbys at it. The promoter is elected through PostgreSQL: a session advisory lock, per
 * shard, on another shard's primary (the witness), held for the whole promotion; an instance that cannot reach the
 * witness, or does not get the lock, promotes nothing and follows what the monitor sees. Under the lock the promoter
 * looks again, on fresh connections: it does nothing if the old primary answers within the monitor timeout (slow is
 * not dead) or if another node is writable already (someone else promoted).
 */
public final class Promoter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Promoter.class);
    /** The advisory lock's first key: 'sjpr', so the driver's locks are recognisable among the application's. */
    private static final int LOCK_CLASS = 0x736a7072;

    private final List<Shard> shards;
    private final int timeoutMillis;
    private final org.postgresql.Driver pgjdbc = new org.postgresql.Driver();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sharded-jdbc-promoter");
        t.setDaemon(true);
        return t;
    });
    /** Shards with an attempt queued or running, so that checks arriving meanwhile start no second one. */
    private final java.util.Set<Shard> pending = ConcurrentHashMap.newKeySet();

    public Promoter(List<Shard> shards, int timeoutMillis) {
        this.shards = shards;
        this.timeoutMillis = timeoutMillis;
        shards.forEach(s -> s.promoter(this));
    }

    /** The shard has no writable node and its primary is down: try to promote, once at a time per shard. */
    void primaryLost(Shard shard) {
        if (shards.size() < 2 || !pending.add(shard)) {
            return;
        }
        worker.execute(() -> {
            try {
                attempt(shard);
            } catch (SQLException | RuntimeException e) {
                log.warn("shard {}: driver-led promotion did not happen: {}", shard.name(), e.toString());
            } finally {
                pending.remove(shard);
            }
        });
    }

    private void attempt(Shard shard) throws SQLException {
        Node witness = shards.get((shard.index() + 1) % shards.size()).primary();
        int key = shard.name().hashCode();
        try (Connection lock = connect(witness); Statement st = lock.createStatement()) {
            boolean elected;
            try (ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + key + ")")) {
                rs.next();
                elected = rs.getBoolean(1);
            }
            if (!elected) {
                log.info("shard {}: another instance is promoting (it holds the lock on {})", shard.name(),
                        witness.name());
                return;
            }
            try {
                promoteUnderLock(shard);
            } finally {
                st.execute("SELECT pg_advisory_unlock(" + LOCK_CLASS + ", " + key + ")");
            }
        } catch (SQLException e) {
            throw new SQLException("cannot elect a promoter on witness " + witness.name() + " (" + e.getMessage()
                    + "); nothing was promoted", e.getSQLState(), e);
        }
    }

    private void promoteUnderLock(Shard shard) throws SQLException {
        Node old = shard.primary();
        try (Connection c = connect(old)) {
            log.info("shard {}: its primary {} answers; nothing promoted", shard.name(), old.name());
            return;
        } catch (SQLException down) {
            // down as the monitor said: go on
        }
        Node best = null;
        long bestLsn = -1;
        for (Node n : shard.nodes()) {
            if (n == old) {
                continue;
            }
            try (Connection c = connect(n); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn(), '0/0')::text")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    log.info("shard {}: {} is writable already; nothing promoted", shard.name(), n.name());
                    return;
                }
                long lsn = Lsn.parse(rs.getString(2));
                if (lsn > bestLsn || lsn == bestLsn && n.name().compareTo(best.name()) < 0) {
                    best = n;
                    bestLsn = lsn;
                }
            } catch (SQLException unreachable) {
                log.debug("shard {}: {} not reachable for promotion: {}", shard.name(), n.name(),
                        unreachable.getMessage());
            }
        }
        if (best == null) {
            log.warn("shard {}: {} is down and no standby is reachable: nothing to promote", shard.name(), old.name());
            return;
        }
        try (Connection c = connect(best); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_promote(true, 60)")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new SQLException(best.name() + " did not finish its promotion within 60 s");
            }
        }
        log.warn("shard {}: promoted {} (replayed to {}) because {} is down", shard.name(), best.name(),
                Lsn.format(bestLsn), old.name());
        String conninfo = conninfo(best);
        for (Node n : shard.nodes()) {
            if (n == old || n == best) {
                continue;
            }
            try (Connection c = connect(n); Statement st = c.createStatement()) {
                st.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + " application_name="
                        + n.name().replaceAll("[^A-Za-z0-9_]", "_") + "'");
                st.execute("ALTER SYSTEM SET primary_slot_name = ''");
                st.execute("SELECT pg_reload_conf()");
                log.warn("shard {}: {} re-pointed at {}", shard.name(), n.name(), best.name());
            } catch (SQLException e) {
                log.warn("shard {}: could not re-point {} at {}: {}", shard.name(), n.name(), best.name(),
                        e.getMessage());
            }
        }
    }

    /** The new primary as a libpq connection string for the standbys' WAL receivers, with the driver's credentials. */
    private static String conninfo(Node n) {
        String rest = n.jdbcUrl().substring("jdbc:postgresql://".length());
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        String port = colon < 0 ? "5432" : hostPort.substring(colon + 1);
        StringBuilder sb = new StringBuilder("host=").append(host).append(" port=").append(port);
        if (n.user() != null) {
            sb.append(" user=").append(n.user());
        }
        if (n.password() != null) {
            sb.append(" password=").append(n.password());
        }
        return sb.toString();
    }

    /** A connection of its own, outside the pools, bounded by the monitor timeout. */
    private Connection connect(Node n) throws SQLException {
        Connection c = n.connectDirect(pgjdbc, timeoutMillis, "sharded-jdbc promoter");
        c.setNetworkTimeout(Runnable::run, 90_000); // pg_promote waits up to 60 s
        return c;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
