package io.shardedjdbc.placement;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Where the keys of one keyspace live: the bound key is coerced to the keyspace's type, looked up in the
 * directory overrides, and only then handed to the topology's shard function. Immutable and thread-safe;
 * placing a bigint key allocates nothing.
 */
public final class KeyspacePlacement {

    private final String name;
    private final KeyType type;
    private final ShardFunction function;
    private final RangeTable ranges;
    /** Bigint overrides: sorted keys with the shard index of each, searched without boxing. */
    private final long[] bigintOverrideKeys;
    private final int[] bigintOverrideShards;
    /** Text and uuid overrides: coerced key (String or UUID) to shard index. */
    private final Map<Object, Integer> overrides;

    KeyspacePlacement(String name, KeyType type, ShardFunction function, Map<Object, Integer> overrides) {
        this.name = name;
        this.type = type;
        this.function = function;
        this.ranges = function instanceof RangeTable table ? table : null;
        if (type == KeyType.BIGINT) {
            long[] keys = overrides.keySet().stream().mapToLong(key -> (Long) key).sorted().toArray();
            int[] shards = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                shards[i] = overrides.get(keys[i]);
            }
            this.bigintOverrideKeys = keys;
            this.bigintOverrideShards = shards;
            this.overrides = Map.of();
        } else {
            this.bigintOverrideKeys = new long[0];
            this.bigintOverrideShards = new int[0];
            this.overrides = Map.copyOf(overrides);
        }
    }

    public String name() {
        return name;
    }

    public KeyType type() {
        return type;
    }

    /**
     * Shard index (file order) of a key as the application bound it.
     *
     * @throws SQLException {@link SqlState#BAD_KEY} when the key is null, cannot be converted to the keyspace's
     *                      type, or lies outside every declared range
     */
    public int shardOf(Object rawKey) throws SQLException {
        switch (type) {
            case BIGINT:
                return placeBigint(KeyCoercion.toBigint(name, rawKey));
            case TEXT: {
                String key = KeyCoercion.toText(name, rawKey);
                return placeHashed(key, PgHash.hashText(key));
            }
            case UUID: {
                UUID key = KeyCoercion.toUuid(name, rawKey);
                return placeHashed(key, PgHash.hashUuid(key));
            }
            default:
                throw new AssertionError(type);
        }
    }

    /** {@link #shardOf(Object)} for a {@code long}; allocation free in a bigint keyspace. */
    public int shardOfLong(long key) throws SQLException {
        if (type == KeyType.BIGINT) {
            return placeBigint(key);
        }
        return shardOf(key);
    }

    /**
     * The key as placement sees it: a {@link Long}, {@link String} or {@link UUID} for bigint, text and uuid
     * keyspaces.
     */
    public Object coerce(Object rawKey) throws SQLException {
        switch (type) {
            case BIGINT:
                return KeyCoercion.toBigint(name, rawKey);
            case TEXT:
                return KeyCoercion.toText(name, rawKey);
            case UUID:
                return KeyCoercion.toUuid(name, rawKey);
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * {@code h(k)}, the PostgreSQL hash the contract places the key by ({@code hashint8extended},
     * {@code hashtextextended} or {@code uuid_hash_extended} with seed 0), for explaining a route.
     */
    public long keyHash(Object rawKey) throws SQLException {
        Object key = coerce(rawKey);
        if (key instanceof Long value) {
            return PgHash.hashInt8(value);
        }
        if (key instanceof UUID value) {
            return PgHash.hashUuid(value);
        }
        return PgHash.hashText((String) key);
    }

    private int placeBigint(long key) throws SQLException {
        if (bigintOverrideKeys.length > 0) {
            int index = Arrays.binarySearch(bigintOverrideKeys, key);
            if (index >= 0) {
                return bigintOverrideShards[index];
            }
        }
        int shard = function.ofBigint(key);
        if (shard == ShardFunction.NO_SHARD) {
            throw SqlState.BAD_KEY.exception("Key " + key + " of keyspace '" + name + "' lies outside every shard "
                    + "range (" + ranges.describe() + "); declare a range that covers it in the topology file, "
                    + "or add a directory override for it");
        }
        return shard;
    }

    private int placeHashed(Object key, long keyHash) {
        if (!overrides.isEmpty()) {
            Integer shard = overrides.get(key);
            if (shard != null) {
                return shard;
            }
        }
        return function.ofHash(keyHash);
    }

    @Override
    public String toString() {
        return "KeyspacePlacement[" + name + ", " + type.yamlName() + "]";
    }
}
