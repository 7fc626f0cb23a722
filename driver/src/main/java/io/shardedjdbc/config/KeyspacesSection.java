package io.shardedjdbc.config;

import io.shardedjdbc.placement.Algorithm;
import io.shardedjdbc.placement.KeyType;
import org.yaml.snakeyaml.nodes.Node;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads {@code keyspaces:}: key types and directory overrides. */
final class KeyspacesSection {
    static final List<String> KEYSPACE_KEYS = List.of("type", "overrides");

    private final YamlNodes yaml;

    KeyspacesSection(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** @return declared keyspaces by name, in file order */
    Map<String, KeyspaceSpec> read(Node keyspacesNode, List<String> shardNames, Algorithm algorithm)
            throws SQLException {
        Map<String, KeyspaceSpec> keyspaces = new LinkedHashMap<>();
        if (YamlNodes.isNull(keyspacesNode)) {
            return keyspaces;
        }
        for (Map.Entry<String, Node> e : yaml.mapping(keyspacesNode, "keyspaces", null).entrySet()) {
            String name = e.getKey();
            String path = "keyspaces." + name;
            Node specNode = e.getValue();
            KeyType type = KeyType.BIGINT;
            Map<String, String> overrides = new LinkedHashMap<>();
            if (!YamlNodes.isNull(specNode)) {
                Map<String, Node> entries = yaml.mapping(specNode, path, KEYSPACE_KEYS);
                Node typeNode = entries.get("type");
                if (!YamlNodes.isNull(typeNode)) {
                    type = type(typeNode, path + ".type");
                    if (algorithm == Algorithm.RANGE && type != KeyType.BIGINT) {
                        throw yaml.error(typeNode, path + ".type", "placement algorithm range places bigint "
                                + "keys only; keyspace '" + name + "' is " + type.yamlName());
                    }
                }
                Node overridesNode = entries.get("overrides");
                if (!YamlNodes.isNull(overridesNode)) {
                    readOverrides(overridesNode, path + ".overrides", type, shardNames, overrides);
                }
            }
            keyspaces.put(name, new KeyspaceSpec(name, type, overrides));
        }
        return keyspaces;
    }

    private KeyType type(Node node, String path) throws SQLException {
        String text = yaml.text(node, path);
        KeyType type = KeyType.fromYaml(text);
        if (type == null) {
            List<String> names = new ArrayList<>();
            for (KeyType t : KeyType.values()) {
                names.add(t.yamlName());
            }
            throw yaml.error(node, path, "unknown key type '" + text + "'" + ClosestName.hint(text, names)
                    + "; use one of " + String.join(", ", names));
        }
        return type;
    }

    private void readOverrides(Node node, String path, KeyType type, List<String> shardNames,
                               Map<String, String> overrides) throws SQLException {
        Map<String, Node> keyNodes = YamlNodes.keyNodes(node);
        for (Map.Entry<String, Node> e : yaml.mapping(node, path, null).entrySet()) {
            String keyPath = path + "." + e.getKey();
            String key = canonicalKey(e.getKey(), type, keyNodes.get(e.getKey()), keyPath);
            String shard = yaml.text(e.getValue(), keyPath);
            if (!shardNames.contains(shard)) {
                throw yaml.error(e.getValue(), keyPath, "unknown shard '" + shard + "'"
                        + ClosestName.hint(shard, shardNames) + " (declared: " + String.join(", ", shardNames)
                        + ")");
            }
            if (overrides.put(key, shard) != null) {
                throw yaml.error(keyNodes.get(e.getKey()), keyPath, "key " + key
                        + " is overridden twice (written differently)");
            }
        }
    }

    /** Lookups compare canonical text, so "007" and "7" are the same bigint key and a UUID's case does not matter. */
    private String canonicalKey(String written, KeyType type, Node keyNode, String path) throws SQLException {
        try {
            switch (type) {
                case BIGINT:
                    return Long.toString(Long.parseLong(written));
                case UUID:
                    if (written.length() != 36) {
                        throw new IllegalArgumentException();
                    }
                    return UUID.fromString(written).toString();
                default:
                    return written;
            }
        } catch (IllegalArgumentException e) {
            throw yaml.error(keyNode, path, "'" + written + "' is not a " + type.yamlName()
                    + " key (the keyspace's type)");
        }
    }
}
