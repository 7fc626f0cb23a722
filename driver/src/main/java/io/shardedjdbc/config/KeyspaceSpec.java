package io.shardedjdbc.config;

import io.shardedjdbc.placement.KeyType;

import java.util.Map;

/**
 * A keyspace: tables co-located by one key.
 *
 * @param overrides directory overrides, key (as written in the file) to shard name; consulted before the algorithm
 */
public record KeyspaceSpec(String name, KeyType type, Map<String, String> overrides) {
    public static final String DEFAULT = "default";

    public KeyspaceSpec {
        overrides = Map.copyOf(overrides);
    }
}
