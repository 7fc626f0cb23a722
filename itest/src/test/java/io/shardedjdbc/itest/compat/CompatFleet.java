package io.shardedjdbc.itest.compat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;
import io.shardedjdbc.itest.fleet.SharedFleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared fleet as a tool sees it: a topology file of the test's own tables (after the fleet's shards), a
 * {@link ShardedDataSource} over it, application HikariCP pools whose jdbcUrl is the jdbc:sharded: URL, and direct
 * looks at every shard's primary to check what the tool did.
 */
final class CompatFleet implements AutoCloseable {
    final Fleet fleet = SharedFleet.get();
    final Path topologyFile;
    final String url;
    final ShardedDataSource dataSource;
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** @param yaml the topology after {@code shards:} (keyspaces, tables, settings) */
    CompatFleet(String prefix, String yaml) {
        try {
            Path dir = Files.createTempDirectory("sharded-jdbc-compat");
            topologyFile = fleet.writeTopology(dir.resolve(prefix + "shards.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        url = "jdbc:sharded:file:" + topologyFile;
        dataSource = new ShardedDataSource(url);
        dataSource.setUser(fleet.user());
        dataSource.setPassword(fleet.password());
    }

    /** An application pool over the jdbc:sharded: URL, as Spring Boot builds it from spring.datasource.url. */
    HikariDataSource pool(String name, int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(fleet.user());
        config.setPassword(fleet.password());
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** A logical connection straight from the {@link ShardedDataSource}, no application pool in between. */
    Connection connectLogical() throws SQLException {
        return dataSource.getConnection();
    }

    /** SCRATCH probe hook. */
    javax.sql.DataSource tool(HikariDataSource pool, String name, int directShard) {
        String mode = System.getProperty("compat.probe");
        if (mode == null) {
            return pool;
        }
        javax.sql.DataSource target = pool;
        if (mode.equals("direct")) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(primary(directShard).jdbcUrl());
            config.setUsername(fleet.user());
            config.setPassword(fleet.password());
            config.setMaximumPoolSize(4);
            HikariDataSource direct = new HikariDataSource(config);
            pools.add(direct);
            target = direct;
        }
        try {
            io.shardedjdbc.ShardedConnection explainer = dataSource.getConnection().unwrap(io.shardedjdbc.ShardedConnection.class);
            return new SqlRecorder(Path.of("/tmp/compat-probe/" + mode + "-" + name + ".log"), target, explainer).dataSource();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int shardCount() {
        return fleet.shards().size();
    }

    /** The index of the shard named {@code name} (the Flyway tests' history table lives on the defaultShard). */
    int shardIndex(String name) {
        for (int s = 0; s < shardCount(); s++) {
            if (shardName(s).equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no shard " + name);
    }

    String shardName(int shard) {
        return fleet.shard(shard).name();
    }

    FleetNode primary(int shard) {
        return fleet.shard(shard).primary();
    }

    /** The index of the shard the driver places a key on. */
    int shardOf(String keyspace, Object key) throws SQLException {
        String name = dataSource.shardOf(keyspace, key);
        for (int i = 0; i < shardCount(); i++) {
            if (shardName(i).equals(name)) {
                return i;
            }
        }
        throw new AssertionError("the driver names shard " + name + ", which the fleet does not have");
    }

    /** The first {@code count} keys from {@code from} up that land on {@code shard}. */
    List<Long> keysOn(String keyspace, int shard, long from, int count) throws SQLException {
        List<Long> keys = new ArrayList<>();
        for (long k = from; keys.size() < count; k++) {
            if (shardOf(keyspace, k) == shard) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** One key per shard, from {@code from} up, in shard order. */
    List<Long> oneKeyPerShard(String keyspace, long from) throws SQLException {
        List<Long> keys = new ArrayList<>();
        for (int s = 0; s < shardCount(); s++) {
            keys.add(keysOn(keyspace, s, from, 1).get(0));
        }
        return keys;
    }

    /** Runs statements directly on every shard's primary (set-up and clean-up that must not go through the driver). */
    void onEveryPrimary(String... sql) throws SQLException {
        for (int s = 0; s < shardCount(); s++) {
            try (Connection c = primary(s).connect(); Statement st = c.createStatement()) {
                for (String statement : sql) {
                    st.execute(statement);
                }
            }
        }
        awaitReplicas();
    }

    long count(int shard, String countSql) throws SQLException {
        try (Connection c = primary(shard).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(countSql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The shards whose primary has rows for a count query, looked up directly. */
    List<Integer> shardsWithRows(String countSql) throws SQLException {
        List<Integer> found = new ArrayList<>();
        for (int s = 0; s < shardCount(); s++) {
            if (count(s, countSql) > 0) {
                found.add(s);
            }
        }
        return found;
    }

    boolean tableExists(int shard, String table) throws SQLException {
        return count(shard, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename = '"
                + table + "'") == 1;
    }

    /** A table's columns on one shard's primary, as "name type" in column order. */
    List<String> columns(int shard, String table) throws SQLException {
        try (Connection c = primary(shard).connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT column_name || ' ' || data_type FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            return columns;
        }
    }

    /** A table's constraints on one shard's primary, as "type:columns" (p primary key, f foreign key, u unique). */
    List<String> constraints(int shard, String table) throws SQLException {
        try (Connection c = primary(shard).connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT con.contype::text || ':' || (SELECT string_agg(a.attname, ',' ORDER BY a.attname)"
                        + " FROM pg_catalog.pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey))"
                        + " || CASE WHEN con.confrelid <> 0 THEN '->' || con.confrelid::regclass::text ELSE '' END"
                        + " FROM pg_catalog.pg_constraint con WHERE con.conrelid = ?::regclass AND con.contype IN ('p','f','u')"
                        + " ORDER BY 1")) {
            ps.setString(1, "public." + table);
            List<String> constraints = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    constraints.add(rs.getString(1));
                }
            }
            return constraints;
        }
    }

    /**
     * Waits until every replica has replayed what its primary has now: a read through the driver may go to a
     * replica, and a table or role it has not replayed yet does not exist there.
     */
    void awaitReplicas() throws SQLException {
        for (var shard : fleet.shards()) {
            String target;
            try (Connection c = shard.primary().connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                rs.next();
                target = rs.getString(1);
            }
            for (FleetNode replica : shard.replicas()) {
                Poll.until(Duration.ofSeconds(30), replica.name() + " at " + target, () -> replayed(replica, target));
            }
        }
    }

    private static boolean replayed(FleetNode replica, String target) {
        try (Connection c = replica.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(replica.name() + ": " + e.getMessage(), e);
        }
    }

    /** A single value of a query on one logical connection, as text. */
    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return rs.getString(1);
        }
    }

    /** A SQLException's SQLSTATE and message, and those of its causes, for assertion messages. */
    static String describe(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = t; e != null && text.length() < 4000; e = e.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(e.getClass().getSimpleName());
            if (e instanceof SQLException sql) {
                text.append('[').append(sql.getSQLState()).append(']');
            }
            text.append(": ").append(e.getMessage());
            if (e.getCause() == e) {
                break;
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        for (HikariDataSource pool : pools) {
            pool.close();
        }
        dataSource.close();
    }
}
