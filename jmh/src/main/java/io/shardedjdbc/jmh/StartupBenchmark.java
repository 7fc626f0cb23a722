package io.shardedjdbc.jmh;

import io.shardedjdbc.jmh.startup.PeerLaunch;
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
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A whole application start, side by side ({@code peer} = direct, sharded, shardingsphere): a new JVM whose class
 * path holds only that peer's jars opens a connection through {@code DriverManager}, runs a point SELECT and exits
 * ({@link PeerLaunch}). Each measurement is one process from launch to exit, so it includes the JVM's own start
 * (the same for every peer), class loading, the driver's configuration and the first round trips. The operating
 * system's file cache is warm after the first launch: the warm-up iteration pays the cold disk.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@State(Scope.Benchmark)
public class StartupBenchmark {
    static final int SHARDS = 4;

    @Param({"direct", "sharded", "shardingsphere"})
    public String peer;

    private BenchServers servers;
    private Path workDir;
    private PeerLaunch launch;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        servers = BenchServers.acquire(SHARDS);
        try {
            PeerLaunch.createTable(servers);
            workDir = Files.createTempDirectory("sharded-jdbc-startup");
            launch = new PeerLaunch(peer, servers, workDir);
        } catch (IOException | SQLException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    @Benchmark
    public PeerLaunch.Outcome launchToFirstResult() throws IOException, InterruptedException {
        return launch.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            TempFiles.deleteTree(workDir);
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }
}
