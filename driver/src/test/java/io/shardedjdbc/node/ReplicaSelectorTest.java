package io.shardedjdbc.node;

import io.shardedjdbc.config.ReplicaSelection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replica choice from published health states: pure logic, no server (the nodes' pools never connect). */
class ReplicaSelectorTest {
    private final Node primary = node("s0/primary", false, 1);
    private final Node a = node("s0/replica0", true, 1);
    private final Node b = node("s0/replica1", true, 3);
    private final Shard shard = new Shard(0, "s0", primary, List.of(a, b));

    private static Node node(String name, boolean replica, int weight) {
        return new Node(name, "jdbc:postgresql://127.0.0.1:1/app", replica, weight, "u", "p",
                Map.of("maximumPoolSize", "1"));
    }

    @AfterEach
    void closePools() {
        shard.close();
    }

    private static void healthy(Node n, long lsn, long lagMillis) {
        n.publish(new NodeHealth(true, true, lsn, 1, lagMillis, 0, 0, null, 1, 0));
    }

    private static ReplicaSelector selector(ReplicaSelection policy, boolean failWhenNone) {
        return new ReplicaSelector(1, policy, 1_000, -1, failWhenNone);
    }

    @Test
    void roundRobinFollowsTheWeights() throws SQLException {
        healthy(a, 100, 0);
        healthy(b, 100, 0);
        ReplicaSelector s = selector(ReplicaSelection.ROUND_ROBIN, false);
        Map<Node, Integer> picks = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            picks.merge(s.choose(shard, 0, null), 1, Integer::sum);
        }
        assertEquals(Map.of(a, 100, b, 300), picks);
    }

    @Test
    void randomFollowsTheWeightsRoughly() throws SQLException {
        healthy(a, 100, 0);
        healthy(b, 100, 0);
        ReplicaSelector s = selector(ReplicaSelection.RANDOM, false);
        int toB = 0;
        for (int i = 0; i < 4_000; i++) {
            toB += s.choose(shard, 0, null) == b ? 1 : 0;
        }
        assertTrue(toB > 2_700 && toB < 3_300, "weight 3 of 4 got " + toB + " of 4000");
    }

    @Test
    void leastLagPicksTheReplicaFurthestInTheWal() throws SQLException {
        healthy(a, 300, 0);
        healthy(b, 200, 0);
        assertSame(a, selector(ReplicaSelection.LEAST_LAG, false).choose(shard, 0, null));
    }

    @Test
    void downLaggingPromotedAndTooOldReplicasAreSkipped() throws SQLException {
        ReplicaSelector s = selector(ReplicaSelection.ROUND_ROBIN, false);
        assertSame(primary, s.choose(shard, 0, null), "nothing checked yet: the primary");
        healthy(a, 100, 0);
        healthy(b, 100, 5_000);
        for (int i = 0; i < 10; i++) {
            assertSame(a, s.choose(shard, 0, null), "b lags past maxReplicaLag");
        }
        assertSame(primary, s.choose(shard, 101, null), "no replica has replayed position 101");
        healthy(b, 200, 0);
        assertSame(b, s.choose(shard, 150, null));
        a.markDown("connection refused");
        b.publish(new NodeHealth(true, false, 500, 2, 0, 0, 0, null, 1, 0));
        assertSame(b, shard.primary(), "b was promoted: roles are discovered, b is the shard's primary now");
        assertSame(b, s.choose(shard, 0, null), "a is down: the read goes to the primary, b");
    }

    @Test
    void aBoundInBytesAppliesWhenSet() throws SQLException {
        a.publish(new NodeHealth(true, true, 100, 1, 0, 5_000, 0, null, 1, 0));
        healthy(b, 100, 0);
        ReplicaSelector bytes = new ReplicaSelector(1, ReplicaSelection.ROUND_ROBIN, 1_000, 4_096, false);
        for (int i = 0; i < 10; i++) {
            assertSame(b, bytes.choose(shard, 0, null), "a is 5000 bytes behind, the bound is 4096");
        }
        ReplicaSelector timeOnly = selector(ReplicaSelection.ROUND_ROBIN, false);
        Map<Node, Integer> picks = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            picks.merge(timeOnly.choose(shard, 0, null), 1, Integer::sum);
        }
        assertEquals(Map.of(a, 2, b, 6), picks, "no byte bound: both by weight");
    }

    @Test
    void aMonotonicSessionStaysOnItsReplica() throws SQLException {
        healthy(a, 100, 0);
        healthy(b, 100, 0);
        ReplicaSelector s = selector(ReplicaSelection.ROUND_ROBIN, false);
        for (int i = 0; i < 10; i++) {
            assertSame(b, s.choose(shard, 0, b));
        }
        b.markDown("gone");
        assertSame(primary, s.choose(shard, 0, b));
    }

    @Test
    void noHealthyReplicaIsAnErrorOnlyWhenConfigured() throws SQLException {
        a.markDown("connection refused");
        b.markDown("connection refused");
        assertSame(primary, selector(ReplicaSelection.ROUND_ROBIN, false).choose(shard, 0, null));
        SQLException e = assertThrows(SQLException.class,
                () -> selector(ReplicaSelection.ROUND_ROBIN, true).choose(shard, 0, null));
        assertEquals("SJ011", e.getSQLState());
        assertTrue(e.getMessage().contains("s0/replica0: down (connection refused)"), e.getMessage());
        healthy(a, 100, 0);
        assertSame(primary, selector(ReplicaSelection.ROUND_ROBIN, true).choose(shard, 200, null),
                "healthy but not far enough for the session: the primary, not an error");
    }
}
