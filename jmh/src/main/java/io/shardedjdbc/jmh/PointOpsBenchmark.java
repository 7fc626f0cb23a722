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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Pooled point operations side by side ({@code peer} = direct, sharded, shardingsphere) on 4 shards x 1 primary,
 * at 1 thread ({@link OneThread}) and 8 threads ({@link EightThreads}). Every operation borrows a connection,
 * prepares, binds, executes and closes, as a request handler does; every peer has a pool of 8 per server.
 * <ul>
 *   <li>{@code pointSelect}: the name and balance of a random account of 100,000 by primary key;</li>
 *   <li>{@code pointUpdate}: {@code balance = balance + 1} of a random account (auto-commit);</li>
 *   <li>{@code insert}: one new event row with a fresh key (auto-commit);</li>
 *   <li>{@code batchInsert}: 1,000 new event rows with consecutive fresh keys, so 250 per shard, in one
 *       {@code executeBatch}. {@code direct} sends each shard its 250 rows as one pgjdbc batch, one shard after the
 *       other; the drivers split the batch themselves (sharded-jdbc commits the shards' parts together, as one
 *       auto-commit statement must; ShardingSphere runs them in auto-commit).</li>
 *   <li>{@code batchInsertAtomic}: the same batch, committed on every shard or on none, as sharded-jdbc's auto-commit
 *       batch always is. {@code direct} runs each shard's rows in a transaction, one shard after the other, and
 *       commits the shards after the last one's rows went in; ShardingSphere runs the batch in a local
 *       transaction, which commits the shards' connections the same way; sharded-jdbc runs {@code batchInsert}.
 *       This row prices the guarantee: what the drivers cost over direct beyond it.</li>
 * </ul>
 * The events table is emptied before every iteration so every iteration inserts into the same table size.
 * Setup proves that each peer reads the row the key's shard holds and that both drivers write where
 * {@code floorMod(key, 4)} says.
 *
 * <p>The warm-up is long because with 8 threads and the servers on the same 2 cores, throughput kept rising for 20 to
 * 40 s after a trial started, for every peer: with 10 s of warm-up the measurement caught the climb.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 4)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@State(Scope.Benchmark)
public abstract class PointOpsBenchmark {
    static final int SHARDS = 4;
    static final int POOL_SIZE = 8;
    static final int ACCOUNTS = 100_000;
    static final int BATCH = 1_000;
    /** Fresh keys of the one-thread warm-up, far from the benchmark threads' and the checks' keys. */
    static final long WARM_UP_KEYS = 1L << 52;
    /** The one-thread warm-up's bound per kind of operation, for servers slower than a local fleet. */
    private static final int WARM_UP_SECONDS_PER_OPERATION = 5;
    static final String ACCOUNTS_TABLE = "bench_accounts";
    static final String EVENTS_TABLE = "bench_account_events";
    static final String SELECT = "SELECT name, balance FROM " + ACCOUNTS_TABLE + " WHERE account_id = ?";
    static final String UPDATE = "UPDATE " + ACCOUNTS_TABLE + " SET balance = balance + 1 WHERE account_id = ?";
    static final String INSERT = "INSERT INTO " + EVENTS_TABLE + " (event_id, account_id, amount) VALUES (?, ?, ?)";

    @Param({"direct", "sharded", "shardingsphere"})
    public String peer;

    private BenchServers servers;
    PeerSources sources;

    /** One thread of 1 (the latency a single request sees). */
    @Threads(1)
    public static class OneThread extends PointOpsBenchmark {
    }

