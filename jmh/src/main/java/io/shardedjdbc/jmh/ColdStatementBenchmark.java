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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Statements the driver has never seen, side by side ({@code peer} = direct, sharded, shardingsphere), one thread:
 * every operation prepares a new SQL text (a literal that changes nothing about the rows or the route differs each
 * time), binds the key, executes and reads. So each sharding driver misses its statement cache and analyses the
 * text anew, and the server parses and plans it anew for every peer alike: what an application that builds SQL
 * strings, or an ORM with many query shapes, pays until its caches are warm.
 * {@code shape}: {@code pointSelect} (by key), {@code update} (by key), {@code insert} (one row), and
 * {@code scatterOrderLimit} (key-less {@code ORDER BY ... LIMIT 10} over the 4 shards; {@code direct} runs it on the
 * shards one after the other, so compare the drivers with each other there); and {@code literalSelect},
 * {@code literalUpdate}, {@code literalInsert}: the same point statements with the key and the changing value
 * written as literals into plain {@code Statement} texts, no parameter at all (texts of one literal shape).
 *
 * <p>The warm-up is long because the parsers are: with every statement new, a driver's SQL parser runs on every
 * operation, and its methods are large enough that the JIT needs some 20,000 statements (about 7 s here) before the
 * analysis reaches its steady cost. The first seconds of an application that sends never-seen statements cost more
 * than this benchmark reports; {@code ColdAnalysisBenchmark.firstSight} measures the very first one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(1)
@State(Scope.Benchmark)
public class ColdStatementBenchmark {
    static final int SHARDS = 4;
    static final int ITEMS = 10_000;
    static final String TABLE = "bench_cold";

    @Param({"direct", "sharded", "shardingsphere"})
    public String peer;

    @Param({"pointSelect", "update", "insert", "scatterOrderLimit", "literalSelect", "literalUpdate", "literalInsert"})
    public String shape;

    private BenchServers servers;
    private PeerSources sources;
    /** Makes every text new; starts high so inserted keys never meet the loaded ones. */
    private long next = 1_000_000;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        servers = BenchServers.acquire(SHARDS);
        try {
            sources = new PeerSources(Peer.named(peer), servers, 2);
            sources.onEveryShard("DROP TABLE IF EXISTS " + TABLE);
            sources.onEveryShard("CREATE TABLE " + TABLE + " (item_id bigint PRIMARY KEY, name text NOT NULL,"
                    + " hits bigint NOT NULL)");
            sources.onEveryShard("INSERT INTO " + TABLE + " SELECT g, 'item ' || g, 0 FROM generate_series(0, "
                    + (ITEMS - 1) + ") g WHERE g % {shards} = {shard}");
            sources.onEveryShard("VACUUM ANALYZE " + TABLE);
            sources.connect(Map.of(TABLE, "item_id"));
            for (int i = 0; i < 3; i++) {
                if (statement() != 1 && !shape.equals("scatterOrderLimit")) {
                    throw new IllegalStateException(peer + " " + shape + " touched no row");
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        PeerSources.closeBoth(sources, servers);
    }

    /** Rows read or written: 1 for the keyed shapes, 10 for the scatter read. */
    @Benchmark
    public int statement() throws SQLException {
        long n = next++;
        long key = n % ITEMS;
        return switch (shape) {
            case "pointSelect" -> read(sources.forKey(key), "SELECT name FROM " + TABLE
                    + " WHERE item_id = ? AND hits > -" + n, key);
            case "update" -> write(sources.forKey(key), "UPDATE " + TABLE + " SET hits = hits + 1 WHERE item_id = ?"
                    + " AND hits > -" + n, key);
            case "insert" -> write(sources.forKey(n), "INSERT INTO " + TABLE + " (item_id, name, hits) VALUES (?, 'new', "
                    + n + ")", n);
            // the key and the new value in literals, plain Statements: SQL built as text by a tool or an ORM
            case "literalSelect" -> readText(sources.forKey(key), "SELECT name FROM " + TABLE + " WHERE item_id = "
                    + key + " AND name <> 'x" + n + "'");
            case "literalUpdate" -> writeText(sources.forKey(key), "UPDATE " + TABLE + " SET hits = hits + 1"
                    + " WHERE item_id = " + key + " AND name <> 'x" + n + "'");
            case "literalInsert" -> writeText(sources.forKey(n), "INSERT INTO " + TABLE + " (item_id, name, hits)"
                    + " VALUES (" + n + ", 'new', " + n + ")");
            case "scatterOrderLimit" -> scatter("SELECT item_id, name FROM " + TABLE + " WHERE hits > -" + n
                    + " ORDER BY item_id LIMIT 10");
            default -> throw new IllegalStateException("no shape " + shape);
        };
    }

    private static int read(javax.sql.DataSource source, String sql, long key) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows += rs.getString(1).isEmpty() ? 0 : 1;
                }
                return rows;
            }
        }
    }

    private static int readText(javax.sql.DataSource source, String sql) throws SQLException {
        try (Connection c = source.getConnection(); java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            int rows = 0;
            while (rs.next()) {
                rows += rs.getString(1).isEmpty() ? 0 : 1;
            }
            return rows;
        }
    }

    private static int writeText(javax.sql.DataSource source, String sql) throws SQLException {
        try (Connection c = source.getConnection(); java.sql.Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    private static int write(javax.sql.DataSource source, String sql, long key) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            return ps.executeUpdate();
        }
    }

    private int scatter(String sql) throws SQLException {
        if (sources.peer != Peer.DIRECT) {
            return rows(sources.driver(), sql);
        }
        int rows = 0;
        for (javax.sql.DataSource shard : sources.shardPools) {
            rows += rows(shard, sql);
        }
        return Math.min(rows, 10);
    }

    private static int rows(javax.sql.DataSource source, String sql) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            if (rows != 10) {
                throw new IllegalStateException(sql + " read " + rows + " rows, expected 10");
            }
            return rows;
        }
    }
}
