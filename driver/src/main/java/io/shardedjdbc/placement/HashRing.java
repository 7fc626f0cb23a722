package io.shardedjdbc.placement;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Consistent-hash ring: shard {@code n} owns the points {@code hashtextextended(n || '#' || i, 0)} for
 * {@code i < virtualNodes}; a key belongs to the owner of the smallest point {@code >= h(k)} (signed order),
 * wrapping to the smallest point. A point claimed by several shards belongs to the name first in byte order.
 * Lookup is a binary search over a sorted {@code long[]} with a parallel owner array: no allocation.
 */
final class HashRing implements ShardFunction {

    private final long[] points;
    private final int[] owners;

    private HashRing(long[] points, int[] owners) {
        this.points = points;
        this.owners = owners;
    }

    static HashRing build(List<String> shardNames, int virtualNodes) {
        long[][] pointsByShard = new long[shardNames.size()][virtualNodes];
        for (int shard = 0; shard < shardNames.size(); shard++) {
            String prefix = shardNames.get(shard) + '#';
            for (int i = 0; i < virtualNodes; i++) {
                pointsByShard[shard][i] = PgHash.hashText(prefix + i);
            }
        }
        return fromPoints(pointsByShard, byteOrder(shardNames));
    }

    /**
     * Ring over given points. {@code claimOrder} lists shard indices by name in byte order: the first shard
     * in it that has a point owns that point.
     */
    static HashRing fromPoints(long[][] pointsByShard, int[] claimOrder) {
        int total = 0;
        for (long[] shardPoints : pointsByShard) {
            total += shardPoints.length;
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] shardPoints : pointsByShard) {
            System.arraycopy(shardPoints, 0, all, at, shardPoints.length);
            at += shardPoints.length;
        }
        Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < total; i++) {
            if (i == 0 || all[i] != all[distinct - 1]) {
                all[distinct++] = all[i];
            }
        }
        long[] points = Arrays.copyOf(all, distinct);
        int[] owners = new int[distinct];
        Arrays.fill(owners, NO_SHARD);
        for (int shard : claimOrder) {
            for (long point : pointsByShard[shard]) {
                int index = Arrays.binarySearch(points, point);
                if (owners[index] == NO_SHARD) {
                    owners[index] = shard;
                }
            }
        }
        return new HashRing(points, owners);
    }

    /** Shard indices sorted by their names' UTF-8 bytes, compared unsigned (PostgreSQL's "C" collation). */
    static int[] byteOrder(List<String> shardNames) {
        byte[][] names = new byte[shardNames.size()][];
        Integer[] order = new Integer[shardNames.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = shardNames.get(i).getBytes(StandardCharsets.UTF_8);
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(names[x], names[y]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int ofHash(long keyHash) {
        int index = Arrays.binarySearch(points, keyHash);
        if (index < 0) {
            index = -index - 1; // first point greater than the hash
            if (index == points.length) {
                index = 0;
            }
        }
        return owners[index];
    }

    int pointCount() {
        return points.length;
    }
}
