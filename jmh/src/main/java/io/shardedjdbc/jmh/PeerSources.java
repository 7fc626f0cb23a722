package io.shardedjdbc.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.jmh.peers.ShardingSphereSetup;

import static io.shardedjdbc.jmh.peers.ShardingSphereSetup.Routing.CLASS_BASED;
import io.shardedjdbc.jmh.suite.BenchServers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The connection sources of one side-by-side trial over {@link BenchServers}: one pool per server for
 * {@link Peer#DIRECT} (the caller picks the key's server), or the one data source of the sharding driver under test.
 * Both drivers place a bigint key {@code k} on shard {@code floorMod(k, shards)} (sharded-jdbc's {@code modulo}
 * placement, ShardingSphere's {@code FloorModShardingAlgorithm}), so all three read and write the same rows on the same servers
 * and differ only in the work each does per statement. Every source gets the same pool size per server.
 */
final class PeerSources implements AutoCloseable {
    final Peer peer;
    final BenchServers servers;
    /** One pool per server, shard order; also every peer's path for setup (DDL, loading, checks). */
    final List<HikariDataSource> shardPools = new ArrayList<>();
    private final int poolSizePerServer;
    /** The sharding driver's data source, once {@link #connect}ed; null for {@link Peer#DIRECT}. */
    private DataSource driver;
    private Path topologyDir;

    /** Opens the per-server pools; the driver under test starts in {@link #connect}, once the tables exist. */
    PeerSources(Peer peer, BenchServers servers, int poolSizePerServer) {
        this.peer = peer;
        this.servers = servers;
        this.poolSizePerServer = poolSizePerServer;
        try {
            for (int s = 0; s < servers.shardCount(); s++) {
                // a sharding peer's trial uses these for setup only: keep them from competing for the servers
                int size = peer == Peer.DIRECT ? poolSizePerServer : 2;
                shardPools.add(pool("bench-direct-s" + s, servers.primaries().get(s), size));
            }
        } catch (RuntimeException e) {
            shardPools.forEach(HikariDataSource::close);
            throw e;
        }
    }

    /**
     * Starts the driver under test, if any, over tables that exist on every server by now: ShardingSphere reads the
     * servers' table metadata once, when it starts.
     *
     * @param shardedTables logical table -> bigint sharding column, declared to both drivers
     */
    PeerSources connect(Map<String, String> shardedTables) throws SQLException, IOException {
        driver = switch (peer) {
            case DIRECT -> null;
            case SHARDED -> shardedDataSource(shardedTables, poolSizePerServer);
            case SHARDINGSPHERE -> ShardingSphereSetup.create(servers.primaries(), servers.user(),
                    servers.password(), new LinkedHashMap<>(shardedTables), poolSizePerServer, CLASS_BASED);
        };
        return this;
    }

    private DataSource shardedDataSource(Map<String, String> shardedTables, int poolSize) throws IOException {
        topologyDir = Files.createTempDirectory("sharded-jdbc-bench");
        return shardedDataSource(servers, writeTopology(servers, shardedTables, poolSize, topologyDir));
    }

    /** The sharded-jdbc topology of a side-by-side trial: the servers, modulo placement, the tables. */
    static Path writeTopology(BenchServers servers, Map<String, String> shardedTables, int poolSize, Path dir)
            throws IOException {
        StringBuilder tables = new StringBuilder();
        shardedTables.forEach((table, key) -> tables.append("  ").append(table).append(": { key: ").append(key)
                .append(" }\n"));
        return Files.writeString(dir.resolve("shards.yaml"), servers.topologyYaml("""
                placement: { algorithm: modulo }
                scatter: allow
                pool: { maximumPoolSize: %d }
                tables:
                %s""".formatted(poolSize, tables)));
    }

    static ShardedDataSource shardedDataSource(BenchServers servers, Path topology) {
        ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + topology);
        ds.setUser(servers.user());
        ds.setPassword(servers.password());
        return ds;
    }

    private HikariDataSource pool(String name, String jdbcUrl, int size) {
        return pool(servers, name, jdbcUrl, size);
    }

    static HikariDataSource pool(BenchServers servers, String name, String jdbcUrl, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(servers.user());
        config.setPassword(servers.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    int shardOf(long key) {
        return Math.floorMod(key, shardPools.size());
    }

    /** Where a statement with this key goes: the key's server for {@link Peer#DIRECT}, else the driver. */
    DataSource forKey(long key) {
        return driver != null ? driver : shardPools.get(shardOf(key));
    }

    /** The driver under test; only for the sharding peers. */
    DataSource driver() {
        if (driver == null) {
            throw new IllegalStateException(peer + " has no single data source; use forKey or shardPools");
        }
        return driver;
    }

    /** Runs {@code sql} on every server directly (DDL and loading, never measured). */
    void onEveryShard(String sql) throws SQLException {
        for (int s = 0; s < shardPools.size(); s++) {
            try (Connection c = shardPools.get(s).getConnection(); Statement st = c.createStatement()) {
                st.execute(sql.replace("{shard}", Integer.toString(s))
                        .replace("{shards}", Integer.toString(shardPools.size())));
            }
        }
    }

    /** A trial's tear-down: the sources (either may be null, as after a failed setup), then the servers. */
    static void closeBoth(PeerSources sources, BenchServers servers) throws IOException {
        try {
            if (sources != null) {
                sources.close();
            }
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (driver instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (Exception e) {
            throw new IOException("closing the " + peer + " data source failed", e);
        } finally {
            shardPools.forEach(HikariDataSource::close);
            TempFiles.deleteTree(topologyDir);
        }
    }
}
