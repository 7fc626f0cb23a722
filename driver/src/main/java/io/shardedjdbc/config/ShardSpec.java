package io.shardedjdbc.config;

import java.util.List;

/**
 * One shard as the topology file declares it. The name, never the host, is what placement hashes.
 *
 * @param user       credentials for this shard's nodes; null: those given to getConnection
 * @param rangeFrom  range placement only: first key owned (inclusive); null: unbounded below
 * @param rangeTo    range placement only: first key not owned (exclusive); null: unbounded above
 */
public record ShardSpec(String name, String primary, List<String> replicas, String user, String password,
                        Long rangeFrom, Long rangeTo) {
    public ShardSpec {
        replicas = List.copyOf(replicas);
    }
}
