package io.shardedjdbc.placement;

/**
 * The algorithm half of placement: a key, or its PostgreSQL hash, to a shard index in file order.
 * Implementations are immutable and allocate nothing per call.
 */
interface ShardFunction {

    /** Returned when no shard owns the key (a range placement with a gap). */
    int NO_SHARD = -1;

    /** Shard of a bigint key; by default the shard of its hash {@code hashint8extended(key, 0)}. */
    default int ofBigint(long key) {
        return ofHash(PgHash.hashInt8(key));
    }

    /** Shard of a text or uuid key given its hash {@code h(k)}. */
    int ofHash(long keyHash);

    /** Whether keys that are not bigint can be placed at all (range placement needs bigint keys). */
    default boolean placesHashes() {
        return true;
    }
}
