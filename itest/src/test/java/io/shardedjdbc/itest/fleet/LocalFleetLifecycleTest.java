package io.shardedjdbc.itest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Stop, kill -9, restart, promote and replay pause on real servers; each test owns a 1 x (1+1) fleet. */
class LocalFleetLifecycleTest {
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(20);

    @Test
    void pausedReplicaReceivesButDoesNotShowNewRowsUntilResumed() throws Exception {
        try (LocalFleet fleet = LocalFleet.start(LocalFleetOptions.of(1, 1))) {
            FleetNode primary = fleet.shard(0).primary();
            FleetNode replica = fleet.shard(0).replica(0);
            FleetSql.execute(primary, "CREATE TABLE items (id bigint PRIMARY KEY)");
            FleetSql.insert(primary, "items", 1);
            Poll.until(VISIBLE_WITHIN, "row 1 on the replica", () -> FleetSql.hasRow(replica, "items", 1));

            replica.pauseReplay();
            FleetSql.insert(primary, "items", 2);
            String written = FleetSql.queryString(primary, "SELECT pg_current_wal_lsn()");
            Poll.until(VISIBLE_WITHIN, "the replica to receive WAL up to " + written, () -> received(replica, written));
            long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < until) {
                assertTrue(FleetSql.queryBoolean(replica, "SELECT pg_is_wal_replay_paused()"));
                assertFalse(FleetSql.hasRow(replica, "items", 2), "a paused replica must not apply new rows");
            }

            replica.resumeReplay();
            Poll.until(VISIBLE_WITHIN, "row 2 on the resumed replica", () -> FleetSql.hasRow(replica, "items", 2));
            assertFalse(FleetSql.queryBoolean(replica, "SELECT pg_is_wal_replay_paused()"));
        }
    }

    private static boolean received(FleetNode replica, String lsn) {
        try {
            return FleetSql.queryBoolean(replica, "SELECT pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void killedPrimaryRestartsOnItsPortWithItsRowsAndItsReplicaFollowsAgain() throws Exception {
        try (LocalFleet fleet = LocalFleet.start(LocalFleetOptions.of(1, 1))) {
            FleetNode primary = fleet.shard(0).primary();
            FleetNode replica = fleet.shard(0).replica(0);
            FleetSql.execute(primary, "CREATE TABLE items (id bigint PRIMARY KEY)");
            FleetSql.insert(primary, "items", 1);
            int port = primary.port();

            primary.kill();
            assertFalse(primary.isRunning());
            assertRefused(port);

            primary.start();
            assertEquals(port, primary.port());
            assertTrue(FleetSql.hasRow(primary, "items", 1), "a committed row survives kill -9");
            FleetSql.insert(primary, "items", 2);
            Poll.until(VISIBLE_WITHIN, "row 2 on the replica after the primary's restart",
                    () -> FleetSql.hasRow(replica, "items", 2));

            // a replica that was down catches up from the WAL its slot kept
            replica.stop();
            assertRefused(replica.port());
            FleetSql.insert(primary, "items", 3);
            replica.start();
            Poll.until(VISIBLE_WITHIN, "row 3 on the restarted replica", () -> FleetSql.hasRow(replica, "items", 3));

            primary.stop();
            primary.stop(); // already stopped: nothing to do
            assertRefused(port);
            primary.start();
            assertTrue(FleetSql.hasRow(primary, "items", 3));
            assertThrows(FleetException.class, primary::start, "starting a running node is a mistake");
        }
    }

    @Test
    void promotedReplicaAcceptsWrites() throws Exception {
        try (LocalFleet fleet = LocalFleet.start(LocalFleetOptions.of(1, 1))) {
            FleetNode primary = fleet.shard(0).primary();
            FleetNode replica = fleet.shard(0).replica(0);
            FleetSql.execute(primary, "CREATE TABLE items (id bigint PRIMARY KEY)");
            FleetSql.insert(primary, "items", 1);
            Poll.until(VISIBLE_WITHIN, "row 1 on the replica", () -> FleetSql.hasRow(replica, "items", 1));
            SQLException readOnly = assertThrows(SQLException.class, () -> FleetSql.insert(replica, "items", 2));
            assertEquals("25006", readOnly.getSQLState());

            primary.kill();
            replica.promote();

            assertFalse(replica.isReplica());
            assertFalse(FleetSql.queryBoolean(replica, "SELECT pg_is_in_recovery()"));
            FleetSql.insert(replica, "items", 2);
            assertTrue(FleetSql.hasRow(replica, "items", 2));
            assertThrows(FleetException.class, replica::pauseReplay);
        }
    }

    @Test
    void closeKillsEveryServerAndDeletesTheFleetDirectory() throws Exception {
        LocalFleet fleet = LocalFleet.start(LocalFleetOptions.of(1, 1));
        Path directory = fleet.directory();
        List<ProcessHandle> postmasters = new ArrayList<>();
        for (FleetNode node : fleet.nodes()) {
            postmasters.add(ProcessHandle.of(((LocalNode) node).pid().orElseThrow()).orElseThrow());
        }
        assertTrue(Files.isDirectory(directory));

        fleet.close();

        assertFalse(Files.exists(directory), directory + " must be deleted");
        for (FleetNode node : fleet.nodes()) {
            assertFalse(node.isRunning());
            assertRefused(node.port());
        }
        for (ProcessHandle postmaster : postmasters) {
            assertTrue(OsProcesses.isGone(postmaster), "postmaster " + postmaster.pid() + " must be dead");
        }
        fleet.close(); // idempotent
    }

    @Test
    void failedStartReportsTheTailOfTheServerLog() throws Exception {
        try (LocalFleet fleet = LocalFleet.start(LocalFleetOptions.of(1, 0))) {
            FleetNode primary = fleet.shard(0).primary();
            primary.stop();
            try (ServerSocket squatter = new ServerSocket()) {
                squatter.bind(new InetSocketAddress(InetAddress.getByName(primary.host()), primary.port()));
                FleetException failure = assertThrows(FleetException.class, primary::start);
                assertTrue(failure.getMessage().contains("Address already in use"), failure.getMessage());
                assertTrue(failure.getMessage().contains(primary.name() + ".log"), failure.getMessage());
            }
            primary.start();
            assertEquals("1", FleetSql.queryString(primary, "SELECT 1"));
        }
    }

    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(LocalNode.HOST), port), 2000);
            } catch (ConnectException e) {
                throw e;
            } catch (IOException e) {
                throw new AssertionError("expected a refused connection on port " + port, e);
            }
        }, "port " + port + " must refuse connections");
    }
}