    /** Eight threads, twice the pool's share of each server's cores here: throughput under contention. */
    @Threads(8)
    public static class EightThreads extends PointOpsBenchmark {
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws SQLException, IOException {
        servers = BenchServers.acquire(SHARDS);
        try {
            sources = new PeerSources(Peer.named(peer), servers, POOL_SIZE);
            sources.onEveryShard("DROP TABLE IF EXISTS " + ACCOUNTS_TABLE + ", " + EVENTS_TABLE);
            sources.onEveryShard("CREATE TABLE " + ACCOUNTS_TABLE + " (account_id bigint PRIMARY KEY,"
                    + " name text NOT NULL, balance bigint NOT NULL)");
            sources.onEveryShard("CREATE TABLE " + EVENTS_TABLE + " (event_id bigint PRIMARY KEY,"
                    + " account_id bigint NOT NULL, amount bigint NOT NULL)");
            sources.onEveryShard("INSERT INTO " + ACCOUNTS_TABLE + " SELECT g, 'account ' || g, 0"
                    + " FROM generate_series(0, " + (ACCOUNTS - 1) + ") g WHERE g % {shards} = {shard}");
            sources.onEveryShard("VACUUM ANALYZE " + ACCOUNTS_TABLE);
            sources.connect(Map.of(ACCOUNTS_TABLE, "account_id", EVENTS_TABLE, "event_id"));
            PeerChecks.pointOpsLandWhereTheyShould(this);
            if (params.getWarmup().getCount() > 0) {
                compileOnOneThread();
            }
        } catch (SQLException | IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    /**
     * Runs every operation of the benchmark on this one thread for a while before JMH's warm-up starts.
     *
     * <p>Why: with 8 benchmark threads and the 4 servers on 2 cores, the JIT's compiler threads get a small share of
     * the CPU, so a trial kept speeding up for 20 to 40 s, and longer for the peer with more code to compile (the
     * driver's client CPU per 8-thread batch fell from 1,800 to 800 µs over the measured iterations of one trial).
     * On one thread the cores are mostly idle and the compilers finish in a few seconds. Every peer gets the same;
     * a run without warm-up iterations (the smoke pass) gets none.
     */
    private void compileOnOneThread() throws SQLException {
        Keys keys = new Keys() {
            private long nextExisting;
            private long nextFresh = WARM_UP_KEYS;

            @Override
            long existing() {
                nextExisting = (nextExisting + 7919) % ACCOUNTS;
                return nextExisting;
            }

            @Override
            long fresh() {
                return nextFresh++;
            }
        };
        repeat(3_000, () -> pointSelect(keys));
        repeat(3_000, () -> {
            pointUpdate(keys);
            insert(keys);
        });
        repeat(300, () -> {
            batchInsert(keys);
            batchInsertAtomic(keys);
        });
    }

    private interface Operation {
        void run() throws SQLException;
    }

    /** Runs {@code operation} {@code times} times, or for {@link #WARM_UP_SECONDS_PER_OPERATION}, whichever ends first. */
    private static void repeat(int times, Operation operation) throws SQLException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS_PER_OPERATION);
        for (int i = 0; i < times && System.nanoTime() < until; i++) {
            operation.run();
        }
    }

    @Setup(Level.Iteration)
    public void emptyEvents() throws SQLException {
        sources.onEveryShard("TRUNCATE " + EVENTS_TABLE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        PeerSources.closeBoth(sources, servers);
    }

    /** Per thread: random existing keys, and fresh keys no other thread uses. */
    @State(Scope.Thread)
    public static class Keys {
        private static final int RANDOM_KEYS = 4096;
        private final long[] existing = new long[RANDOM_KEYS];
        private int nextExisting;
        private long nextFresh;

        @Setup
        public void start(ThreadParams thread) {
            SplittableRandom random = new SplittableRandom(thread.getThreadIndex() * 31L + 7);
            for (int i = 0; i < RANDOM_KEYS; i++) {
                existing[i] = random.nextLong(ACCOUNTS);
            }
            nextFresh = (thread.getThreadIndex() + 1L) << 40;
        }

        long existing() {
            long key = existing[nextExisting];
            nextExisting = (nextExisting + 1) & (RANDOM_KEYS - 1);
            return key;
        }

        long fresh() {
            return nextFresh++;
        }
    }

    @Benchmark
    public long pointSelect(Keys keys) throws SQLException {
        long key = keys.existing();
        try (Connection c = sources.forKey(key).getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("account " + key + " not found");
                }
                return rs.getString(1).length() + rs.getLong(2);
            }
        }
    }

