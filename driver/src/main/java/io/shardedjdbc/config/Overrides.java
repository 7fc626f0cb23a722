package io.shardedjdbc.config;

import java.util.List;

/**
 * Checks one setting given outside the file, as a URL query parameter or a connection property:
 * a top-level {@link Setting} or {@code pool.<HikariCP property>}.
 */
final class Overrides {
    private Overrides() {
    }

    static boolean isPool(String key) {
        return key.startsWith(ShardedUrl.POOL_PREFIX);
    }

    /**
     * @param shardNames the declared shards, to check defaultShard against; null while the file is not read yet
     * @return null when the override is acceptable, else the whole message (prefixed by {@code origin}, e.g.
     *         "URL parameter ") without ever echoing a password
     */
    static String problem(String origin, String key, String value, List<String> shardNames) {
        String where = origin + key + ": ";
        if (isPool(key)) {
            String property = key.substring(ShardedUrl.POOL_PREFIX.length());
            String problem = PoolProperties.nameProblem(property);
            if (problem == null) {
                problem = value.isEmpty() ? "empty value" : PoolProperties.valueProblem(property, value);
            }
            return problem == null ? null : where + problem;
        }
        Setting setting = Setting.byKey(key);
        if (setting == null) {
            List<String> names = ShardedUrl.parameterNames();
            return "unknown " + origin + "'" + key + "'" + ClosestName.hint(key, names) + "; known: "
                    + String.join(", ", names) + ", pool.<HikariCP property>";
        }
        String problem = setting.problem(value);
        if (problem == null && setting == Setting.DEFAULT_SHARD && shardNames != null) {
            problem = TopologyFileParser.shardProblem(value, shardNames);
        }
        return problem == null ? null : where + problem;
    }
}
