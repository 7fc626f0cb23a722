package io.shardedjdbc.jmh;

import io.shardedjdbc.jmh.peers.ShardingSphereSetup;

import static io.shardedjdbc.jmh.peers.ShardingSphereSetup.Routing.CLASS_BASED;
import io.shardedjdbc.jmh.suite.BenchServers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * From creating the data source to the first row of a point SELECT, in a JVM that has not seen the driver yet
 * ({@code peer} = direct, sharded, shardingsphere): what an application's start-up and its first request pay.
 * Single shot, one measurement per fresh JVM, several JVMs; the servers and the table exist before (setup prepares
 * them through plain pgjdbc connections, so pgjdbc's own classes are loaded for every peer alike). {@code direct}
 * creates one HikariCP pool to the key's server; the drivers create their data source over 4 servers. Closing the
 * data source is not measured. The JVM start itself is {@code StartupBenchmark}'s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = 1)
@Fork(value = 5, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@State(Scope.Benchmark)
public class FirstResultBenchmark {
    static final int SHARDS = 4;
    static final int POOL_SIZE = 8;
    static final String TABLE = "bench_first";
    static final String SELECT = "SELECT name FROM " + TABLE + " WHERE item_id = ?";
    static final long KEY = 42;

    @Param({"direct", "sharded", "shardingsphere"})
    public String peer;

    private BenchServers servers;
    private PeerSources admin;
    private Path topologyDir;
    private Path topology;
    private DataSource created;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        servers = BenchServers.acquire(SHARDS);
        try {
            // DIRECT: plain pools for the setup only, the measured peer's source is created in the benchmark
            admin = new PeerSources(Peer.DIRECT, servers, 1);
            admin.onEveryShard("DROP TABLE IF EXISTS " + TABLE);
            admin.onEveryShard("CREATE TABLE " + TABLE + " (item_id bigint PRIMARY KEY, name text NOT NULL)");
            admin.onEveryShard("INSERT INTO " + TABLE + " SELECT g, 'item ' || g FROM generate_series(0, 999) g"
                    + " WHERE g % {shards} = {shard}");
            topologyDir = Files.createTempDirectory("sharded-jdbc-bench");
            topology = PeerSources.writeTopology(servers, Map.of(TABLE, "item_id"), POOL_SIZE, topologyDir);
        } catch (SQLException | IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    @Benchmark
    public String firstResult() throws SQLException {
        created = switch (Peer.named(peer)) {
            case DIRECT -> PeerSources.pool(servers, "bench-first", servers.primaries().get(
                    Math.floorMod((int) KEY, SHARDS)), POOL_SIZE);
            case SHARDED -> PeerSources.shardedDataSource(servers, topology);
            case SHARDINGSPHERE -> ShardingSphereSetup.create(servers.primaries(), servers.user(), servers.password(),
                    Map.of(TABLE, "item_id"), POOL_SIZE, CLASS_BASED);
        };
        try (Connection c = created.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(peer + " did not find item " + KEY);
                }
                return rs.getString(1);
            }
        }
    }

    @TearDown(Level.Iteration)
    public void closeCreated() throws Exception {
        if (created instanceof AutoCloseable closeable) {
            closeable.close();
        }
        created = null;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            if (admin != null) {
                admin.close();
            }
            TempFiles.deleteTree(topologyDir);
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }
}
