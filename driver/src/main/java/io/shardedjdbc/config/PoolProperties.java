package io.shardedjdbc.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HikariCP properties a topology may set for every node's internal pool. Values are kept as text, under
 * HikariCP's own property names, so they can be handed to HikariCP as they are; checking them here means a
 * typo is reported with its line at load time rather than when the first pool starts.
 */
final class PoolProperties {
    /** Properties under this prefix are passed to pgjdbc as connection properties (e.g. dataSource.sslmode). */
    static final String DATA_SOURCE_PREFIX = "dataSource.";

    private enum Type { INT, MILLIS, BOOLEAN, TEXT }

    private static final Map<String, Type> SETTABLE = Map.ofEntries(
            Map.entry("allowPoolSuspension", Type.BOOLEAN),
            Map.entry("autoCommit", Type.BOOLEAN),
            Map.entry("catalog", Type.TEXT),
            Map.entry("connectionInitSql", Type.TEXT),
            Map.entry("connectionTestQuery", Type.TEXT),
            Map.entry("connectionTimeout", Type.MILLIS),
            Map.entry("exceptionOverrideClassName", Type.TEXT),
            Map.entry("idleTimeout", Type.MILLIS),
            Map.entry("initializationFailTimeout", Type.MILLIS),
            Map.entry("isolateInternalQueries", Type.BOOLEAN),
            Map.entry("keepaliveTime", Type.MILLIS),
            Map.entry("leakDetectionThreshold", Type.MILLIS),
            Map.entry("maxLifetime", Type.MILLIS),
            Map.entry("maximumPoolSize", Type.INT),
            Map.entry("minimumIdle", Type.INT),
            Map.entry("poolName", Type.TEXT),
            Map.entry("readOnly", Type.BOOLEAN),
            Map.entry("registerMbeans", Type.BOOLEAN),
            Map.entry("schema", Type.TEXT),
            Map.entry("transactionIsolation", Type.TEXT),
            Map.entry("validationTimeout", Type.MILLIS));

    /** HikariCP properties the driver sets itself, per node, from the shard declarations and credentials. */
    private static final Map<String, String> OWNED_BY_DRIVER = Map.of(
            "jdbcUrl", "each node's URL comes from shards[].primary and shards[].replicas",
            "username", "set user at the top level, per shard, in the URL or in the connection properties",
            "password", "set password at the top level, per shard, in the URL or in the connection properties",
            "driverClassName", "nodes always use the PostgreSQL driver",
            "dataSourceClassName", "nodes always use the PostgreSQL driver",
            "dataSourceJNDI", "nodes always use the PostgreSQL driver");

    private PoolProperties() {
    }

    /** @return the names a user may set, sorted, for "did you mean" hints and messages */
    static List<String> names() {
        List<String> names = new ArrayList<>(SETTABLE.keySet());
        names.sort(null);
        return names;
    }

    /** @return null when the property name can be set from a topology, else what is wrong with it */
    static String nameProblem(String name) {
        if (name.startsWith(DATA_SOURCE_PREFIX) && name.length() > DATA_SOURCE_PREFIX.length()) {
            String property = name.substring(DATA_SOURCE_PREFIX.length());
            if (property.equals("user") || property.equals("password")) {
                return "'" + name + "' cannot be set here: " + OWNED_BY_DRIVER.get(property.equals("user")
                        ? "username" : "password");
            }
            return null;
        }
        if (SETTABLE.containsKey(name)) {
            return null;
        }
        String owned = OWNED_BY_DRIVER.get(name);
        if (owned != null) {
            return "'" + name + "' cannot be set here: " + owned;
        }
        return "unknown HikariCP property '" + name + "'" + ClosestName.hint(name, SETTABLE.keySet())
                + "; settable: " + String.join(", ", names()) + ", dataSource.<pgjdbc property>";
    }

    /** @return null when the value suits the (known) property, else what is wrong with it */
    static String valueProblem(String name, String value) {
        Type type = SETTABLE.getOrDefault(name, Type.TEXT);
        switch (type) {
            case INT:
                try {
                    Integer.parseInt(value);
                    return null;
                } catch (NumberFormatException e) {
                    return "expected an integer, got '" + value + "'";
                }
            case MILLIS:
                try {
                    Long.parseLong(value);
                    return null;
                } catch (NumberFormatException e) {
                    return "expected a number of milliseconds, got '" + value + "'";
                }
            case BOOLEAN:
                return "true".equals(value) || "false".equals(value) ? null
                        : "expected true or false, got '" + value + "'";
            default:
                return null;
        }
    }
}
