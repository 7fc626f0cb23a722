package io.shardedjdbc.placement;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HashRingTest {

    @Test
    void aKeyGoesToTheSmallestPointAtOrAboveItsHashAndWraps() {
        HashRing ring = HashRing.fromPoints(new long[][] {{-100, 50}, {0, 200}}, new int[] {0, 1});
        assertEquals(0, ring.ofHash(Long.MIN_VALUE));
        assertEquals(0, ring.ofHash(-100));
        assertEquals(1, ring.ofHash(-99));
        assertEquals(1, ring.ofHash(0));
        assertEquals(0, ring.ofHash(1));
        assertEquals(1, ring.ofHash(51));
        assertEquals(1, ring.ofHash(200));
        assertEquals(0, ring.ofHash(201), "past the largest point the ring wraps to the smallest");
        assertEquals(0, ring.ofHash(Long.MAX_VALUE));
    }

    @Test
    void anEqualPointBelongsToTheNameFirstInByteOrder() {
        List<String> names = List.of("beta", "alpha");
        HashRing ring = HashRing.fromPoints(new long[][] {{10, 20}, {20, 30}}, HashRing.byteOrder(names));
        assertEquals(3, ring.pointCount());
        assertEquals(1, ring.ofHash(15), "alpha sorts first, so it owns the shared point 20");
        assertEquals(1, ring.ofHash(20));
        assertEquals(0, ring.ofHash(5));
        assertEquals(1, ring.ofHash(25));
        assertEquals(0, ring.ofHash(31));
    }

    @Test
    void byteOrderIsUtf8ByteOrderNotJavaStringOrder() {
        // UTF-16 puts the surrogate pair of U+1F600 before U+FF21; UTF-8 bytes (F0.. vs EF..) put it after
        assertArrayEquals(new int[] {1, 0}, HashRing.byteOrder(List.of("\ud83d\ude00", "\uff21")));
        assertArrayEquals(new int[] {2, 1, 0}, HashRing.byteOrder(List.of("beta", "alpha", "Gamma")));
        assertArrayEquals(new int[] {1, 0}, HashRing.byteOrder(List.of("é", "z")));
    }

    @Test
    void ringOfOneShardOwnsEverything() throws SQLException {
        Placement placement = Placement.create(List.of("only"), Algorithm.RING, 4096, null, null);
        KeyspacePlacement keyspace = placement.keyspace("user", KeyType.BIGINT, null);
        for (long key = -1000; key < 1000; key++) {
            assertEquals(0, keyspace.shardOfLong(key));
        }
    }

    @Test
    void ringHasOnePointPerVirtualNode() {
        HashRing ring = HashRing.build(List.of("s0", "s1", "s2", "s3"), 4096);
        assertEquals(4 * 4096, ring.pointCount());
    }
}
