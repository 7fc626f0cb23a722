package io.shardedjdbc.placement;

import java.util.List;

/**
 * The driver's {@link HashRing} for the routing benchmark's ring-lookup baseline. The ring is internal to the
 * placement package, so this probe lives in that package (benchmarks jar only) instead of widening the driver's
 * API for a measurement.
 */
public final class RingProbe {
    private final HashRing ring;

    private RingProbe(HashRing ring) {
        this.ring = ring;
    }

    /** The ring {@link Placement#create} builds for these shard names and virtual node count. */
    public static RingProbe of(List<String> shardNames, int virtualNodes) {
        return new RingProbe(HashRing.build(List.copyOf(shardNames), virtualNodes));
    }

    /** Shard index owning {@code keyHash}: one binary search over the sorted ring points. */
    public int ofHash(long keyHash) {
        return ring.ofHash(keyHash);
    }

    public int pointCount() {
        return ring.pointCount();
    }
}
