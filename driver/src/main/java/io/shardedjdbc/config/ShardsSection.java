package io.shardedjdbc.config;

import io.shardedjdbc.placement.Algorithm;
import org.yaml.snakeyaml.nodes.Node;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code shards:}: names, servers, credentials and (for range placement) key ranges. */
final class ShardsSection {
    static final List<String> SHARD_KEYS = List.of("name", "primary", "replicas", "nodes", "user", "password",
            "range");
    static final List<String> RANGE_KEYS = List.of("from", "to");
    static final List<String> REPLICA_KEYS = List.of("url", "weight");

    private final YamlNodes yaml;

    ShardsSection(YamlNodes yaml) {
        this.yaml = yaml;
    }

    List<ShardSpec> read(Node shardsNode, Algorithm algorithm) throws SQLException {
        List<Node> items = yaml.sequence(shardsNode, "shards");
        if (items.isEmpty()) {
            throw yaml.error(shardsNode, "shards", "at least one shard is required");
        }
        List<ShardSpec> shards = new ArrayList<>();
        Map<String, Node> nameNodes = new HashMap<>();
        Map<String, String> serverOwners = new HashMap<>();
        Map<String, Node> rangeNodes = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "shards[" + i + "]";
            Node item = items.get(i);
            Map<String, Node> entries = yaml.mapping(item, path, SHARD_KEYS);

            Node nameNode = entries.get("name");
            if (YamlNodes.isNull(nameNode)) {
                throw yaml.error(item, path + ".name", "every shard needs a name (placement hashes the name)");
            }
            String name = yaml.text(nameNode, path + ".name");
            Node firstWithName = nameNodes.putIfAbsent(name, nameNode);
            if (firstWithName != null) {
                throw yaml.error(nameNode, path + ".name", "duplicate shard name '" + name + "' (first at line "
                        + YamlNodes.line(firstWithName) + ")");
            }

            Node primaryNode = entries.get("primary");
            Node replicasNode = entries.get("replicas");
            Node nodesNode = entries.get("nodes");
            List<String> replicas = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            String primary;
            if (!YamlNodes.isNull(nodesNode)) {
                // servers without roles: the monitor finds which is writable; the first is only the first guess
                if (!YamlNodes.isNull(primaryNode) || !YamlNodes.isNull(replicasNode)) {
                    throw yaml.error(nodesNode, path + ".nodes", "shard '" + name + "' gives nodes: and also"
                            + " primary:/replicas:; list its servers once, either way");
                }
                List<Node> listed = yaml.sequence(nodesNode, path + ".nodes");
                if (listed.isEmpty()) {
                    throw yaml.error(nodesNode, path + ".nodes", "shard '" + name + "' lists no nodes");
                }
                List<String> urls = new ArrayList<>();
                List<Integer> nodeWeights = new ArrayList<>();
                for (int r = 0; r < listed.size(); r++) {
                    replica(listed.get(r), path + ".nodes[" + r + "]", serverOwners, urls, nodeWeights);
                }
                primary = urls.get(0);
                replicas.addAll(urls.subList(1, urls.size()));
                weights.addAll(nodeWeights.subList(1, nodeWeights.size()));
            } else if (YamlNodes.isNull(primaryNode)) {
                throw yaml.error(item, path + ".primary", "shard '" + name
                        + "' has no primary: give the JDBC URL of its primary server (or list its servers as nodes:)");
            } else {
                primary = server(primaryNode, path + ".primary", serverOwners);
            }
            if (YamlNodes.isNull(nodesNode) && !YamlNodes.isNull(replicasNode)) {
                List<Node> replicaNodes = yaml.sequence(replicasNode, path + ".replicas");
                for (int r = 0; r < replicaNodes.size(); r++) {
                    replica(replicaNodes.get(r), path + ".replicas[" + r + "]", serverOwners, replicas, weights);
                }
            }

            String user = optionalText(entries.get("user"), path + ".user");
            String password = optionalText(entries.get("password"), path + ".password");

            Long from = null;
            Long to = null;
            Node rangeNode = entries.get("range");
            if (algorithm == Algorithm.RANGE) {
                if (YamlNodes.isNull(rangeNode)) {
                    throw yaml.error(item, path + ".range", "placement algorithm range needs a range on every "
                            + "shard, e.g. range: { from: 0, to: 1000 } (from inclusive, to exclusive)");
                }
                Map<String, Node> bounds = yaml.mapping(rangeNode, path + ".range", RANGE_KEYS);
                from = optionalLong(bounds.get("from"), path + ".range.from");
                to = optionalLong(bounds.get("to"), path + ".range.to");
                if (from != null && to != null && from >= to) {
                    throw yaml.error(rangeNode, path + ".range", "from (" + from + ") must be below to (" + to
                            + "): to is the first key the shard does not own");
                }
                rangeNodes.put(name, rangeNode);
            } else if (!YamlNodes.isNull(rangeNode)) {
                throw yaml.error(rangeNode, path + ".range", "range applies only to placement algorithm range "
                        + "(this topology uses " + algorithm.yamlName() + ")");
            }
            shards.add(new ShardSpec(name, primary, replicas, weights, user, password, from, to));
        }
        if (algorithm == Algorithm.RANGE) {
            checkNoOverlap(shards, rangeNodes);
        }
        return shards;
    }

    /** A replica is its URL, or {@code { url: ..., weight: N }} to give it N times the reads of a weight-1 one. */
    private void replica(Node node, String path, Map<String, String> serverOwners, List<String> urls,
                         List<Integer> weights) throws SQLException {
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            urls.add(server(node, path, serverOwners));
            weights.add(1);
            return;
        }
        Map<String, Node> entries = yaml.mapping(node, path, REPLICA_KEYS);
        Node urlNode = entries.get("url");
        if (YamlNodes.isNull(urlNode)) {
            throw yaml.error(node, path + ".url", "a replica given as a mapping needs url: (its JDBC URL)");
        }
        urls.add(server(urlNode, path + ".url", serverOwners));
        Node weightNode = entries.get("weight");
        long weight = YamlNodes.isNull(weightNode) ? 1 : yaml.integer(weightNode, path + ".weight");
        if (weight < 1 || weight > 1000) {
            throw yaml.error(weightNode, path + ".weight", "weight must be between 1 and 1000, got " + weight);
        }
        weights.add((int) weight);
    }

    private String server(Node node, String path, Map<String, String> serverOwners) throws SQLException {
        String url = yaml.text(node, path);
        String problem = NodeUrls.problem(url);
        if (problem != null) {
            throw yaml.error(node, path, problem);
        }
        String owner = serverOwners.putIfAbsent(url, path + " (line " + YamlNodes.line(node) + ")");
        if (owner != null) {
            throw yaml.error(node, path, "the same server is already declared as " + owner);
        }
        return url;
    }

    private String optionalText(Node node, String path) throws SQLException {
        return YamlNodes.isNull(node) ? null : yaml.text(node, path);
    }

    private Long optionalLong(Node node, String path) throws SQLException {
        return YamlNodes.isNull(node) ? null : yaml.integer(node, path);
    }

    /** Overlapping ranges would make placement depend on which shard is checked first: a guess. */
    private void checkNoOverlap(List<ShardSpec> shards, Map<String, Node> rangeNodes) throws SQLException {
        for (int i = 0; i < shards.size(); i++) {
            ShardSpec a = shards.get(i);
            for (int j = 0; j < i; j++) {
                ShardSpec b = shards.get(j);
                long aFrom = a.rangeFrom() == null ? Long.MIN_VALUE : a.rangeFrom();
                long bFrom = b.rangeFrom() == null ? Long.MIN_VALUE : b.rangeFrom();
                // to is exclusive: an unbounded end is treated as owning Long.MAX_VALUE too
                boolean aBelowB = a.rangeTo() != null && a.rangeTo() <= bFrom;
                boolean bBelowA = b.rangeTo() != null && b.rangeTo() <= aFrom;
                if (!aBelowB && !bBelowA) {
                    throw yaml.error(rangeNodes.get(a.name()), "shards[" + i + "].range", "range of shard '"
                            + a.name() + "' overlaps the range of shard '" + b.name() + "' (line "
                            + YamlNodes.line(rangeNodes.get(b.name())) + "); every key must have one owner");
                }
            }
        }
    }
}
