package io.shardedjdbc.itest.twophase;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedConnection;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read-your-writes and consistency tokens after a transaction that wrote two shards: both shards' commits are
 * covered, so with every replica's replay paused the committing connection (and one holding its token) still reads
 * both writes, while a connection without them may read a stale replica.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiShardReadYourWritesTest {
    private TwoPhaseFleet fx;

    @BeforeAll
    void start() throws SQLException {
        fx = new TwoPhaseFleet(2, 1);
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    @Test
    void aMultiShardCommitIsCoveredOnEveryShardItWrote() throws SQLException {
        ShardedDataSource ds = fx.dataSource("");
        long a = TwoPhaseFleet.keyOn(ds, 0, 1);
        long b = TwoPhaseFleet.keyOn(ds, 1, 1);
        Poll.until(TwoPhaseFleet.WAIT, "every replica readable (the table replayed)",
                () -> readable(ds) && replayedTable());
        for (var shard : fx.fleet.shards()) {
            shard.replica(0).pauseReplay();
        }
        try {
            String token;
            try (Connection writer = ds.getConnection()) {
                writer.setAutoCommit(false);
                insert(writer, a);
                insert(writer, b);
                writer.commit();
                writer.setAutoCommit(true);
                assertEquals(1, count(writer, a), "read-your-writes on the decision shard");
                assertEquals(1, count(writer, b), "read-your-writes on the prepared shard");
                token = writer.unwrap(ShardedConnection.class).consistencyToken();
            }
            assertTrue(token.contains("s0:") && token.contains("s1:"), "the token covers both shards: " + token);
            try (Connection reader = ds.getConnection(); Connection stranger = ds.getConnection()) {
                reader.unwrap(ShardedConnection.class).setConsistency("eventual");
                reader.unwrap(ShardedConnection.class).requireToken(token);
                assertEquals(1, count(reader, a));
                assertEquals(1, count(reader, b));
                stranger.unwrap(ShardedConnection.class).setConsistency("eventual");
                assertEquals(0, count(stranger, a) + count(stranger, b),
                        "without the token the paused replicas answer, stale: the checks above could fail");
            }
        } finally {
            for (var shard : fx.fleet.shards()) {
                shard.replica(0).resumeReplay();
            }
        }
    }

    private static boolean readable(ShardedDataSource ds) {
        try {
            return ds.nodes().stream().filter(NodeStatus::replica).allMatch(NodeStatus::readable);
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean replayedTable() {
        for (var shard : fx.fleet.shards()) {
            FleetNode replica = shard.replica(0);
            try (Connection c = replica.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT to_regclass('tp_accounts') IS NOT NULL")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            } catch (SQLException e) {
                return false;
            }
        }
        return true;
    }

    private static void insert(Connection c, long account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tp_accounts (account_id, balance) VALUES (?, 5)")) {
            ps.setLong(1, account);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static long count(Connection c, long account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tp_accounts WHERE account_id = ?")) {
            ps.setLong(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
