package io.shardedjdbc.placement;

import java.util.List;

/**
 * The algorithm's own placement step for the routing benchmark's baselines: the ring's binary search, jump hash's
 * loop or modulo's {@code floorMod}, without the keyspace's override check and (for ring and jump) without the key
 * hash. The shard functions are internal to the placement package, so this probe lives in that package (benchmarks
 * jar only) instead of widening the driver's API for a measurement. It was first written for the ring alone, hence
 * the name.
 */
public final class RingProbe {
    private final ShardFunction function;
    /** Modulo places a bigint key itself; ring and jump place its hash. */
    private final boolean placesBigintDirectly;

    private RingProbe(ShardFunction function, boolean placesBigintDirectly) {
        this.function = function;
        this.placesBigintDirectly = placesBigintDirectly;
    }

    /** The ring {@link Placement#create} builds for these shard names and virtual node count. */
    public static RingProbe of(List<String> shardNames, int virtualNodes) {
        return of(Algorithm.RING, shardNames, virtualNodes);
    }

    /**
     * The shard function {@link Placement#create} builds for ring, jump or modulo; range placement needs its
     * bounds and is not offered.
     *
     * @param virtualNodes ring only
     */
    public static RingProbe of(Algorithm algorithm, List<String> shardNames, int virtualNodes) {
        List<String> names = List.copyOf(shardNames);
        switch (algorithm) {
            case RING:
                return new RingProbe(HashRing.build(names, virtualNodes), false);
            case JUMP:
                return new RingProbe(new JumpHash(names.size()), false);
            case MODULO:
                return new RingProbe(new ModuloShards(names.size()), true);
            default:
                throw new IllegalArgumentException("no probe for placement algorithm " + algorithm.yamlName()
                        + "; use ring, jump or modulo");
        }
    }

    /**
     * What {@link #step} consumes for a bigint key: the key itself for modulo, {@code hashint8extended(key, 0)} for
     * ring and jump. Computed once per key, outside the measurement.
     */
    public long stepInput(long bigintKey) {
        return placesBigintDirectly ? bigintKey : PgHash.hashInt8(bigintKey);
    }

    /** Shard index of a {@link #stepInput}: one binary search, one jump loop or one {@code floorMod}. */
    public int step(long input) {
        return placesBigintDirectly ? function.ofBigint(input) : function.ofHash(input);
    }

    /** Shard index owning {@code keyHash} (a text or uuid key's hash for every algorithm). */
    public int ofHash(long keyHash) {
        return function.ofHash(keyHash);
    }

    /** Ring points, or 0 for the algorithms without a ring. */
    public int pointCount() {
        return function instanceof HashRing ring ? ring.pointCount() : 0;
    }
}
