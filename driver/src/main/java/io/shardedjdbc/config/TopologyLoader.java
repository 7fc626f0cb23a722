package io.shardedjdbc.config;

import io.shardedjdbc.SqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Loads a topology: reads the file, expands the {@code ${NAME}} references in its values, validates it, then
 * applies URL query parameters and connection properties over the file's settings (file &lt; URL &lt; properties).
 */
public final class TopologyLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyLoader.class);

    private TopologyLoader() {
    }

    /**
     * @param info connection properties as given to {@code Driver.connect}; may be null. Keys that are neither
     *             settings nor {@code pool.<property>} are ignored: applications share one Properties among drivers.
     * @throws SQLException CONFIG_INVALID naming the file, line and key of the first problem found
     */
    public static Topology load(ShardedUrl url, Properties info) throws SQLException {
        return load(url, info, Variables.system());
    }

    /** @param variables the values of the {@code ${NAME}} references in the file */
    static Topology load(ShardedUrl url, Properties info, Variables variables) throws SQLException {
        if (url == null) {
            throw SqlState.CONFIG_INVALID.exception("no topology URL given: expected jdbc:sharded:file:<path> "
                    + "or jdbc:sharded:classpath:<resource>");
        }
        String text = TopologySource.read(url);
        YamlNodes yaml = new YamlNodes(url.location());
        Node root = compose(text, url.location());
        if (YamlNodes.isNull(root)) {
            throw SqlState.CONFIG_INVALID.exception(url.location() + ": the topology file is empty; it must "
                    + "list at least shards:");
        }
        root = new VariableSubstitution(yaml, variables).apply(root);
        FileTopology file = new TopologyFileParser(yaml).parse(root);

        List<String> shardNames = new ArrayList<>();
        for (ShardSpec s : file.shards()) {
            shardNames.add(s.name());
        }
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.putAll(file.settings());
        Map<String, String> pool = new LinkedHashMap<>(file.pool());
        for (Map.Entry<String, String> p : url.parameters().entrySet()) {
            override(p.getKey(), p.getValue(), "URL parameter ", shardNames, settings, pool);
        }
        if (info != null) {
            for (String key : new TreeSet<>(info.stringPropertyNames())) {
                String value = info.getProperty(key);
                if (isCredential(key) && value.isEmpty()) {
                    continue; // DriverManager callers pass "" for "no password"; the file or URL may have one
                }
                if (Setting.byKey(key) == null && !Overrides.isPool(key)) {
                    LOG.debug("connection property {} is not a sharded-jdbc setting; ignored", key);
                    continue;
                }
                override(key, value, "connection property ", shardNames, settings, pool);
            }
        }
        Settings merged = new Settings(settings);
        return new Topology(TopologySource.identity(url), file.shards(), merged.get(Setting.DEFAULT_SHARD),
                file.algorithm(), file.virtualNodes(), file.keyspaces(), file.tables(), pool, merged);
    }

    private static boolean isCredential(String key) {
        return Setting.USER.key().equals(key) || Setting.PASSWORD.key().equals(key);
    }

    private static Node compose(String text, String fileName) throws SQLException {
        // Composing builds the node tree only: no objects are constructed, so no type in the file can be instantiated.
        // The composer alone, without the Yaml facade, also spares start-up the facade's representer and bean
        // introspection, which reading never uses.
        LoaderOptions options = new LoaderOptions();
        try {
            return new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String line = mark == null ? "" : (mark.getLine() + 1) + ":";
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw SqlState.CONFIG_INVALID.exception(fileName + ":" + line + " invalid YAML: "
                    + e.getProblem() + context, e);
        } catch (YAMLException e) {
            throw SqlState.CONFIG_INVALID.exception(fileName + ": cannot be read as YAML: " + e.getMessage(), e);
        }
    }

    /** One override from the URL or the connection properties; {@code origin} says which in messages. */
    private static void override(String key, String value, String origin, List<String> shardNames,
                                 Map<Setting, String> settings, Map<String, String> pool) throws SQLException {
        String problem = Overrides.problem(origin, key, value, shardNames);
        if (problem != null) {
            throw SqlState.CONFIG_INVALID.exception(problem);
        }
        if (Overrides.isPool(key)) {
            pool.put(key.substring(ShardedUrl.POOL_PREFIX.length()), value);
        } else {
            settings.put(Setting.byKey(key), value);
        }
    }
}
