package io.shardedjdbc.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetShard;
import io.shardedjdbc.sql.ScatterShape;
import io.shardedjdbc.sql.StatementAnalyzer;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.shardedjdbc.jmh.FanOutQueries.COUNT;
import static io.shardedjdbc.jmh.FanOutQueries.TABLE;
import static io.shardedjdbc.jmh.FanOutQueries.TOP;
import static io.shardedjdbc.jmh.FanOutQueries.TOP_TEN;

/**
 * The latency of a cross-shard read against the shards it fans out to: 4 shards (a primary each) holding 100,000
 * events between them, one benchmark thread.
 *
 * <ul>
 *   <li>{@code sharded*}: the read through the driver ({@code scatter: allow}): a logical connection of a
 *       {@link ShardedDataSource} per read, which runs the shard text on all 4 shards in parallel and merges.</li>
 *   <li>{@code direct*} ({@code shard} = 0..3): the shard text the driver sends, run through a HikariCP pool of
 *       pgjdbc connections to that one shard. The slowest shard is the floor a fan-out cannot beat.</li>
 *   <li>{@code ideal*}: the 4 direct reads at once from a hand-written executor, merged by hand: a fan-out without
 *       the driver.</li>
 *   <li>{@code serial*}: the 4 direct reads one after the other on the benchmark thread, merged by hand.</li>
 * </ul>
 * {@code TopTen} is {@code ORDER BY score LIMIT 10} over an indexed column (each shard reads 10 index entries, so
 * round trips dominate); {@code Count} is {@code count(*)} (each shard scans its 25,000 rows, so server CPU
 * dominates). Setup checks that all three give the same answers and that the driver's read reached every shard.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the fleet launcher and the pools log at INFO; keep the measurement output readable
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(1)
public class FanOutBenchmark {

    static final int SHARDS = 4;
    static final int EVENTS = 100_000;
    /** One benchmark thread needs one connection per server; the second is slack for setup. */
    static final int POOL_SIZE = 2;

    /** The fleet, the driver's data source, one direct pool per shard and the direct fan-out. */
    @State(Scope.Benchmark)
    public static class Servers {
        Fleet fleet;
        Path topologyDir;
        ShardedDataSource sharded;
        List<HikariDataSource> shardPools;
        DirectFanOut fanOut;
        /** What the driver sends each shard for the two reads. */
        String topTenOnShard;
        String countOnShard;

        @Setup(Level.Trial)
        public void start() throws Exception {
            fleet = Fleet.start(SHARDS, 0);
            try {
                topologyDir = Files.createTempDirectory("sharded-jdbc-bench");
                Path topology = fleet.writeTopology(topologyDir.resolve("shards.yaml"), """
                        keyspaces:
                          event: { type: bigint }
                        tables:
                          %s: { key: event_id, keyspace: event }
                        scatter: allow
                        pool: { maximumPoolSize: %d }
                        """.formatted(TABLE, POOL_SIZE));
                sharded = new ShardedDataSource("jdbc:sharded:file:" + topology);
                sharded.setUser(fleet.user());
                sharded.setPassword(fleet.password());
                shardPools = new ArrayList<>();
                for (FleetShard shard : fleet.shards()) {
                    shardPools.add(pool("bench-" + shard.name(), shard.primary().jdbcUrl()));
                }
                fanOut = new DirectFanOut(shardPools);
                topTenOnShard = shardSql(TOP_TEN);
                countOnShard = shardSql(COUNT);
                fill();
                checkAnswers();
            } catch (Exception e) {
                stop();
                throw e;
            }
        }

        private static String shardSql(String sql) {
            StatementAnalyzer analyzer = new StatementAnalyzer(
                    t -> t.equals(TABLE) ? new TableSpec(TABLE, "event_id", "event", false, null) : null, 4);
            ScatterShape shape = analyzer.analyze(sql).scatter();
            if (shape == null || shape.refusal() != null) {
                throw new IllegalStateException("the driver does not run " + sql + " across shards: "
                        + (shape == null ? "no scatter shape" : shape.refusal()));
            }
            return shape.shardSql();
        }

        private HikariDataSource pool(String name, String jdbcUrl) {
            HikariConfig config = new HikariConfig();
            config.setPoolName(name);
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(fleet.user());
            config.setPassword(fleet.password());
            config.setMaximumPoolSize(POOL_SIZE);
            return new HikariDataSource(config);
        }

        /** Each event goes to the shard the driver places its key on, in one INSERT per shard. */
        private void fill() throws SQLException {
            List<List<Long>> idsByShard = new ArrayList<>();
            for (int s = 0; s < SHARDS; s++) {
                idsByShard.add(new ArrayList<>());
            }
            for (long id = 1; id <= EVENTS; id++) {
                idsByShard.get(shardIndex(sharded.shardOf("event", id))).add(id);
            }
            for (int s = 0; s < SHARDS; s++) {
                try (Connection c = fleet.shard(s).primary().connect()) {
                    FanOutQueries.createEvents(c, idsByShard.get(s));
                }
                long held = FanOutQueries.count(shardPools.get(s), COUNT);
                if (held != idsByShard.get(s).size() || held == 0) {
                    throw new IllegalStateException(fleet.shard(s).name() + " holds " + held + " events, placement"
                            + " puts " + idsByShard.get(s).size() + " there");
                }
            }
        }

        private int shardIndex(String name) {
            for (int s = 0; s < SHARDS; s++) {
                if (fleet.shard(s).name().equals(name)) {
                    return s;
                }
            }
            throw new IllegalStateException("the driver places events on " + name + ", not a shard of the fleet");
        }

        /** The driver, the direct fan-out and the data agree, and the driver's read reached every shard once. */
        private void checkAnswers() throws SQLException {
            List<Long> expectedTop = LongStream.rangeClosed(1, EVENTS).boxed()
                    .sorted(Comparator.comparingLong(FanOutQueries::score)).limit(TOP).toList();
            long[] before = statements();
            List<Long> shardedTop = FanOutQueries.ids(FanOutQueries.topTen(sharded, TOP_TEN));
            long[] reached = statements();
            for (int s = 0; s < SHARDS; s++) {
                if (reached[s] - before[s] != 1) {
                    throw new IllegalStateException("the cross-shard read ran " + (reached[s] - before[s])
                            + " statements on " + fleet.shard(s).name() + ", expected 1");
                }
            }
            List<Long> idealTop = FanOutQueries.ids(FanOutQueries.mergeTopTen(
                    fanOut.onEveryShard(p -> FanOutQueries.topTen(p, topTenOnShard))));
            if (!shardedTop.equals(expectedTop) || !idealTop.equals(expectedTop)) {
                throw new IllegalStateException("top ten by score: expected " + expectedTop + ", the driver read "
                        + shardedTop + ", the direct fan-out " + idealTop);
            }
            long shardedCount = FanOutQueries.count(sharded, COUNT);
            long idealCount = FanOutQueries.sum(fanOut.onEveryShard(p -> FanOutQueries.count(p, countOnShard)));
            if (shardedCount != EVENTS || idealCount != EVENTS) {
                throw new IllegalStateException("count: expected " + EVENTS + ", the driver read " + shardedCount
                        + ", the direct fan-out " + idealCount);
            }
        }

        /** Statements each shard's primary has run for the driver, in shard order. */
        private long[] statements() throws SQLException {
            long[] out = new long[SHARDS];
            List<NodeStatus> nodes = sharded.nodes();
            if (nodes.size() != SHARDS) {
                throw new IllegalStateException("the driver knows " + nodes.size() + " nodes, expected " + SHARDS);
            }
            for (NodeStatus node : nodes) {
                out[shardIndex(node.shard())] = node.statements();
            }
            return out;
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            try {
                if (fanOut != null) {
                    fanOut.close();
                }
                if (shardPools != null) {
                    shardPools.forEach(HikariDataSource::close);
                }
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
    }

    /** The one shard a direct benchmark reads. */
    @State(Scope.Benchmark)
    public static class OneShard {
        @Param({"0", "1", "2", "3"})
        int shard;
    }

    @Benchmark
    public long[][] shardedTopTen(Servers servers) throws SQLException {
        return FanOutQueries.topTen(servers.sharded, TOP_TEN);
    }

    @Benchmark
    public long[][] directTopTen(Servers servers, OneShard one) throws SQLException {
        return FanOutQueries.topTen(servers.shardPools.get(one.shard), servers.topTenOnShard);
    }

    @Benchmark
    public long[][] idealTopTen(Servers servers) throws SQLException {
        return FanOutQueries.mergeTopTen(
                servers.fanOut.onEveryShard(p -> FanOutQueries.topTen(p, servers.topTenOnShard)));
    }

    @Benchmark
    public long[][] serialTopTen(Servers servers) throws SQLException {
        return FanOutQueries.mergeTopTen(
                servers.fanOut.oneAfterAnother(p -> FanOutQueries.topTen(p, servers.topTenOnShard)));
    }

    @Benchmark
    public long shardedCount(Servers servers) throws SQLException {
        return FanOutQueries.count(servers.sharded, COUNT);
    }

    @Benchmark
    public long directCount(Servers servers, OneShard one) throws SQLException {
        return FanOutQueries.count(servers.shardPools.get(one.shard), servers.countOnShard);
    }

    @Benchmark
    public long idealCount(Servers servers) throws SQLException {
        return FanOutQueries.sum(servers.fanOut.onEveryShard(p -> FanOutQueries.count(p, servers.countOnShard)));
    }

    @Benchmark
    public long serialCount(Servers servers) throws SQLException {
        return FanOutQueries.sum(servers.fanOut.oneAfterAnother(p -> FanOutQueries.count(p, servers.countOnShard)));
    }
}
