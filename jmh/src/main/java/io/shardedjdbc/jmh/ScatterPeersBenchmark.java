package io.shardedjdbc.jmh;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.shardedjdbc.jmh.FanOutQueries.COUNT;
import static io.shardedjdbc.jmh.FanOutQueries.TABLE;
import static io.shardedjdbc.jmh.FanOutQueries.TOP;
import static io.shardedjdbc.jmh.FanOutQueries.TOP_TEN;

/**
 * Key-less reads over 4 shards side by side ({@code peer} = direct, sharded, shardingsphere), one thread: the
 * latency of {@code SELECT event_id, score FROM bench_events ORDER BY score LIMIT 10} ({@code topTen}: each shard
 * reads 10 index entries, so the round trips and the merge dominate) and {@code SELECT count(*) FROM bench_events}
 * ({@code count}: each shard scans its 25,000 rows). {@code direct} is the same four reads run at once by a
 * hand-written fan-out (the first shard on the calling thread, the others on three pool threads) and merged by
 * hand: a fan-out with nothing else paid. Every operation borrows, prepares, executes, reads every row and closes.
 * Setup proves all three peers return the right top ten and count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(1)
@State(Scope.Benchmark)
public class ScatterPeersBenchmark {
    static final int SHARDS = 4;
    static final int EVENTS = 100_000;
    /** Each read holds one connection per shard at a time. */
    static final int POOL_SIZE = 2;

    @Param({"direct", "sharded", "shardingsphere"})
    public String peer;

    private BenchServers servers;
    private PeerSources sources;
    private DirectFanOut fanOut;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        servers = BenchServers.acquire(SHARDS);
        try {
            sources = new PeerSources(Peer.named(peer), servers, POOL_SIZE);
            fanOut = new DirectFanOut(sources.shardPools);
            sources.onEveryShard("DROP TABLE IF EXISTS " + TABLE);
            sources.onEveryShard("CREATE TABLE " + TABLE + " (event_id bigint PRIMARY KEY, score bigint NOT NULL,"
                    + " name text NOT NULL)");
            sources.onEveryShard("INSERT INTO " + TABLE + " SELECT id, " + FanOutQueries.SCORE_SQL + ", 'event ' || id"
                    + " FROM generate_series(1, " + EVENTS + ") id WHERE id % {shards} = {shard}");
            sources.onEveryShard("CREATE INDEX ON " + TABLE + " (score)");
            sources.onEveryShard("VACUUM ANALYZE " + TABLE);
            sources.connect(Map.of(TABLE, "event_id"));
            checkAnswers();
        } catch (SQLException | IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    private void checkAnswers() throws SQLException {
        List<Long> expectedTop = LongStream.rangeClosed(1, EVENTS).boxed()
                .sorted(Comparator.comparingLong(FanOutQueries::score)).limit(TOP).toList();
        List<Long> top = FanOutQueries.ids(topTen());
        if (!top.equals(expectedTop)) {
            throw new IllegalStateException(peer + " read the top ten " + top + ", expected " + expectedTop);
        }
        if (count() != EVENTS) {
            throw new IllegalStateException(peer + " counted " + count() + " events of " + EVENTS);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (fanOut != null) {
            fanOut.close();
        }
        PeerSources.closeBoth(sources, servers);
    }

    @Benchmark
    public long[][] topTen() throws SQLException {
        if (sources.peer == Peer.DIRECT) {
            return FanOutQueries.mergeTopTen(fanOut.onEveryShard(shard -> FanOutQueries.topTen(shard, TOP_TEN)));
        }
        return FanOutQueries.topTen(sources.driver(), TOP_TEN);
    }

    @Benchmark
    public long count() throws SQLException {
        if (sources.peer == Peer.DIRECT) {
            return FanOutQueries.sum(fanOut.onEveryShard(shard -> FanOutQueries.count(shard, COUNT)));
        }
        return FanOutQueries.count(sources.driver(), COUNT);
    }
}
