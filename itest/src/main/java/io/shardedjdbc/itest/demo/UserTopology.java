package io.shardedjdbc.itest.demo;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's own topology file for {@code --config}: its shards and credentials are kept, the demo's keyspaces
 * and tables are added (the demo's win on equal names) in a copy the demo hands to the driver, so the user's
 * file is never changed. The driver validates the copy as usual; this reader only needs the shard list.
 */
final class UserTopology {
    private UserTopology() {
    }

    static DemoTarget prepare(Path file, String user, String password, SocialSchema schema, Path derivedFile) {
        Map<String, Object> document = mapping(load(file), file, "the document");
        Object shardsNode = document.get("shards");
        if (!(shardsNode instanceof List<?> shardList) || shardList.isEmpty()) {
            throw new IllegalArgumentException(file + ": no 'shards:' list; the demo needs a topology file with"
                    + " at least one shard");
        }
        String fileUser = text(document.get("user"));
        String filePassword = text(document.get("password"));
        List<ShardEndpoint> shards = new ArrayList<>();
        for (int i = 0; i < shardList.size(); i++) {
            Map<String, Object> shard = mapping(shardList.get(i), file, "shards[" + i + "]");
            String name = text(shard.get("name"));
            String primary = text(shard.get("primary"));
            if (name == null || primary == null) {
                throw new IllegalArgumentException(file + ": shards[" + i + "] needs a name and a primary");
            }
            // the driver's order: the shard's own credentials, then those it is given, then the file's
            shards.add(new ShardEndpoint(name, primary,
                    first(text(shard.get("user")), user, fileUser),
                    first(text(shard.get("password")), password, filePassword)));
        }
        Map<String, Object> demo = mapping(new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(schema.topologyYaml()), file, "the demo schema");
        merge(document, demo, "keyspaces", file);
        merge(document, demo, "tables", file);
        write(document, derivedFile);
        return new DemoTarget(shards.size() + " shard(s) of " + file, derivedFile, user, password, shards,
                shards.get(0));
    }

    private static Object load(Path file) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no topology file " + file.toAbsolutePath() + " (a relative --config"
                    + " path starts from the directory Maven runs in)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the topology file " + file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static void merge(Map<String, Object> document, Map<String, Object> demo, String section, Path file) {
        Map<String, Object> merged = new LinkedHashMap<>();
        Object existing = document.get(section);
        if (existing != null) {
            merged.putAll(mapping(existing, file, section));
        }
        merged.putAll(mapping(demo.get(section), file, section));
        document.put(section, merged);
    }

    private static void write(Map<String, Object> document, Path target) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            Files.writeString(target, new Yaml(options).dump(document));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the demo's topology copy " + target + ": "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object node, Path file, String what) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": " + what + " must be a mapping");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
