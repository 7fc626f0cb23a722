package io.shardedjdbc.config;

import io.shardedjdbc.placement.Algorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.nodes.Node;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the composed YAML tree of a topology file into a validated {@link FileTopology}. */
final class TopologyFileParser {
    static final List<String> PLACEMENT_KEYS = List.of("algorithm", "virtualNodes");
    static final int DEFAULT_VIRTUAL_NODES = 4096;
    static final int MIN_VIRTUAL_NODES = 1;
    static final int MAX_VIRTUAL_NODES = 65536;

    private static final Logger LOG = LoggerFactory.getLogger(TopologyFileParser.class);

    private final YamlNodes yaml;

    TopologyFileParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** @return the keys allowed at the top of the file: the sections, then every {@link Setting} */
    static List<String> topLevelKeys() {
        List<String> keys = new ArrayList<>(List.of("shards", "placement", "keyspaces", "tables", "pool"));
        for (Setting s : Setting.values()) {
            keys.add(s.key());
        }
        return keys;
    }

    FileTopology parse(Node root) throws SQLException {
        Map<String, Node> top = yaml.mapping(root, "", topLevelKeys());

        Node placementNode = top.get("placement");
        Algorithm algorithm = Algorithm.RING;
        int virtualNodes = DEFAULT_VIRTUAL_NODES;
        if (!YamlNodes.isNull(placementNode)) {
            Map<String, Node> placement = yaml.mapping(placementNode, "placement", PLACEMENT_KEYS);
            Node algorithmNode = placement.get("algorithm");
            if (!YamlNodes.isNull(algorithmNode)) {
                algorithm = algorithm(algorithmNode);
            }
            Node virtualNodesNode = placement.get("virtualNodes");
            if (!YamlNodes.isNull(virtualNodesNode)) {
                if (algorithm != Algorithm.RING) {
                    throw yaml.error(virtualNodesNode, "placement.virtualNodes", "virtualNodes applies to algorithm "
                            + "ring only (this topology uses " + algorithm.yamlName() + "): remove it");
                }
                virtualNodes = virtualNodes(virtualNodesNode);
            }
        }

        Node shardsNode = top.get("shards");
        if (YamlNodes.isNull(shardsNode)) {
            throw yaml.error(shardsNode == null ? root : shardsNode, "shards",
                    "required: list the shards, each with a name and a primary JDBC URL");
        }
        List<ShardSpec> shards = new ShardsSection(yaml).read(shardsNode, algorithm);
        List<String> shardNames = new ArrayList<>();
        for (ShardSpec s : shards) {
            shardNames.add(s.name());
        }

        Map<String, KeyspaceSpec> keyspaces = new KeyspacesSection(yaml).read(top.get("keyspaces"), shardNames,
                algorithm);
        Map<String, TableSpec> tables = new TablesSection(yaml).read(top.get("tables"), keyspaces);
        Map<String, String> pool = pool(top.get("pool"));
        Map<Setting, String> settings = settings(top, shardNames);
        return new FileTopology(shards, algorithm, virtualNodes, keyspaces, tables, pool, settings);
    }

    private Algorithm algorithm(Node node) throws SQLException {
        String text = yaml.text(node, "placement.algorithm");
        Algorithm algorithm = Algorithm.fromYaml(text);
        if (algorithm == null) {
            List<String> names = new ArrayList<>();
            for (Algorithm a : Algorithm.values()) {
                names.add(a.yamlName());
            }
            throw yaml.error(node, "placement.algorithm", "unknown placement algorithm '" + text + "'"
                    + ClosestName.hint(text, names) + "; use one of " + String.join(", ", names));
        }
        return algorithm;
    }

    /** Out of range is a slip worth a warning, not a refusal: the nearest allowed count is used. */
    private int virtualNodes(Node node) throws SQLException {
        long requested = yaml.integer(node, "placement.virtualNodes");
        long clamped = Math.max(MIN_VIRTUAL_NODES, Math.min(MAX_VIRTUAL_NODES, requested));
        if (clamped != requested) {
            LOG.warn("{}:{}: placement.virtualNodes: {} is outside {}..{}; using {}", yaml.fileName(),
                    YamlNodes.line(node), requested, MIN_VIRTUAL_NODES, MAX_VIRTUAL_NODES, clamped);
        }
        return (int) clamped;
    }

    private Map<String, String> pool(Node poolNode) throws SQLException {
        Map<String, String> pool = new LinkedHashMap<>();
        if (YamlNodes.isNull(poolNode)) {
            return pool;
        }
        Map<String, Node> keyNodes = YamlNodes.keyNodes(poolNode);
        for (Map.Entry<String, Node> e : yaml.mapping(poolNode, "pool", null).entrySet()) {
            String property = e.getKey();
            String path = "pool." + property;
            String nameProblem = PoolProperties.nameProblem(property);
            if (nameProblem != null) {
                throw yaml.error(keyNodes.get(property), path, nameProblem);
            }
            String value = yaml.text(e.getValue(), path);
            String valueProblem = PoolProperties.valueProblem(property, value);
            if (valueProblem != null) {
                throw yaml.error(e.getValue(), path, valueProblem);
            }
            pool.put(property, value);
        }
        return pool;
    }

    private Map<Setting, String> settings(Map<String, Node> top, List<String> shardNames) throws SQLException {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            Node node = top.get(setting.key());
            if (YamlNodes.isNull(node)) {
                continue;
            }
            String value = yaml.text(node, setting.key());
            String problem = setting == Setting.DEFAULT_SHARD ? shardProblem(value, shardNames) : setting.problem(value);
            if (problem != null) {
                throw yaml.error(node, setting.key(), problem);
            }
            settings.put(setting, value);
        }
        return settings;
    }

    /** @return null when {@code name} is a declared shard, else a message listing the declared ones */
    static String shardProblem(String name, List<String> shardNames) {
        if (shardNames.contains(name)) {
            return null;
        }
        return "unknown shard '" + name + "'" + ClosestName.hint(name, shardNames) + " (declared: "
                + String.join(", ", shardNames) + ")";
    }
}
