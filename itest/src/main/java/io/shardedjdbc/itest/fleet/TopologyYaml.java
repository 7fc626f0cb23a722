package io.shardedjdbc.itest.fleet;

import java.util.List;

/** Renders a fleet's shard list in the driver's topology format. */
final class TopologyYaml {
    private TopologyYaml() {
    }

    static String render(List<FleetShard> shards, String extraYaml) {
        StringBuilder yaml = new StringBuilder("shards:\n");
        for (FleetShard shard : shards) {
            yaml.append("  - name: ").append(shard.name()).append('\n');
            yaml.append("    primary: ").append(quoted(shard.primary().jdbcUrl())).append('\n');
            if (!shard.replicas().isEmpty()) {
                yaml.append("    replicas: [");
                for (int i = 0; i < shard.replicas().size(); i++) {
                    yaml.append(i == 0 ? "" : ", ").append(quoted(shard.replicas().get(i).jdbcUrl()));
                }
                yaml.append("]\n");
            }
        }
        if (extraYaml != null && !extraYaml.isBlank()) {
            yaml.append(extraYaml);
            if (!extraYaml.endsWith("\n")) {
                yaml.append('\n');
            }
        }
        return yaml.toString();
    }

    // Quoted so that no YAML reader has to decide whether "jdbc:postgresql:" starts a mapping.
    private static String quoted(String url) {
        return '"' + url.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
