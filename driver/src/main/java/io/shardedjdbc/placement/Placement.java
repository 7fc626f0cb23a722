package io.shardedjdbc.placement;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The placement of one topology: its shards in file order and the shard function every keyspace shares
 * (DESIGN.md section 2). Building it validates the placement settings; the result is immutable.
 */
public final class Placement {

    /** Ring size limits: enough for any real fleet, small enough that a typo cannot exhaust the heap. */
    static final int MAX_VIRTUAL_NODES = 1 << 20;
    static final long MAX_RING_POINTS = 1L << 24;

    private final List<String> shardNames;
    private final Map<String, Integer> shardIndex;
    private final Algorithm algorithm;
    private final ShardFunction function;

    private Placement(List<String> shardNames, Map<String, Integer> shardIndex, Algorithm algorithm,
                      ShardFunction function) {
        this.shardNames = shardNames;
        this.shardIndex = shardIndex;
        this.algorithm = algorithm;
        this.function = function;
    }

    /**
     * @param shardNames   shard names in file order; the names, never the hosts, are what placement hashes
     * @param algorithm    null means the contract's default, ring
     * @param virtualNodes ring only: points per shard
     * @param rangeFrom    range only, parallel to shardNames: first key owned, null for unbounded below;
     *                     the whole list may be null for the other algorithms
     * @param rangeTo      range only, parallel to shardNames: first key not owned, null for unbounded above
     * @throws SQLException {@link SqlState#CONFIG_INVALID} for missing, blank or duplicate names, a ring size out
     *                      of bounds, missing, empty or overlapping ranges, or ranges given to another algorithm
     */
    public static Placement create(List<String> shardNames, Algorithm algorithm, int virtualNodes,
                                   List<Long> rangeFrom, List<Long> rangeTo) throws SQLException {
        if (shardNames == null || shardNames.isEmpty()) {
            throw SqlState.CONFIG_INVALID.exception("The topology declares no shards; list at least one under shards:");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < shardNames.size(); i++) {
            String name = shardNames.get(i);
            if (name == null || name.isBlank()) {
                throw SqlState.CONFIG_INVALID.exception("Shard number " + (i + 1) + " has no name; give every shard "
                        + "a unique name (placement hashes the name)");
            }
            if (index.putIfAbsent(name, i) != null) {
                throw SqlState.CONFIG_INVALID.exception("Shard name '" + name + "' is used twice; shard names must "
                        + "be unique");
            }
        }
        List<String> names = List.copyOf(shardNames);
        Algorithm chosen = algorithm == null ? Algorithm.RING : algorithm;
        if (chosen != Algorithm.RANGE) {
            refuseRanges(names, chosen, rangeFrom, "from");
            refuseRanges(names, chosen, rangeTo, "to");
        }
        ShardFunction function;
        switch (chosen) {
            case RING:
                if (virtualNodes < 1 || virtualNodes > MAX_VIRTUAL_NODES
                        || (long) virtualNodes * names.size() > MAX_RING_POINTS) {
                    throw SqlState.CONFIG_INVALID.exception("placement.virtualNodes is " + virtualNodes + "; it must "
                            + "be between 1 and " + MAX_VIRTUAL_NODES + " and at most " + MAX_RING_POINTS
                            + " points in all (default 4096; never change it on live data)");
                }
                function = HashRing.build(names, virtualNodes);
                break;
            case JUMP:
                function = new JumpHash(names.size());
                break;
            case MODULO:
                function = new ModuloShards(names.size());
                break;
            case RANGE:
                function = RangeTable.build(names, rangeFrom, rangeTo);
                break;
            default:
                throw new AssertionError(chosen);
        }
        return new Placement(names, Map.copyOf(index), chosen, function);
    }

