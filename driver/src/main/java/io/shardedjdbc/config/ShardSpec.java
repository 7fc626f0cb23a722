package io.shardedjdbc.config;

import java.util.List;

/**
 * One shard as the topology file declares it. The name, never the host, is what placement hashes.
 *
 * @param replicaWeights one weight (1 or more) per replica, in the same order: a replica of weight 2 gets twice
 *                   the reads of a replica of weight 1
 * @param user       credentials for this shard's nodes; null: those given to getConnection
 * @param rangeFrom  range placement only: first key owned (inclusive); null: unbounded below
 * @param rangeTo    range placement only: first key not owned (exclusive); null: unbounded above
 */
public record ShardSpec(String name, String primary, List<String> replicas, List<Integer> replicaWeights,
                        String user, String password, Long rangeFrom, Long rangeTo) {
    public ShardSpec {
        replicas = List.copyOf(replicas);
        replicaWeights = List.copyOf(replicaWeights);
        if (replicaWeights.size() != replicas.size()) {
            throw new IllegalArgumentException("one weight per replica");
        }
    }

    /** Topologies end up in logs: the password is left out. */
    @Override
    public String toString() {
        return "ShardSpec[name=" + name + ", primary=" + NodeUrls.redact(primary) + ", replicas="
                + replicas.stream().map(NodeUrls::redact).toList() + ", replicaWeights=" + replicaWeights + ", user=" + user
                + ", password=" + (password == null ? null : "***") + ", rangeFrom=" + rangeFrom
                + ", rangeTo=" + rangeTo + "]";
    }
}
