package io.shardedjdbc.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands {@link VariableReferences} in every scalar value of a composed topology file; keys stay as written.
 * It works on the node tree, after YAML parsing, so a substituted value is never read as YAML: a password
 * holding {@code : #} or quotes arrives exactly as the variable holds it. Each value keeps its line, and the
 * sections read it as they read a written one (a number from a variable is checked as a number).
 */
final class VariableSubstitution {
    private final YamlNodes yaml;
    private final Variables variables;
    // An alias shares one node between places: it is expanded once, or a "$${" escape would be expanded again
    // (and a recursive alias would never end).
    private final Map<Node, Node> expanded = new IdentityHashMap<>();

    VariableSubstitution(YamlNodes yaml, Variables variables) {
        this.yaml = yaml;
        this.variables = variables;
    }

    /** @return the tree to parse in place of {@code root} */
    Node apply(Node root) throws SQLException {
        return substitute(root, "");
    }

    private Node substitute(Node node, String path) throws SQLException {
        Node done = expanded.get(node);
        if (done != null) {
            return done;
        }
        expanded.put(node, node);
        Node result = node;
        if (node instanceof ScalarNode scalar) {
            result = scalar(scalar, path);
        } else if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node key = tuple.getKeyNode();
                String keyPath = YamlNodes.child(path, key instanceof ScalarNode k ? k.getValue() : "?");
                tuples.add(new NodeTuple(key, substitute(tuple.getValueNode(), keyPath)));
            }
            mapping.setValue(tuples);
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                items.set(i, substitute(items.get(i), path + "[" + i + "]"));
            }
        }
        expanded.put(node, result);
        return result;
    }

    private Node scalar(ScalarNode scalar, String path) throws SQLException {
        String written = scalar.getValue();
        if (!VariableReferences.present(written)) {
            return scalar;
        }
        String value;
        try {
            value = VariableReferences.expand(written, variables);
        } catch (VariableReferences.Problem p) {
            throw yaml.error(scalar, path, p.getMessage());
        }
        // Nothing left (${X:-} with X unset) reads as a key given no value, so an optional entry stays unset
        // instead of being refused as an empty string.
        Tag tag = value.isEmpty() ? Tag.NULL : scalar.getTag();
        return new ScalarNode(tag, value, scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
    }
}