    private static void refuseRanges(List<String> names, Algorithm algorithm, List<Long> bounds, String which)
            throws SQLException {
        if (bounds == null) {
            return;
        }
        for (int i = 0; i < bounds.size(); i++) {
            if (bounds.get(i) != null) {
                String shard = i < names.size() ? "'" + names.get(i) + "'" : "number " + (i + 1);
                throw SqlState.CONFIG_INVALID.exception("Shard " + shard + " declares " + which + ": " + bounds.get(i) + " but "
                        + "placement.algorithm is " + algorithm.yamlName() + "; remove from/to or use algorithm: range");
            }
        }
    }

    /**
     * Placement of one keyspace.
     *
     * @param type                    null means the contract's default, bigint
     * @param overridesKeyToShardName directory overrides as written in the file, key to shard name; may be null
     * @throws SQLException {@link SqlState#CONFIG_INVALID} for a key type the algorithm cannot place, an
     *                      override key that is not a valid key, or two spellings of one key sent to different
     *                      shards; {@link SqlState#UNKNOWN_SHARD} for an override naming no shard
     */
    public KeyspacePlacement keyspace(String name, KeyType type, Map<String, String> overridesKeyToShardName)
            throws SQLException {
        if (name == null || name.isBlank()) {
            throw SqlState.CONFIG_INVALID.exception("A keyspace has no name; name every entry under keyspaces:");
        }
        KeyType keyType = type == null ? KeyType.BIGINT : type;
        if (keyType != KeyType.BIGINT && !function.placesHashes()) {
            throw SqlState.CONFIG_INVALID.exception("Keyspace '" + name + "' has type " + keyType.yamlName()
                    + " but placement.algorithm " + algorithm.yamlName() + " places bigint keys only; use type "
                    + "bigint or another algorithm");
        }
        Map<Object, Integer> overrides = new HashMap<>();
        Map<Object, String> spelling = new HashMap<>();
        KeyspacePlacement coercer = new KeyspacePlacement(name, keyType, function, Map.of());
        if (overridesKeyToShardName != null) {
            for (Map.Entry<String, String> override : overridesKeyToShardName.entrySet()) {
                String written = override.getKey();
                Integer shard = shardIndex.get(override.getValue());
                if (shard == null) {
                    throw SqlState.UNKNOWN_SHARD.exception("Keyspace '" + name + "' overrides key \"" + written
                            + "\" to shard '" + override.getValue() + "', which the topology does not have; use one of "
                            + String.join(", ", shardNames));
                }
                Object key;
                try {
                    key = coercer.coerce(written);
                } catch (SQLException badKey) {
                    throw SqlState.CONFIG_INVALID.exception("Override key \"" + written + "\" of keyspace '" + name
                            + "' is not a valid " + keyType.yamlName() + " key; fix or remove it", badKey);
                }
                Integer earlier = overrides.putIfAbsent(key, shard);
                if (earlier != null && !earlier.equals(shard)) {
                    throw SqlState.CONFIG_INVALID.exception("Keyspace '" + name + "' overrides the same key twice: \""
                            + spelling.get(key) + "\" to '" + shardNames.get(earlier) + "' and \"" + written + "\" to '"
                            + shardNames.get(shard) + "'; keep one");
                }
                spelling.putIfAbsent(key, written);
            }
        }
        return new KeyspacePlacement(name, keyType, function, overrides);
    }

    public int shardCount() {
        return shardNames.size();
    }

    public String shardName(int index) {
        return shardNames.get(index);
    }

    /** Shard names in file order. */
    public List<String> shardNames() {
        return shardNames;
    }

    /**
     * @return the file-order index of the named shard
     * @throws SQLException {@link SqlState#UNKNOWN_SHARD} when the topology has no such shard
     */
    public int shardIndex(String name) throws SQLException {
        Integer index = name == null ? null : shardIndex.get(name);
        if (index == null) {
            throw SqlState.UNKNOWN_SHARD.exception("There is no shard '" + name + "'; the topology has "
                    + String.join(", ", shardNames));
        }
        return index;
    }

    public Algorithm algorithm() {
        return algorithm;
    }
}
