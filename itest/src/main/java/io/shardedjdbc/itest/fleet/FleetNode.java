package io.shardedjdbc.itest.fleet;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One PostgreSQL server of a fleet. Lifecycle operations block until the server reached the new state;
 * backends that do not own their servers throw {@link UnsupportedOperationException} saying which backend
 * supports them.
 */
public interface FleetNode {

    /** Unique within the fleet, e.g. {@code s0-primary}, {@code s0-replica1}. */
    String name();

    String shardName();

    /** A direct pgjdbc URL, {@code jdbc:postgresql://127.0.0.1:PORT/DB}. Stable across stop/start. */
    String jdbcUrl();

    String host();

    int port();

    /** True while the server is a standby; false for primaries and for promoted replicas. */
    boolean isReplica();

    /** Whether this fleet believes the server process is up (no network probe). */
    boolean isRunning();

    /** A new pgjdbc connection to this server with the fleet's credentials. */
    Connection connect() throws SQLException;

    /** Starts a stopped or killed server and waits until it accepts connections. */
    void start();

    /** Fast clean shutdown (active sessions are disconnected, a checkpoint is written). No-op when stopped. */
    void stop();

    /** {@code kill -9} of the postmaster and its children: a crash, recovery runs at the next start. */
    void kill();

    /** Turns this replica into a primary and waits until it accepts writes. */
    void promote();

    /**
     * Re-points this replica at {@code upstream} (a promoted sibling) and waits until it streams from there, as an
     * HA manager does after a failover.
     */
    default void follow(FleetNode upstream) {
        throw new UnsupportedOperationException("re-pointing a replica needs the local backend");
    }

    /**
     * Stops this server if it runs, replaces its data by a base backup of {@code newPrimary} and starts it as a standby
     * streaming from there: how an HA manager brings back a failed primary it cannot rewind. Blocks until it accepts
     * connections.
     */
    default void rejoin(FleetNode newPrimary) {
        throw new UnsupportedOperationException("re-initialising a server needs the local backend");
    }

    /** Stops the server's processes (SIGSTOP) for {@code pause}, then resumes them: a slow server, not a dead one. */
    default void freeze(java.time.Duration pause) {
        throw new UnsupportedOperationException("freezing a server needs the local backend");
    }

    /** Pauses WAL replay on this replica and waits until replay is actually paused (WAL is still received). */
    void pauseReplay();

    /** Resumes WAL replay on this replica. */
    void resumeReplay();
}
