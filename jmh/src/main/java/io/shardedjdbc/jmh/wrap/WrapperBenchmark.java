package io.shardedjdbc.jmh.wrap;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.jdbc.ResultSetProbe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the JDBC wrapper layer costs per call, with no server and no I/O: the same in-memory result set of
 * {@value #ROWS} (bigint, text) rows ({@link ArrayResultSet}) read directly ({@code unwrapped*}), through the
 * result set the driver hands the application ({@code generated*}), through a hand-written forwarding class
 * ({@code handWritten*}, {@link ForwardingResultSet}) and through a {@link Proxy} whose handler forwards with
 * {@code Method.invoke} ({@code proxy*}, {@link ForwardingHandler}).
 *
 * <p>The driver's wrapper is the real one: {@code JdbcFactory.resultSet(statement, physical)}, as a logical
 * statement calls it after a single-shard query, with the statement of a connection of a {@link ShardedDataSource}
 * whose only shard is never contacted (the internal pool connects lazily). Its class is {@code GeneratedResultSet}:
 * {@code LogicalResultSet} implements {@code close} (checks {@code isClosed}, closes the physical result set, tells
 * the statement), {@code getStatement}, {@code unwrap} and {@code isWrapperFor} by hand; every other method, among
 * them {@code next}, {@code getLong}, {@code getString}, {@code wasNull} and {@code getFetchSize}, is generated at
 * build time as a plain call on the wrapped result set. So the row loop measures generated forwarding plus the
 * hand-written {@code close}. The prepared statement is not measured here: the driver's is no pass-through (it
 * stores the parameters, routes, then binds them on the shard's statement; see {@code RoutingDecisionBenchmark}).
 *
 * <p>Every benchmark runs in its own JVM (fork), so each call site sees a single result set class, as in an
 * application. Setup fails the run unless all four ways read the same rows, fetch size and closed state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class WrapperBenchmark {

    static final int ROWS = 16;
    private static final Class<?>[] RESULT_SET = {ResultSet.class};

    private final long[] ids = new long[ROWS];
    private final String[] names = new String[ROWS];
    private Path topologyDir;
    private ShardedDataSource dataSource;
    private Connection connection;
    private Statement statement;

    private ArrayResultSet target;
    private ResultSet generated;
    private ResultSet handWritten;
    private ResultSet proxy;

    @Setup
    public void setUp() throws SQLException, IOException {
        SplittableRandom random = new SplittableRandom(20_261_122L);
        for (int i = 0; i < ROWS; i++) {
            // Large keys, as hash-placed bigint ids are: a boxed one is never a cached Long.
            ids[i] = random.nextLong(1_000_000L, Long.MAX_VALUE);
            names[i] = "user-" + random.nextInt(1_000_000);
        }
        target = new ArrayResultSet(ids, names);
        target.setFetchSize(ROWS);

        topologyDir = Files.createTempDirectory("wrapper-benchmark");
        // Port 9 (discard) on loopback is never dialled: the benchmark borrows no physical connection.
        Path topology = Files.writeString(topologyDir.resolve("shards.yaml"),
                "shards:\n  - name: s0\n    primary: \"jdbc:postgresql://127.0.0.1:9/unused\"\n");
        dataSource = new ShardedDataSource("jdbc:sharded:file:" + topology);
        connection = dataSource.getConnection();
        statement = connection.createStatement();

        generated = ResultSetProbe.wrap(statement, target);
        handWritten = new ForwardingResultSet(target);
        proxy = (ResultSet) Proxy.newProxyInstance(WrapperBenchmark.class.getClassLoader(), RESULT_SET,
                new ForwardingHandler(target));
        check();
    }

    @TearDown
    public void tearDown() throws SQLException, IOException {
        try {
            if (statement != null) {
                statement.close();
            }
            if (connection != null) {
                connection.close();
            }
            if (dataSource != null) {
                dataSource.close();
            }
        } finally {
            if (topologyDir != null) {
                Files.deleteIfExists(topologyDir.resolve("shards.yaml"));
                Files.deleteIfExists(topologyDir);
            }
        }
    }

    /** Fails the run rather than time a wrong answer: the four ways must agree with the rows and each other. */
    private void check() throws SQLException {
        if (!generated.getClass().getName().equals("io.shardedjdbc.jdbc.GeneratedResultSet")) {
            throw new IllegalStateException("the driver's result set is a " + generated.getClass().getName()
                    + ", not the generated class");
        }
        if (generated.getStatement() != statement) {
            throw new IllegalStateException("the driver's result set does not report its logical statement");
        }
        String[] ways = {"unwrapped", "generated", "handWritten", "proxy"};
        ResultSet[] sets = {target, generated, handWritten, proxy};
        for (int w = 0; w < sets.length; w++) {
            ResultSet rs = sets[w];
            target.rewind();
            if (rs.getFetchSize() != ROWS) {
                throw new IllegalStateException(ways[w] + ": fetch size " + rs.getFetchSize() + ", set " + ROWS);
            }
            int row = 0;
            while (rs.next()) {
                long id = rs.getLong(1);
                String name = rs.getString(2);
                if (row >= ROWS || id != ids[row] || !names[row].equals(name) || rs.wasNull()) {
                    throw new IllegalStateException(ways[w] + ": row " + row + " reads (" + id + ", " + name
                            + ")" + (row < ROWS ? ", expected (" + ids[row] + ", " + names[row] + ")" : ""));
                }
                row++;
            }
            if (row != ROWS) {
                throw new IllegalStateException(ways[w] + ": " + row + " rows, expected " + ROWS);
            }
            rs.close();
            if (!target.isClosed() || !rs.isClosed()) {
                throw new IllegalStateException(ways[w] + ": close did not close the target");
            }
        }
        target.rewind();
    }

    // ---- a whole result: next + getLong + getString per row, then close ----

    @Benchmark
    public long unwrappedRowLoop(Blackhole sink) throws SQLException {
        target.rewind();
        ResultSet rs = target;
        long sum = 0;
        while (rs.next()) {
            sum += rs.getLong(1);
            sink.consume(rs.getString(2));
        }
        rs.close();
        return sum;
    }

    @Benchmark
    public long generatedRowLoop(Blackhole sink) throws SQLException {
        target.rewind();
        ResultSet rs = generated;
        long sum = 0;
        while (rs.next()) {
            sum += rs.getLong(1);
            sink.consume(rs.getString(2));
        }
        rs.close();
        return sum;
    }

    @Benchmark
    public long handWrittenRowLoop(Blackhole sink) throws SQLException {
        target.rewind();
        ResultSet rs = handWritten;
        long sum = 0;
        while (rs.next()) {
            sum += rs.getLong(1);
            sink.consume(rs.getString(2));
        }
        rs.close();
        return sum;
    }

    @Benchmark
    public long proxyRowLoop(Blackhole sink) throws SQLException {
        target.rewind();
        ResultSet rs = proxy;
        long sum = 0;
        while (rs.next()) {
            sum += rs.getLong(1);
            sink.consume(rs.getString(2));
        }
        rs.close();
        return sum;
    }

    // ---- one forwarded call: getFetchSize (generated in the driver's class) ----

    @Benchmark
    public int unwrappedFetchSize() throws SQLException {
        return target.getFetchSize();
    }

    @Benchmark
    public int generatedFetchSize() throws SQLException {
        return generated.getFetchSize();
    }

    @Benchmark
    public int handWrittenFetchSize() throws SQLException {
        return handWritten.getFetchSize();
    }

    @Benchmark
    public int proxyFetchSize() throws SQLException {
        return proxy.getFetchSize();
    }

    // ---- what every query adds: a new wrapper around the physical result set, closed again ----

    @Benchmark
    public ResultSet unwrappedOpenClose() throws SQLException {
        target.rewind();
        target.close();
        return target;
    }

    @Benchmark
    public ResultSet generatedOpenClose() throws SQLException {
        target.rewind();
        ResultSet rs = ResultSetProbe.wrap(statement, target);
        rs.close();
        return rs;
    }

    @Benchmark
    public ResultSet handWrittenOpenClose() throws SQLException {
        target.rewind();
        ResultSet rs = new ForwardingResultSet(target);
        rs.close();
        return rs;
    }

    @Benchmark
    public ResultSet proxyOpenClose() throws SQLException {
        target.rewind();
        ResultSet rs = (ResultSet) Proxy.newProxyInstance(WrapperBenchmark.class.getClassLoader(), RESULT_SET,
                new ForwardingHandler(target));
        rs.close();
        return rs;
    }
}
