package io.shardedjdbc.jmh.peers;

import io.shardedjdbc.SqlState;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * ShardingSphere-JDBC (5.5.2) set up as its user would for the benchmarks' fleets, so both read the same rows.
 *
 * <p>Each shard's primary becomes a data source {@code ds_i} (a HikariCP pool of pgjdbc connections, listed in
 * shard order, with HikariCP's own pool defaults). Each sharded table is split across databases only: one physical
 * table per shard, named as the logical table ({@code actualDataNodes: ds_${0..n-1}.<table>}), chosen by a standard
 * database strategy on its bigint column. Key {@code k} goes to {@code ds_<Math.floorMod(k, n)>}, where the
 * driver's {@code placement: { algorithm: modulo }} puts it, negative keys included. The built-in {@code MOD}
 * algorithm would say the same, but ShardingSphere accepts it only for auto tables, whose physical tables carry a
 * suffix ({@code <table>_i}); hence {@link Routing#INLINE} (the documented way) or {@link Routing#CLASS_BASED}.
 * Every other setting is ShardingSphere's default except {@code sql-show: false}.
 *
 * <p>Mode is Standalone with ShardingSphere's JDBC repository on an in-memory H2 database (its default provider;
 * no file is written). Each data source gets a database of its own ({@code jdbc:h2:mem:ss_<random>}): the default
 * name is shared by the whole JVM, and a second data source would empty the first one's repository. The
 * repository lives as long as the data source.
 *
 * <p>Create the tables on every shard before {@link #create}: ShardingSphere reads the shards' table metadata
 * while it starts and plans statements from it. Starting takes seconds in a fresh JVM (class loading, the SQL
 * parser, the metadata of every table of every shard) and the first statements cost tens to hundreds of
 * milliseconds: warm up before measuring.
 *
 * <p>Close the returned data source when done: it is a
 * {@code org.apache.shardingsphere.driver.jdbc.core.datasource.ShardingSphereDataSource}, which is
 * {@link AutoCloseable} and closes its pools, its executor and its repository. {@link #close(DataSource)} does
 * that without naming the class.
 */
public final class ShardingSphereSetup {

    /** A lower-case SQL identifier: it goes into YAML and into ShardingSphere's inline expressions unquoted. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private ShardingSphereSetup() {
    }

    /** How ShardingSphere computes a key's data source; both give {@code ds_<floorMod(key, shards)>}. */
    public enum Routing {
        /**
         * The built-in {@code INLINE} algorithm, {@code ds_${(key % n + n) % n}}: how ShardingSphere's documentation
         * shards a table across databases. It evaluates a Groovy expression for every routed statement.
         */
        INLINE,
        /** {@link FloorModShardingAlgorithm}, plugged in as {@code CLASS_BASED}: plain Java, no expression. */
        CLASS_BASED
    }

    /**
     * A ShardingSphere data source over the given shards' primaries.
     *
     * @param shardPrimaryJdbcUrls pgjdbc URLs of the shards' primaries, in shard (placement) order
     * @param shardedTables        logical table -> its sharding column (bigint)
     * @param poolSizePerShard     {@code maximumPoolSize} of each shard's HikariCP pool
     */
    public static DataSource create(List<String> shardPrimaryJdbcUrls, String user, String password,
                                    Map<String, String> shardedTables, int poolSizePerShard) throws SQLException {
        return create(shardPrimaryJdbcUrls, user, password, shardedTables, poolSizePerShard, Routing.INLINE);
    }

    /** As {@link #create(List, String, String, Map, int)}, with the given way to compute a key's shard. */
    public static DataSource create(List<String> shardPrimaryJdbcUrls, String user, String password,
                                    Map<String, String> shardedTables, int poolSizePerShard, Routing routing)
            throws SQLException {
        byte[] yaml = yaml(shardPrimaryJdbcUrls, user, password, shardedTables, poolSizePerShard, routing)
                .getBytes(StandardCharsets.UTF_8);
        try {
            return YamlShardingSphereDataSourceFactory.createDataSource(yaml);
        } catch (IOException e) {
            throw SqlState.CONFIG_INVALID.exception(
                    "ShardingSphere could not read the configuration this class generated: " + e.getMessage(), e);
        }
    }

    /** Closes a data source {@link #create} returned; does nothing for null. */
    public static void close(DataSource dataSource) throws SQLException {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                throw SqlState.CONNECTION_FAILURE.exception("closing the ShardingSphere data source failed: " + e, e);
            }
        }
    }

    /** The configuration {@link #create} hands ShardingSphere (also what its JDBC URL's YAML file holds). */
    public static String yaml(List<String> shardPrimaryJdbcUrls, String user, String password,
                       Map<String, String> shardedTables, int poolSizePerShard, Routing routing) throws SQLException {
        checkArguments(shardPrimaryJdbcUrls, user, password, shardedTables, poolSizePerShard);
        if (routing == null) {
            throw SqlState.INVALID_ARGUMENT.exception("give a routing (INLINE or CLASS_BASED)");
        }
        int shards = shardPrimaryJdbcUrls.size();
        StringBuilder y = new StringBuilder();
        y.append("databaseName: sharded_bench\n");
        y.append("mode:\n");
        y.append("  type: Standalone\n");
        y.append("  repository:\n");
        y.append("    type: JDBC\n");
        y.append("    props:\n");
        y.append("      provider: H2\n");
        y.append("      jdbc_url: ").append(quoted("jdbc:h2:mem:ss_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=0;DATABASE_TO_UPPER=false;MODE=MYSQL")).append('\n');
        y.append("dataSources:\n");
        for (int i = 0; i < shards; i++) {
            y.append("  ds_").append(i).append(":\n");
            y.append("    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n");
            y.append("    driverClassName: org.postgresql.Driver\n");
            y.append("    jdbcUrl: ").append(quoted(shardPrimaryJdbcUrls.get(i))).append('\n');
            y.append("    username: ").append(quoted(user)).append('\n');
            y.append("    password: ").append(quoted(password)).append('\n');
            y.append("    maximumPoolSize: ").append(poolSizePerShard).append('\n');
            // ShardingSphere fills in pool defaults of its own (minimumIdle 1, idleTimeout 60 s, keepaliveTime 0):
            // restore HikariCP's, which the direct pools of the benchmarks run with
            y.append("    minimumIdle: ").append(poolSizePerShard).append('\n');
            y.append("    idleTimeout: 600000\n");
            y.append("    keepaliveTime: 120000\n");
        }
        y.append("rules:\n");
        y.append("- !SHARDING\n");
        y.append("  tables:\n");
        for (Map.Entry<String, String> table : shardedTables.entrySet()) {
            y.append("    ").append(table.getKey()).append(":\n");
            y.append("      actualDataNodes: ds_${0..").append(shards - 1).append("}.").append(table.getKey()).append('\n');
            y.append("      databaseStrategy:\n");
            y.append("        standard:\n");
            y.append("          shardingColumn: ").append(table.getValue()).append('\n');
            y.append("          shardingAlgorithmName: ").append(table.getKey()).append("_floor_mod\n");
        }
        y.append("  shardingAlgorithms:\n");
        for (Map.Entry<String, String> table : shardedTables.entrySet()) {
            String column = table.getValue();
            y.append("    ").append(table.getKey()).append("_floor_mod:\n");
            switch (routing) {
                case INLINE -> {
                    y.append("      type: INLINE\n");
                    y.append("      props:\n");
                    // Groovy's % keeps the dividend's sign, as Java's does: adding the count first makes it floorMod
                    y.append("        algorithm-expression: \"ds_${(").append(column).append(" % ").append(shards)
                            .append(" + ").append(shards).append(") % ").append(shards).append("}\"\n");
                    // without it a range condition on the key is an error rather than a read of every shard
                    y.append("        allow-range-query-with-inline-sharding: true\n");
                }
                case CLASS_BASED -> {
                    y.append("      type: CLASS_BASED\n");
                    y.append("      props:\n");
                    y.append("        strategy: STANDARD\n");
                    y.append("        algorithmClassName: ").append(FloorModShardingAlgorithm.class.getName()).append('\n');
                    y.append("        ").append(FloorModShardingAlgorithm.COUNT_PROPERTY).append(": ").append(shards).append('\n');
                }
            }
        }
        y.append("props:\n");
        y.append("  sql-show: false\n");
        return y.toString();
    }

    private static void checkArguments(List<String> urls, String user, String password,
                                       Map<String, String> tables, int poolSize) throws SQLException {
        if (urls == null || urls.isEmpty()) {
            throw SqlState.INVALID_ARGUMENT.exception("give the JDBC URL of at least one shard's primary");
        }
        for (String url : urls) {
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                throw SqlState.INVALID_ARGUMENT.exception(
                        "each shard URL must be a pgjdbc URL (jdbc:postgresql:...), got " + url);
            }
        }
        if (user == null || password == null) {
            throw SqlState.INVALID_ARGUMENT.exception("give the user and password of the shards (may be empty, not null)");
        }
        if (tables == null || tables.isEmpty()) {
            throw SqlState.INVALID_ARGUMENT.exception("give at least one sharded table and its sharding column");
        }
        for (Map.Entry<String, String> table : tables.entrySet()) {
            if (table.getKey() == null || !IDENTIFIER.matcher(table.getKey()).matches()
                    || table.getValue() == null || !IDENTIFIER.matcher(table.getValue()).matches()) {
                throw SqlState.INVALID_ARGUMENT.exception("table and column names must be lower-case identifiers "
                        + "([a-z_][a-z0-9_]*), got " + table.getKey() + " -> " + table.getValue());
            }
        }
        if (poolSize < 1) {
            throw SqlState.INVALID_ARGUMENT.exception("poolSizePerShard must be at least 1, got " + poolSize);
        }
    }

    /** A YAML double-quoted scalar: only the backslash, the quote and control characters need escaping. */
    private static String quoted(String value) {
        StringBuilder q = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\x%02x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
