package io.shardedjdbc.config;

import io.shardedjdbc.placement.Algorithm;

import java.util.List;
import java.util.Map;

/**
 * A loaded, validated topology file with URL overrides applied. Immutable.
 *
 * @param source       where it came from (file path or classpath resource), for messages
 * @param shards       in file order (file order is placement input for jump, modulo and range)
 * @param defaultShard name of the shard for unlisted tables; null when the file names none
 * @param keyspaces    by name; always contains every keyspace a table refers to (including "default" if used)
 * @param tables       by lower-case table name
 * @param pool         HikariCP property names to values, applied to every node's internal pool
 */
public record Topology(String source, List<ShardSpec> shards, String defaultShard, Algorithm algorithm,
                       int virtualNodes, Map<String, KeyspaceSpec> keyspaces, Map<String, TableSpec> tables,
                       Map<String, String> pool, Settings settings) {
    public Topology {
        shards = List.copyOf(shards);
        keyspaces = Map.copyOf(keyspaces);
        tables = Map.copyOf(tables);
        pool = Map.copyOf(pool);
    }

    public ShardSpec shard(String name) {
        for (ShardSpec s : shards) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    public int shardIndex(String name) {
        for (int i = 0; i < shards.size(); i++) {
            if (shards.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
