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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A prepared point SELECT by primary key against real PostgreSQL, the same query on the same server three ways:
 * {@link #direct} through a HikariCP pool of pgjdbc connections to shard s0's primary, {@link #sharded} through a
 * HikariCP pool whose {@code jdbcUrl} is {@code jdbc:sharded:file:...} (the application-side pool a Spring Boot
 * application has), and {@link #shardedDataSource} through {@link ShardedDataSource} with no application pool.
 * Every key used lives on s0, so the difference is the driver's cost, not another server's. Each operation
 * borrows a connection, prepares, binds, executes, reads the row and closes, as a request handler would.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the fleet launcher and the pools log at INFO; keep the measurement output readable
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(4)
@State(Scope.Benchmark)
public class PointSelectBenchmark {

    static final String TABLE = "bench_users";
    static final String SELECT = "SELECT name FROM " + TABLE + " WHERE user_id = ?";
    static final int SHARDS = 2;
    static final int USERS = 20_000;
    /** One connection per benchmark thread in each application pool. */
    static final int APP_POOL_SIZE = 4;
    private static final int INSERT_BATCH = 1_000;

    private Fleet fleet;
    private Path topologyDir;
    private HikariDataSource directPool;
    private HikariDataSource shardedPool;
    private ShardedDataSource shardedDataSource;
    /** The keys that live on shard s0, the shard the direct pool talks to. */
    private long[] keysOnFirstShard;

    @Setup(Level.Trial)
    public void startFleet() throws SQLException, IOException {
        fleet = Fleet.start(SHARDS, 0);
        try {
            topologyDir = Files.createTempDirectory("sharded-jdbc-bench");
            Path topology = fleet.writeTopology(topologyDir.resolve("shards.yaml"), """
                    keyspaces:
                      user: { type: bigint }
                    tables:
                      %s: { key: user_id, keyspace: user }
                    """.formatted(TABLE));
            String url = "jdbc:sharded:file:" + topology;
            shardedDataSource = new ShardedDataSource(url);
            shardedDataSource.setUser(fleet.user());
            shardedDataSource.setPassword(fleet.password());
            fillUsers();
            keysOnFirstShard = keysOn(fleet.shard(0).name());
            analyzeAndCheck(fleet.shard(0).primary(), keysOnFirstShard.length);
            directPool = pool("bench-direct", fleet.shard(0).primary().jdbcUrl());
            shardedPool = pool("bench-sharded", url);
            checkSameAnswers();
        } catch (SQLException | IOException | RuntimeException e) {
            stopFleet();
            throw e;
        }
    }

    private void fillUsers() throws SQLException {
        try (Connection c = shardedDataSource.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + TABLE + " (user_id bigint PRIMARY KEY, name text NOT NULL,"
                        + " email text NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (user_id, name, email) VALUES (?, ?, ?)")) {
                for (long id = 1; id <= USERS; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, "user " + id);
                    ps.setString(3, "user" + id + "@example.com");
                    ps.addBatch();
                    if (id % INSERT_BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }
    }

    private long[] keysOn(String shardName) throws SQLException {
        long[] keys = new long[USERS];
        int count = 0;
        for (long id = 1; id <= USERS; id++) {
            if (shardName.equals(shardedDataSource.shardOf("user", id))) {
                keys[count++] = id;
            }
        }
        if (count == 0) {
            throw new IllegalStateException("no key of 1.." + USERS + " lives on " + shardName);
        }
        return Arrays.copyOf(keys, count);
    }

    /** Fresh statistics for the planner, and proof that the driver put exactly those keys' rows on this server. */
    private static void analyzeAndCheck(FleetNode primary, int expectedRows) throws SQLException {
        try (Connection c = primary.connect(); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE " + TABLE);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                if (rs.getLong(1) != expectedRows) {
                    throw new IllegalStateException(primary.name() + " holds " + rs.getLong(1) + " rows of " + TABLE
                            + ", placement says " + expectedRows);
                }
            }
        }
    }

    private HikariDataSource pool(String name, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(fleet.user());
        config.setPassword(fleet.password());
        config.setMaximumPoolSize(APP_POOL_SIZE);
        return new HikariDataSource(config);
    }

    private void checkSameAnswers() throws SQLException {
        for (int i = 0; i < keysOnFirstShard.length; i += 97) {
            long key = keysOnFirstShard[i];
            String expected = selectName(directPool, key);
            if (!expected.equals(selectName(shardedPool, key)) || !expected.equals(selectName(shardedDataSource, key))) {
                throw new IllegalStateException("user " + key + " reads differently through the sharded driver");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopFleet() throws IOException {
        try {
            if (shardedPool != null) {
                shardedPool.close();
            }
            if (directPool != null) {
                directPool.close();
            }
            if (shardedDataSource != null) {
                shardedDataSource.close();
            }
        } finally {
            fleet.close();
            if (topologyDir != null) {
                try (var files = Files.walk(topologyDir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** Each benchmark thread walks the keys from its own starting point. */
    @State(Scope.Thread)
    public static class KeyCursor {
        private int next;

        @Setup
        public void start(ThreadParams thread) {
            next = thread.getThreadIndex() * 7919;
        }

        long nextKey(long[] keys) {
            next = next + 1 < keys.length * 64 ? next + 1 : 0;
            return keys[next % keys.length];
        }
    }

    @Benchmark
    public String direct(KeyCursor cursor) throws SQLException {
        return selectName(directPool, cursor.nextKey(keysOnFirstShard));
    }

    @Benchmark
    public String sharded(KeyCursor cursor) throws SQLException {
        return selectName(shardedPool, cursor.nextKey(keysOnFirstShard));
    }

    @Benchmark
    public String shardedDataSource(KeyCursor cursor) throws SQLException {
        return selectName(shardedDataSource, cursor.nextKey(keysOnFirstShard));
    }

    private static String selectName(DataSource dataSource, long key) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("user " + key + " not found");
                }
                return rs.getString(1);
            }
        }
    }
}
