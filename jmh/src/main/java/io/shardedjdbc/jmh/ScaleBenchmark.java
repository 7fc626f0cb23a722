package io.shardedjdbc.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static io.shardedjdbc.jmh.FanOutQueries.COUNT;
import static io.shardedjdbc.jmh.FanOutQueries.TABLE;
import static io.shardedjdbc.jmh.FanOutQueries.TOP_TEN;

/**
 * How the driver's costs grow with the number of shards: N shards as N databases spread over two local servers (so
 * 64 shards cost two server processes, not 64, on a 2-core machine), {@code shardCount} = 4, 16, 64, one benchmark
 * thread. The same {@value #EVENTS} events are spread over the shards whatever N is, so a cross-shard read scans the
 * same rows in total and what grows is the fan-out.
 * <ul>
 *   <li>{@code shardedCount}, {@code shardedTopTen}: {@code count(*)} and {@code ORDER BY score LIMIT 10} across
 *       every shard through the driver; {@code idealCount}, {@code idealTopTen}: the same shard texts through a
 *       hand-written parallel fan-out over one HikariCP pool per database (the first shard on the calling thread,
 *       the others on N-1 threads, as the driver splits it), merged by hand.</li>
 *   <li>{@code shardedPointSelect}, {@code directPointSelect}: a SELECT by key, through the driver and on the
 *       owner's direct pool.</li>
 * </ul>
 * Each trial also prints one {@code ScaleBenchmark footprint} line: the data source's creation to its first
 * cross-shard result (a second data source, in a JVM that has loaded the driver), then heap in use after a full
 * collection (the whole JVM, the benchmark's direct pools included), the driver's live threads (named
 * {@code sharded-jdbc...}), and the physical connections the driver holds on the servers (its pools' and its
 * monitor's), once right after that first result and once after the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(1)
@State(Scope.Benchmark)
public class ScaleBenchmark {
    static final int SERVERS = 2;
    static final int EVENTS = 64_000;
    private static final int MAX_CONNECTIONS = 400;
    private static final String POOL_APPLICATION = "sharded-jdbc scale";

    @Param({"4", "16", "64"})
    public int shardCount;

    private Fleet fleet;
    private Path topologyDir;
    private ShardedDataSource sharded;
    private final List<HikariDataSource> shardPools = new ArrayList<>();
    private DirectFanOut fanOut;
    private String topTenOnShard;
    private String countOnShard;
    private long nextKey;
    private final int[] ownerOf = new int[EVENTS + 1];
    private String idle;

    @Setup(Level.Trial)
    public void start() throws Exception {
        fleet = Fleet.start(SERVERS, 0);
        try {
            for (int server = 0; server < SERVERS; server++) {
                // 32 databases a server: the driver's pools and monitor, and the direct pools, need more than the
                // fleet's 100 connections (README, "Connections per server")
                FleetNode node = fleet.shard(server).primary();
                try (Connection c = node.connect(); Statement st = c.createStatement()) {
                    st.execute("ALTER SYSTEM SET max_connections = " + MAX_CONNECTIONS);
                }
                node.stop();
                node.start();
            }
            List<String> urls = createDatabases();
            topologyDir = Files.createTempDirectory("sharded-jdbc-scale");
            Path topology = topologyDir.resolve("shards.yaml");
            StringBuilder yaml = new StringBuilder("""
                    keyspaces:
                      event: { type: bigint }
                    tables:
                      %s: { key: event_id, keyspace: event }
                    scatter: allow
                    pool:
                      dataSource.ApplicationName: %s
                    shards:
                    """.formatted(TABLE, POOL_APPLICATION));
            for (int s = 0; s < shardCount; s++) {
                yaml.append("  - name: s").append(s).append("\n    primary: ").append(urls.get(s)).append('\n');
            }
            Files.writeString(topology, yaml);
            for (String url : urls) {
                shardPools.add(pool(url));
            }
            fanOut = new DirectFanOut(shardPools);
            try (ShardedDataSource placement = dataSource(topology)) {
                fill(placement);
            }
            // a second data source in a JVM that has loaded the driver: what creating one costs per shard
            long created = System.nanoTime();
            sharded = dataSource(topology);
            long firstCount = FanOutQueries.count(sharded, COUNT);
            long firstResultMillis = (System.nanoTime() - created) / 1_000_000;
            if (firstCount != EVENTS) {
                throw new IllegalStateException("the driver counted " + firstCount + " events, expected " + EVENTS);
            }
            idle = "first cross-shard result " + firstResultMillis + " ms after creating the data source; right"
                    + " after it: " + footprint();
            topTenOnShard = TOP_TEN;
            countOnShard = COUNT;
            long ideal = FanOutQueries.sum(fanOut.onEveryShard(p -> FanOutQueries.count(p, countOnShard)));
            if (ideal != EVENTS) {
                throw new IllegalStateException("the direct fan-out counted " + ideal + ", expected " + EVENTS);
            }
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    /** Shard {@code s} is database {@code scale_s} on server {@code s % SERVERS}. */
    private List<String> createDatabases() throws SQLException {
        List<String> urls = new ArrayList<>();
        for (int s = 0; s < shardCount; s++) {
            FleetNode server = fleet.shard(s % SERVERS).primary();
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE scale_" + s);
            }
            String base = server.jdbcUrl();
            urls.add(base.substring(0, base.lastIndexOf('/') + 1) + "scale_" + s);
        }
        return urls;
    }

    private HikariDataSource pool(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(fleet.user());
        config.setPassword(fleet.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    private ShardedDataSource dataSource(Path topology) {
        ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + topology);
        ds.setUser(fleet.user());
        ds.setPassword(fleet.password());
        return ds;
    }

    /** Each event goes to the shard the driver places its key on, in one INSERT per shard. */
    private void fill(ShardedDataSource placement) throws SQLException {
        List<List<Long>> idsByShard = new ArrayList<>();
        for (int s = 0; s < shardCount; s++) {
            idsByShard.add(new ArrayList<>());
        }
        for (long id = 1; id <= EVENTS; id++) {
            int owner = Integer.parseInt(placement.shardOf("event", id).substring(1));
            idsByShard.get(owner).add(id);
            ownerOf[(int) id] = owner;
        }
        for (int s = 0; s < shardCount; s++) {
            try (Connection c = shardPools.get(s).getConnection()) {
                FanOutQueries.createEvents(c, idsByShard.get(s));
            }
        }
    }

    /** Heap after a full collection, live threads, and the driver's connections on the servers. */
    private String footprint() throws SQLException {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // the driver's threads only: the benchmark's own direct pools and fan-out run in this JVM too
        java.util.Map<String, Long> threads = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("sharded-jdbc")) {
                // "sharded-jdbc s12/primary:connection-adder" -> "connection-adder", "sharded-jdbc-scatter-7" -> scatter
                String kind = name.replaceAll("^sharded-jdbc[- ]?(s\\d+/[^: ]+[: ])?", "").replaceAll("[-\\d]+$", "");
                threads.merge(kind, 1L, Long::sum);
            }
        }
        long pools = 0;
        long monitor = 0;
        for (int server = 0; server < SERVERS; server++) {
            try (Connection c = fleet.shard(server).primary().connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE application_name = '"
                         + POOL_APPLICATION + "'), count(*) FILTER (WHERE application_name = 'sharded-jdbc monitor')"
                         + " FROM pg_stat_activity WHERE datname LIKE 'scale\\_%'")) {
                rs.next();
                pools += rs.getLong(1);
                monitor += rs.getLong(2);
            }
        }
        long total = threads.values().stream().mapToLong(Long::longValue).sum();
        return String.format(Locale.ROOT, "heap %.1f MB after GC (the whole JVM), %d driver threads %s, %d pooled + %d"
                + " monitor connections", heap / 1e6, total, threads, pools, monitor);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        try {
            if (sharded != null && idle != null) {
                System.out.println("ScaleBenchmark footprint shardCount=" + shardCount + ": " + idle
                        + "; after the measurement: " + footprint());
            }
            if (fanOut != null) {
                fanOut.close();
            }
            shardPools.forEach(HikariDataSource::close);
            if (sharded != null) {
                sharded.close();
            }
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            TempFiles.deleteTree(topologyDir);
        }
    }

    @Benchmark
    public long shardedCount() throws SQLException {
        return FanOutQueries.count(sharded, COUNT);
    }

    @Benchmark
    public long idealCount() throws SQLException {
        return FanOutQueries.sum(fanOut.onEveryShard(p -> FanOutQueries.count(p, countOnShard)));
    }

    @Benchmark
    public long[][] shardedTopTen() throws SQLException {
        return FanOutQueries.topTen(sharded, TOP_TEN);
    }

    @Benchmark
    public long[][] idealTopTen() throws SQLException {
        return FanOutQueries.mergeTopTen(fanOut.onEveryShard(p -> FanOutQueries.topTen(p, topTenOnShard)));
    }

    @Benchmark
    public long shardedPointSelect() throws SQLException {
        return pointSelect(sharded, 1 + nextKey++ % EVENTS);
    }

    @Benchmark
    public long directPointSelect() throws SQLException {
        long key = 1 + nextKey++ % EVENTS;
        return pointSelect(shardPools.get(ownerOf[(int) key]), key);
    }

    private static long pointSelect(javax.sql.DataSource source, long key) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT score FROM " + TABLE + " WHERE event_id = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
