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

    /** Topologies end up in logs: the password is left out. */
    @Override
    public String toString() {
        return "ShardSpec[name=" + name + ", primary=" + NodeUrls.redact(primary) + ", replicas="
                + replicas.stream().map(NodeUrls::redact).toList() + ", user=" + user
                + ", password=" + (password == null ? null : "***") + ", rangeFrom=" + rangeFrom
                + ", rangeTo=" + rangeTo + "]";
    }
}
