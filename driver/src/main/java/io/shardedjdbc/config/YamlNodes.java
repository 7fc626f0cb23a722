package io.shardedjdbc.config;

import io.shardedjdbc.SqlState;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a composed YAML tree. Every failure becomes CONFIG_INVALID naming the file, the 1-based line
 * and the key path ({@code shards.yaml:12: tables.posts.keyspace: ...}); that is why the loader walks nodes
 * instead of loading the document into maps, which forgets where values were.
 */
final class YamlNodes {
    private final String fileName;

    YamlNodes(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    SQLException error(Node at, String path, String problem) {
        String where = path.isEmpty() ? "" : path + ": ";
        return SqlState.CONFIG_INVALID.exception(fileName + ":" + line(at) + ": " + where + problem);
    }

    /** An explicit {@code ~}, {@code null} or nothing after the colon: treated as if the key were absent. */
    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    /**
     * @param known the keys allowed here; an unknown key is refused with the closest known one as a hint
     * @return key to value node, in file order; each key's own node is kept for duplicate messages only
     */
    Map<String, Node> mapping(Node node, String path, Collection<String> known) throws SQLException {
        if (!(node instanceof MappingNode)) {
            throw error(node, path, "expected a mapping (key: value), got " + describe(node));
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Node> keyNodes = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode) || isNull(keyNode)) {
                throw error(keyNode, path, "a key must be a plain name, got " + describe(keyNode));
            }
            String key = ((ScalarNode) keyNode).getValue();
            if (known != null && !known.contains(key)) {
                throw error(keyNode, child(path, key), "unknown key '" + key + "'" + ClosestName.hint(key, known)
                        + "; known here: " + String.join(", ", known));
            }
            Node previous = keyNodes.put(key, keyNode);
            if (previous != null) {
                throw error(keyNode, child(path, key), "duplicate key '" + key + "' (first at line "
                        + line(previous) + ")");
            }
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    /** The key nodes of a mapping, by key, for messages about a key rather than its value. */
    static Map<String, Node> keyNodes(Node mapping) {
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) mapping).getValue()) {
            keys.put(((ScalarNode) tuple.getKeyNode()).getValue(), tuple.getKeyNode());
        }
        return keys;
    }

    List<Node> sequence(Node node, String path) throws SQLException {
        if (!(node instanceof SequenceNode)) {
            throw error(node, path, "expected a list ([a, b] or '- a' lines), got " + describe(node));
        }
        return ((SequenceNode) node).getValue();
    }

    /** @return the text of a scalar, never empty */
    String text(Node node, String path) throws SQLException {
        if (isNull(node)) {
            throw error(node, path, "a value is required");
        }
        if (!(node instanceof ScalarNode)) {
            throw error(node, path, "expected a single value, got " + describe(node));
        }
        String value = ((ScalarNode) node).getValue();
        if (value.isEmpty()) {
            throw error(node, path, "a value is required, got an empty string");
        }
        return value;
    }

    boolean bool(Node node, String path) throws SQLException {
        String value = text(node, path);
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw error(node, path, "expected true or false, got '" + value + "'");
    }

    long integer(Node node, String path) throws SQLException {
        String value = text(node, path);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(node, path, "expected a whole number (64-bit), got '" + value + "'");
        }
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
