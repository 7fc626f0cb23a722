package io.shardedjdbc.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedConnection;
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
import org.openjdk.jmh.infra.ThreadParams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Reads under each consistency level against real servers: one shard, a primary and two streaming replicas, a small
 * table. Each benchmark thread holds one logical connection for the whole run (so what the session has written and
 * read counts, as it does for a request that runs several statements) and executes a prepared statement per
 * operation; the driver borrows a physical connection from its internal pool per statement.
 *
 * <ul>
 *   <li>{@link #pointSelect}: a point SELECT by key under each level; {@link #directPrimary} and
 *       {@link #directReplica} run the same query through HikariCP pools of plain pgjdbc connections (borrow,
 *       prepare, execute, read, close: what the driver does underneath), the latter alternating between the two
 *       replicas as the driver's round robin does.</li>
 *   <li>{@link #writeThenRead}: UPDATE a row by key, then SELECT it, on the same logical connection;
 *       {@link #directWriteThenRead} does both on one pooled primary connection.</li>
 *   <li>{@link #tokenExport}: UPDATE, then {@code consistencyToken()}: the monitor has not measured the primary
 *       since the commit, so the token costs a round trip; {@link #writeOnly} is the UPDATE alone and
 *       {@link #directWalPosition} that round trip alone, {@link #directWriteThenWalPosition} both without the
 *       driver.</li>
 * </ul>
 * Setup checks once that each level's reads go where the level says (replicas or primary), so a routing mistake
 * fails the run instead of being measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the fleet launcher and the pools log at INFO; keep the measurement output readable
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(4)
public class ConsistencyReadBenchmark {

    static final String TABLE = "bench_items";
    static final String SELECT = "SELECT name FROM " + TABLE + " WHERE item_id = ?";
    static final String UPDATE = "UPDATE " + TABLE + " SET hits = hits + 1 WHERE item_id = ?";
    static final int ITEMS = 1_000;
    static final int REPLICAS = 2;
    /** One connection per benchmark thread, in the driver's internal pools and in each direct pool. */
    static final int POOL_SIZE = 4;
    /** Each thread updates its own rows, so writers never wait on each other's row locks. */
    static final int KEYS_PER_THREAD = ITEMS / POOL_SIZE;
    private static final int CHECK_STATEMENTS = 20;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** The fleet, the driver's data source and the direct pools, shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class Servers {
        Fleet fleet;
        Path topologyDir;
        ShardedDataSource sharded;
        HikariDataSource primaryPool;
        /** One pool per replica: the direct baseline spreads its reads over both, as the driver does. */
        HikariDataSource[] replicaPools;

        @Setup(Level.Trial)
        public void start() throws Exception {
            fleet = Fleet.start(1, REPLICAS);
            try {
                topologyDir = Files.createTempDirectory("sharded-jdbc-bench");
                Path topology = fleet.writeTopology(topologyDir.resolve("shards.yaml"), """
                        keyspaces:
                          item: { type: bigint }
                        tables:
                          %s: { key: item_id, keyspace: item }
                        pool: { maximumPoolSize: %d }
                        """.formatted(TABLE, POOL_SIZE));
                sharded = new ShardedDataSource("jdbc:sharded:file:" + topology);
                sharded.setUser(fleet.user());
                sharded.setPassword(fleet.password());
                fill();
                Await.until(READY_TIMEOUT, "both replicas to replay the table", this::replicasCaughtUp);
                Await.until(READY_TIMEOUT, "the monitor to see both replicas readable", this::replicasReadable);
                primaryPool = pool("bench-primary", fleet.shard(0).primary().jdbcUrl());
                replicaPools = new HikariDataSource[REPLICAS];
                for (int r = 0; r < REPLICAS; r++) {
                    replicaPools[r] = pool("bench-replica" + r, fleet.shard(0).replica(r).jdbcUrl());
                }
                checkRouting();
            } catch (Exception e) {
                stop();
                throw e;
            }
        }

        private void fill() throws SQLException {
            try (Connection c = sharded.getConnection()) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE " + TABLE + " (item_id bigint PRIMARY KEY, name text NOT NULL,"
                            + " hits bigint NOT NULL DEFAULT 0)");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO " + TABLE + " (item_id, name) VALUES (?, ?)")) {
                    for (long id = 1; id <= ITEMS; id++) {
                        ps.setLong(1, id);
                        ps.setString(2, "item " + id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (Connection c = fleet.shard(0).primary().connect(); Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE " + TABLE);
            }
        }

        private boolean replicasCaughtUp() throws SQLException {
            for (FleetNode replica : fleet.shard(0).replicas()) {
                try (Connection c = replica.connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = '" + TABLE + "'"
                             + " AND reltuples >= " + ITEMS)) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean replicasReadable() throws SQLException {
            int readable = 0;
            for (NodeStatus n : sharded.nodes()) {
                if (n.readable()) {
                    readable++;
                }
            }
            return readable == REPLICAS;
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

        /**
         * Counts the statements each server got for a few operations under every level: reads of a session that has
         * not written go to replicas (both, for eventual's round robin) except under strong; reads right after the
         * session's own write go to the primary except under eventual.
         */
        private void checkRouting() throws SQLException {
            for (String level : List.of("eventual", "read-your-writes", "session", "causal", "strong")) {
                try (Connection c = sharded.getConnection()) {
                    c.unwrap(ShardedConnection.class).setConsistency(level);
                    long[] before = statements();
                    for (int i = 1; i <= CHECK_STATEMENTS; i++) {
                        select(c, i);
                    }
                    long[] reads = delta(before);
                    boolean strong = level.equals("strong");
                    long onReplicas = reads[1] + reads[2];
                    if (reads[0] != (strong ? CHECK_STATEMENTS : 0) || onReplicas != (strong ? 0 : CHECK_STATEMENTS)
                            || level.equals("eventual") && (reads[1] == 0 || reads[2] == 0)) {
                        throw new IllegalStateException(level + ": " + CHECK_STATEMENTS + " reads went to primary "
                                + reads[0] + ", replicas " + reads[1] + " + " + reads[2] + " times");
                    }
                    if (level.equals("session") || level.equals("causal") || level.equals("read-your-writes")) {
                        continue;
                    }
                    before = statements();
                    for (int i = 1; i <= CHECK_STATEMENTS; i++) {
                        update(c, i);
                        select(c, i);
                    }
                    long[] both = delta(before);
                    long readsOnPrimary = both[0] - CHECK_STATEMENTS;
                    long expectedOnPrimary = level.equals("eventual") ? 0 : CHECK_STATEMENTS;
                    if (readsOnPrimary != expectedOnPrimary) {
                        throw new IllegalStateException(level + ": of " + CHECK_STATEMENTS + " reads right after a"
                                + " write, " + readsOnPrimary + " went to the primary, expected " + expectedOnPrimary);
                    }
                }
            }
            checkReadYourWrites();
        }

        /**
         * Under read-your-writes the read right after the connection's own write goes to the primary until the
         * monitor has measured the primary after the commit; a check that happens to finish in between may send it to
         * a replica that has replayed the write, so allow a few of those.
         */
        private void checkReadYourWrites() throws SQLException {
            try (Connection c = sharded.getConnection()) {
                c.unwrap(ShardedConnection.class).setConsistency("read-your-writes");
                long[] before = statements();
                for (int i = 1; i <= CHECK_STATEMENTS; i++) {
                    update(c, i);
                    select(c, i);
                }
                long readsOnPrimary = delta(before)[0] - CHECK_STATEMENTS;
                if (readsOnPrimary < CHECK_STATEMENTS * 3 / 4) {
                    throw new IllegalStateException("read-your-writes: of " + CHECK_STATEMENTS + " reads right after"
                            + " a write, only " + readsOnPrimary + " went to the primary");
                }
            }
        }

        /** Statements per server: primary, replica 0, replica 1. */
        private long[] statements() throws SQLException {
            List<NodeStatus> nodes = sharded.nodes();
            long[] out = new long[nodes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = nodes.get(i).statements();
            }
            return out;
        }

        private long[] delta(long[] before) throws SQLException {
            long[] now = statements();
            for (int i = 0; i < now.length; i++) {
                now[i] -= before[i];
            }
            return now;
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            try {
                if (replicaPools != null) {
                    for (HikariDataSource p : replicaPools) {
                        if (p != null) {
                            p.close();
                        }
                    }
                }
                if (primaryPool != null) {
                    primaryPool.close();
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

    /** The keys of one benchmark thread: a range of its own, walked in order. */
    @State(Scope.Thread)
    public static class Keys {
        private long first;
        private int next;

        @Setup(Level.Trial)
        public void start(ThreadParams thread) {
            first = 1 + (long) (thread.getThreadIndex() % POOL_SIZE) * KEYS_PER_THREAD;
        }

        long next() {
            next = next + 1 < KEYS_PER_THREAD ? next + 1 : 0;
            return first + next;
        }

        /** Alternates with the keys, as the driver's round robin alternates between replicas. */
        int replica() {
            return next % REPLICAS;
        }
    }

    /** A logical connection per thread under one level, with its prepared statements. */
    public abstract static class Session {
        Connection connection;
        PreparedStatement select;
        PreparedStatement update;

        void open(Servers servers, String level) throws SQLException {
            connection = servers.sharded.getConnection();
            connection.unwrap(ShardedConnection.class).setConsistency(level);
            select = connection.prepareStatement(SELECT);
            update = connection.prepareStatement(UPDATE);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class ReadSession extends Session {
        @Param({"eventual", "read-your-writes", "session", "causal", "strong"})
        public String consistency;

        @Setup(Level.Trial)
        public void open(Servers servers) throws SQLException {
            open(servers, consistency);
        }
    }

    @State(Scope.Thread)
    public static class WriteSession extends Session {
        @Param({"eventual", "read-your-writes", "strong"})
        public String writeConsistency;

        @Setup(Level.Trial)
        public void open(Servers servers) throws SQLException {
            open(servers, writeConsistency);
        }
    }

    /** The default level, read-your-writes: tokens are what hand its guarantee to another connection. */
    @State(Scope.Thread)
    public static class TokenSession extends Session {
        @Setup(Level.Trial)
        public void open(Servers servers) throws SQLException {
            open(servers, "read-your-writes");
        }
    }

    @Benchmark
    public String pointSelect(ReadSession session, Keys keys) throws SQLException {
        return read(session.select, keys.next());
    }

    @Benchmark
    public String directPrimary(Servers servers, Keys keys) throws SQLException {
        return select(servers.primaryPool, keys.next());
    }

    @Benchmark
    public String directReplica(Servers servers, Keys keys) throws SQLException {
        long key = keys.next();
        return select(servers.replicaPools[keys.replica()], key);
    }

    @Benchmark
    public String writeThenRead(WriteSession session, Keys keys) throws SQLException {
        long key = keys.next();
        write(session.update, key);
        return read(session.select, key);
    }

    @Benchmark
    public String directWriteThenRead(Servers servers, Keys keys) throws SQLException {
        long key = keys.next();
        try (Connection c = servers.primaryPool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                write(ps, key);
            }
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                return read(ps, key);
            }
        }
    }

    @Benchmark
    public int writeOnly(TokenSession session, Keys keys) throws SQLException {
        return write(session.update, keys.next());
    }

    /** The round trip a token costs when the monitor has not measured the primary since the last commit. */
    @Benchmark
    public String directWalPosition(Servers servers) throws SQLException {
        return walPosition(servers.primaryPool);
    }

    /** What {@link #tokenExport} does, without the driver: the UPDATE, then the WAL position on a second borrow. */
    @Benchmark
    public String directWriteThenWalPosition(Servers servers, Keys keys) throws SQLException {
        try (Connection c = servers.primaryPool.getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            write(ps, keys.next());
        }
        return walPosition(servers.primaryPool);
    }

    private static String walPosition(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Benchmark
    public String tokenExport(TokenSession session, Keys keys) throws SQLException {
        write(session.update, keys.next());
        return session.connection.unwrap(ShardedConnection.class).consistencyToken();
    }

    private static String select(DataSource pool, long key) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            return read(ps, key);
        }
    }

    private static void select(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            read(ps, key);
        }
    }

    private static void update(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            write(ps, key);
        }
    }

    private static String read(PreparedStatement select, long key) throws SQLException {
        select.setLong(1, key);
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("item " + key + " not found");
            }
            return rs.getString(1);
        }
    }

    private static int write(PreparedStatement update, long key) throws SQLException {
        update.setLong(1, key);
        int rows = update.executeUpdate();
        if (rows != 1) {
            throw new IllegalStateException("item " + key + ": updated " + rows + " rows");
        }
        return rows;
    }
}
