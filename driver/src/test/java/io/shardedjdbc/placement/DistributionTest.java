package io.shardedjdbc.placement;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Statistical properties the algorithms promise: balance, and how little moves when a shard is added. */
class DistributionTest {

    private static final int KEYS = 100_000;
    private static final List<String> FOUR = List.of("s0", "s1", "s2", "s3");
    private static final List<String> FIVE = List.of("s0", "s1", "s2", "s3", "s4");

    private static KeyspacePlacement keyspace(List<String> shards, Algorithm algorithm, KeyType type)
            throws SQLException {
        return Placement.create(shards, algorithm, 4096, null, null).keyspace("k", type, null);
    }

    private static void assertBalanced(KeyspacePlacement keyspace, boolean textKeys) throws SQLException {
        int[] counts = new int[4];
        for (long key = 1; key <= KEYS; key++) {
            counts[textKeys ? keyspace.shardOf("user-" + key) : keyspace.shardOfLong(key)]++;
        }
        for (int shard = 0; shard < 4; shard++) {
            double share = counts[shard] / (double) KEYS;
            assertTrue(share >= 0.20 && share <= 0.30, keyspace + " shard " + shard + " got " + share);
        }
    }

    @Test
    void ringSpreadsKeysEvenly() throws SQLException {
        assertBalanced(keyspace(FOUR, Algorithm.RING, KeyType.BIGINT), false);
        assertBalanced(keyspace(FOUR, Algorithm.RING, KeyType.TEXT), true);
    }

    @Test
    void jumpSpreadsKeysEvenly() throws SQLException {
        assertBalanced(keyspace(FOUR, Algorithm.JUMP, KeyType.BIGINT), false);
        assertBalanced(keyspace(FOUR, Algorithm.JUMP, KeyType.TEXT), true);
    }

    @Test
    void growingJumpFromFourToFiveMovesOnlyAFifthAndOnlyToTheNewShard() throws SQLException {
        assertOnlyNewShardGains(keyspace(FOUR, Algorithm.JUMP, KeyType.BIGINT), keyspace(FIVE, Algorithm.JUMP, KeyType.BIGINT));
    }

    @Test
    void growingTheRingMovesOnlyToTheNewShard() throws SQLException {
        assertOnlyNewShardGains(keyspace(FOUR, Algorithm.RING, KeyType.BIGINT), keyspace(FIVE, Algorithm.RING, KeyType.BIGINT));
    }

    private static void assertOnlyNewShardGains(KeyspacePlacement before, KeyspacePlacement after) throws SQLException {
        int moved = 0;
        for (long key = 1; key <= KEYS; key++) {
            int was = before.shardOfLong(key);
            int is = after.shardOfLong(key);
            if (was != is) {
                assertEquals(4, is, "key " + key + " moved from shard " + was + " to an old shard");
                moved++;
            }
        }
        double share = moved / (double) KEYS;
        assertTrue(share > 0.17 && share < 0.23, "moved " + share + ", expected about 1/5");
    }

    @Test
    void moduloUsesTheKeyItself() throws SQLException {
        KeyspacePlacement modulo = keyspace(FOUR, Algorithm.MODULO, KeyType.BIGINT);
        assertEquals(2, modulo.shardOfLong(42));
        assertEquals(3, modulo.shardOfLong(-1));
        assertEquals(0, modulo.shardOfLong(Long.MIN_VALUE));
        assertEquals(3, modulo.shardOfLong(Long.MAX_VALUE));
    }

    @Test
    void placingABigintKeyAllocatesNothing() throws SQLException {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off");
        for (Algorithm algorithm : new Algorithm[] {Algorithm.RING, Algorithm.JUMP, Algorithm.MODULO}) {
            Placement placement = Placement.create(FOUR, algorithm, 4096, null, null);
            KeyspacePlacement keyspace = placement.keyspace("k", KeyType.BIGINT, java.util.Map.of("7", "s1"));
            long sum = 0;
            for (long key = 0; key < 20_000; key++) {
                sum += keyspace.shardOfLong(key) + keyspace.shardOf((int) key);
            }
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (long key = 0; key < KEYS; key++) {
                sum += keyspace.shardOfLong(key * 7919);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(allocated < 4096, algorithm + " allocated " + allocated + " bytes for " + KEYS + " lookups");
            assertTrue(sum > 0);
        }
    }
}