    @Benchmark
    public int pointUpdate(Keys keys) throws SQLException {
        long key = keys.existing();
        try (Connection c = sources.forKey(key).getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setLong(1, key);
            return ps.executeUpdate();
        }
    }

    @Benchmark
    public int insert(Keys keys) throws SQLException {
        long key = keys.fresh();
        try (Connection c = sources.forKey(key).getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindEvent(ps, key);
            return ps.executeUpdate();
        }
    }

    @Benchmark
    public int batchInsert(Keys keys) throws SQLException {
        long first = freshBatch(keys);
        if (sources.peer == Peer.DIRECT) {
            return directBatch(first);
        }
        try (Connection c = sources.driver().getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            return driverBatch(ps, first);
        }
    }

    @Benchmark
    public int batchInsertAtomic(Keys keys) throws SQLException {
        if (sources.peer == Peer.SHARDED) {
            return batchInsert(keys);
        }
        long first = freshBatch(keys);
        if (sources.peer == Peer.DIRECT) {
            return directAtomicBatch(first);
        }
        try (Connection c = sources.driver().getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            try {
                int rows = driverBatch(ps, first);
                c.commit();
                return rows;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Draws the batch's {@value #BATCH} consecutive fresh keys; returns the first. */
    private static long freshBatch(Keys keys) {
        long first = keys.fresh();
        for (int i = 1; i < BATCH; i++) {
            keys.fresh();
        }
        return first;
    }

    /** The batch's rows as one {@code executeBatch} through a driver, which splits it over the shards. */
    private static int driverBatch(PreparedStatement ps, long first) throws SQLException {
        for (long key = first; key < first + BATCH; key++) {
            bindEvent(ps, key);
            ps.addBatch();
        }
        return ps.executeBatch().length;
    }

    /** Each shard's rows in a transaction on that shard's pool; the shards commit after every one's rows went in. */
    private int directAtomicBatch(long first) throws SQLException {
        Connection[] shards = new Connection[SHARDS];
        try {
            int rows = 0;
            for (int s = 0; s < SHARDS; s++) {
                shards[s] = sources.shardPools.get(s).getConnection();
                shards[s].setAutoCommit(false);
                rows += insertShardRows(shards[s], first, s);
            }
            for (Connection c : shards) {
                c.commit();
            }
            return rows;
        } catch (SQLException e) {
            for (Connection c : shards) {
                if (c != null) {
                    c.rollback();
                }
            }
            throw e;
        } finally {
            for (Connection c : shards) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /** Each shard's rows as one pgjdbc batch on that shard's pool. */
    private int directBatch(long first) throws SQLException {
        int rows = 0;
        for (int s = 0; s < SHARDS; s++) {
            try (Connection c = sources.shardPools.get(s).getConnection()) {
                rows += insertShardRows(c, first, s);
            }
        }
        return rows;
    }

    /** The batch's rows of shard {@code s} as one pgjdbc batch. */
    private static int insertShardRows(Connection c, long first, int s) throws SQLException {
        long start = first + Math.floorMod(s - first, SHARDS);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (long key = start; key < first + BATCH; key += SHARDS) {
                bindEvent(ps, key);
                ps.addBatch();
            }
            return ps.executeBatch().length;
        }
    }

    static void bindEvent(PreparedStatement ps, long key) throws SQLException {
        ps.setLong(1, key);
        ps.setLong(2, key % ACCOUNTS);
        ps.setLong(3, key & 1023);
    }

    /** The keys {@code first .. first + count - 1} that live on shard {@code s}, for the checks. */
    static List<Long> keysOn(int s, long first, int count) {
        List<Long> keys = new ArrayList<>();
        for (long key = first; key < first + count; key++) {
            if (Math.floorMod(key, SHARDS) == s) {
                keys.add(key);
            }
        }
        return keys;
    }
}
