package io.shardedjdbc.config;

import io.shardedjdbc.placement.KeyType;
import org.yaml.snakeyaml.nodes.Node;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code tables:}. Table and column names are folded to lower case, as PostgreSQL folds unquoted
 * identifiers, and SQL double quotes around them are dropped: {@code Users}, {@code USERS} and
 * {@code '"Users"'} all name the table {@code users}.
 */
final class TablesSection {
    static final List<String> TABLE_KEYS = List.of("key", "keyspace", "broadcast", "scatter");

    private final YamlNodes yaml;

    TablesSection(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /**
     * @param keyspaces the declared keyspaces; {@code default} is added (bigint) when a table needs it implicitly
     * @return tables by lower-case name
     */
    Map<String, TableSpec> read(Node tablesNode, Map<String, KeyspaceSpec> keyspaces) throws SQLException {
        Map<String, TableSpec> tables = new LinkedHashMap<>();
        if (YamlNodes.isNull(tablesNode)) {
            return tables;
        }
        Map<String, Node> keyNodes = YamlNodes.keyNodes(tablesNode);
        Map<String, Node> firstByName = new HashMap<>();
        for (Map.Entry<String, Node> e : yaml.mapping(tablesNode, "tables", null).entrySet()) {
            String written = e.getKey();
            String path = "tables." + written;
            Node keyNode = keyNodes.get(written);
            String name = identifier(written, keyNode, path);
            Node first = firstByName.putIfAbsent(name, keyNode);
            if (first != null) {
                throw yaml.error(keyNode, path, "table '" + name + "' is listed twice (first at line "
                        + YamlNodes.line(first) + "); names are case-insensitive");
            }
            tables.put(name, table(name, e.getValue(), keyNode, path, keyspaces));
        }
        return tables;
    }

    private TableSpec table(String name, Node specNode, Node keyNode, String path,
                            Map<String, KeyspaceSpec> keyspaces) throws SQLException {
        if (YamlNodes.isNull(specNode)) {
            throw yaml.error(keyNode, path, "say how the table is placed: { key: <column> } or { broadcast: true }");
        }
        Map<String, Node> entries = yaml.mapping(specNode, path, TABLE_KEYS);
        Node columnNode = entries.get("key");
        Node keyspaceNode = entries.get("keyspace");
        Node broadcastNode = entries.get("broadcast");
        Node scatterNode = entries.get("scatter");
        boolean broadcast = !YamlNodes.isNull(broadcastNode) && yaml.bool(broadcastNode, path + ".broadcast");

        if (broadcast) {
            if (!YamlNodes.isNull(columnNode)) {
                throw yaml.error(columnNode, path + ".key", "a broadcast table has a copy on every shard and no "
                        + "shard key: remove key or broadcast");
            }
            if (!YamlNodes.isNull(keyspaceNode)) {
                throw yaml.error(keyspaceNode, path + ".keyspace", "a broadcast table belongs to no keyspace: "
                        + "remove keyspace or broadcast");
            }
            if (!YamlNodes.isNull(scatterNode)) {
                throw yaml.error(scatterNode, path + ".scatter", "scatter applies to sharded tables; broadcast "
                        + "reads go to one shard and writes to all");
            }
            return new TableSpec(name, null, null, true, null);
        }
        if (YamlNodes.isNull(columnNode)) {
            throw yaml.error(specNode, path, "table '" + name + "' has neither key nor broadcast: give its shard "
                    + "key column (key: <column>) or mark it broadcast: true");
        }
        String column = identifier(yaml.text(columnNode, path + ".key"), columnNode, path + ".key");
        String keyspace = keyspace(keyspaceNode, path + ".keyspace", keyspaces);
        ScatterPolicy scatter = null;
        if (!YamlNodes.isNull(scatterNode)) {
            String value = yaml.text(scatterNode, path + ".scatter");
            String problem = Setting.SCATTER.problem(value);
            if (problem != null) {
                throw yaml.error(scatterNode, path + ".scatter", problem);
            }
            scatter = ScatterPolicy.fromYaml(value);
        }
        return new TableSpec(name, column, keyspace, false, scatter);
    }

    private String keyspace(Node node, String path, Map<String, KeyspaceSpec> keyspaces) throws SQLException {
        if (YamlNodes.isNull(node)) {
            // the implicit default keyspace is bigint, which every placement algorithm accepts
            keyspaces.computeIfAbsent(KeyspaceSpec.DEFAULT, n -> new KeyspaceSpec(n, KeyType.BIGINT, Map.of()));
            return KeyspaceSpec.DEFAULT;
        }
        String name = yaml.text(node, path);
        if (!keyspaces.containsKey(name)) {
            String declared = keyspaces.isEmpty() ? "none" : String.join(", ", keyspaces.keySet());
            throw yaml.error(node, path, "unknown keyspace '" + name + "'" + ClosestName.hint(name, keyspaces.keySet())
                    + " (declared: " + declared + "); declare it under keyspaces:");
        }
        return name;
    }

    private String identifier(String written, Node at, String path) throws SQLException {
        String name = written;
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        name = name.trim();
        if (name.isEmpty() || name.indexOf('"') >= 0) {
            throw yaml.error(at, path, "'" + written + "' is not a usable SQL name");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
