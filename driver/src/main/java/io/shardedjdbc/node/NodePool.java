package io.shardedjdbc.node;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.pool.HikariPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The internal HikariCP pool of one node, renewed when the node comes back. HikariCP's connection adder retries a
 * failing server with a growing back-off (up to 5 s between attempts) and a single thread, and a new borrower waits
 * behind the attempt in progress; a pool made afresh when the monitor sees the node healthy again connects at the
 * first borrow. The previous pool is retired: it lends nothing more, and it is shut down once every connection it lent
 * has come back (shutting it down at once would abort connections still in use).
 */
final class NodePool {
    private static final Logger log = LoggerFactory.getLogger(NodePool.class);
    private static final long RETIRE_POLL_MILLIS = 100;

    /**
     * HikariCP's housekeeping (idle and lifetime eviction, refills, leak detection) for every node pool of the JVM:
     * each pool would otherwise start a thread of its own. Its tasks are short and periodic; a daemon thread, never
     * shut down (HikariCP leaves an executor it was given alone).
     */
    private static final java.util.concurrent.ScheduledExecutorService HOUSEKEEPING = housekeeping();

    private static java.util.concurrent.ScheduledThreadPoolExecutor housekeeping() {
        java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread t = new Thread(r, "sharded-jdbc pool housekeeper");
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
        e.setRemoveOnCancelPolicy(true); // connections' end-of-life tasks are cancelled when they close
        return e;
    }

    private final String name;
    private final HikariConfig config;
    private volatile HikariPool current;
    private final List<HikariPool> retired = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    NodePool(String name, HikariConfig config) {
        this.name = name;
        // one housekeeping thread for every node's pool instead of one per pool (64 shards made 64 of them)
        config.setScheduledExecutor(HOUSEKEEPING);
        this.config = config;
        this.current = new HikariPool(config);
    }

    Connection getConnection(long timeoutMillis) throws SQLException {
        return current.getConnection(timeoutMillis);
    }

    /** Idle connections of every generation are closed rather than lent (the server was seen failing). */
    void softEvictConnections() {
        current.softEvictConnections();
        retired.forEach(HikariPool::softEvictConnections);
    }

    /** The node is healthy again after being down: later borrows use a pool with no back-off history. */
    synchronized void renew() {
        if (closed) {
            return;
        }
        HikariPool old = current;
        current = new HikariPool(config);
        retired.add(old);
        old.softEvictConnections();
        Thread t = new Thread(() -> retire(old), "sharded-jdbc-retire " + name);
        t.setDaemon(true);
        t.start();
    }

    private void retire(HikariPool old) {
        try {
            while (!closed && old.getActiveConnections() > 0) {
                Thread.sleep(RETIRE_POLL_MILLIS); // lent connections come back on their own; nothing to signal
            }
            if (retired.remove(old)) {
                old.shutdown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes a lent connection out of whichever pool lent it. HikariCP evicts a connection whose server connection
     * fails with a class-08 error through the pool that owns it, so the server connection is closed underneath and
     * touched once through the pool's proxy; the caller still closes the proxy.
     */
    void evict(Connection c) {
        try {
            Connection physical = c.unwrap(Connection.class);
            physical.close();
            try (Statement ignored = c.createStatement()) {
                log.warn("{}: a closed connection still answered; it is returned as it is", name);
            }
        } catch (SQLException expected) {
            // 08003 from the closed server connection: the owning pool has dropped it
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
        shutdown(current);
        for (HikariPool p : retired) {
            if (retired.remove(p)) {
                shutdown(p);
            }
        }
    }

    private static void shutdown(HikariPool p) {
        try {
            p.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
