package io.shardedjdbc.config;

import io.shardedjdbc.placement.Algorithm;

import java.util.List;
import java.util.Map;

/** What the topology file alone says, validated, before URL parameters and connection properties apply. */
record FileTopology(List<ShardSpec> shards, Algorithm algorithm, int virtualNodes,
                    Map<String, KeyspaceSpec> keyspaces, Map<String, TableSpec> tables,
                    Map<String, String> pool, Map<Setting, String> settings) {
}
