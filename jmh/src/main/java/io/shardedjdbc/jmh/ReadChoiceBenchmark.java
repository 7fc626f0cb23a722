package io.shardedjdbc.jmh;

import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.exec.Cluster;
import io.shardedjdbc.exec.ClusterRegistry;
import io.shardedjdbc.exec.SessionConsistency;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.NodeHealth;
import io.shardedjdbc.node.Shard;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What a consistency level costs each read before any server is involved: the session's choice of the node, made
 * from the health monitor's last findings in memory, against a live cluster of 2 shards x (primary + 2 streaming
 * replicas) whose monitor keeps running during the measurement.
 *
 * <ul>
 *   <li>{@link #readTarget}: the choice alone, for a session that has neither written nor read (for {@code session}
 *       and {@code causal} the same path as {@code read-your-writes}).</li>
 *   <li>{@link #readTargetAndRecord}: the choice plus what the connection notes after the read returned, as every
 *       read pays it; a monotonic session ({@code session}, {@code causal}) then stays on the replica it read from
 *       until the monitor has measured it, so this is their steady state.</li>
 *   <li>{@link #wroteThenReadTarget}: a commit noted, then the next read's choice: under {@code read-your-writes}
 *       and stronger it is the primary until the monitor has measured the primary after the commit.</li>
 * </ul>
 * Expected: tens of nanoseconds and no allocation. Run with {@code -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the fleet launcher and the pools log at INFO; keep the measurement output readable
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(1)
@State(Scope.Thread)
public class ReadChoiceBenchmark {

    static final int SHARDS = 2;
    static final int REPLICAS = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    @Param({"eventual", "read-your-writes", "session", "causal", "strong"})
    public String level;

    private Fleet fleet;
    private Path topologyDir;
    private Cluster cluster;
    private Consistency consistency;
    private SessionConsistency session;
    private Shard[] shards;
    private int next;

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        consistency = Consistency.fromYaml(level);
        if (consistency == null) {
            throw new IllegalArgumentException("unknown consistency level '" + level + "'");
        }
        fleet = Fleet.start(SHARDS, REPLICAS);
        try {
            topologyDir = Files.createTempDirectory("sharded-jdbc-bench");
            Path topology = fleet.writeTopology(topologyDir.resolve("shards.yaml"), "");
            Properties credentials = new Properties();
            credentials.setProperty("user", fleet.user());
            credentials.setProperty("password", fleet.password());
            cluster = ClusterRegistry.acquire("jdbc:sharded:file:" + topology, credentials);
            shards = new Shard[cluster.shardCount()];
            for (int i = 0; i < shards.length; i++) {
                shards[i] = cluster.shard(i);
            }
            Await.until(READY_TIMEOUT, "the monitor to see every replica up as a standby within the lag bound",
                    this::everyReplicaReadable);
            checkChoices();
            session = new SessionConsistency(cluster, consistency);
        } catch (Exception e) {
            stopCluster();
            throw e;
        }
    }

    private boolean everyReplicaReadable() {
        for (Shard shard : shards) {
            if (!shard.primary().health().up() || shard.primary().health().lsn() == 0) {
                return false;
            }
            for (Node replica : shard.replicas()) {
                NodeHealth h = replica.health();
                if (!h.up() || !h.inRecovery() || !cluster.replicaSelector().healthy(h)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Fails the run rather than time a path other than the one each benchmark names. */
    private void checkChoices() throws SQLException {
        for (Shard shard : shards) {
            for (Consistency c : Consistency.values()) {
                Node fresh = new SessionConsistency(cluster, c).readTarget(shard, c, 0);
                expect(fresh.isReplica() == (c != Consistency.STRONG), c, "a new session", fresh);

                SessionConsistency writer = new SessionConsistency(cluster, c);
                writer.wrote(shard);
                Node afterWrite = writer.readTarget(shard, c, 0);
                expect(afterWrite.isReplica() == (c == Consistency.EVENTUAL), c, "right after a write", afterWrite);

                SessionConsistency reader = new SessionConsistency(cluster, c);
                Node first = reader.readTarget(shard, c, 0);
                reader.read(shard, first, c);
                Node second = reader.readTarget(shard, c, 0);
                expect(!c.monotonic() || second == first, c, "right after a read on " + first, second);
            }
        }
    }

    private static void expect(boolean holds, Consistency c, String when, Node chosen) {
        if (!holds) {
            throw new IllegalStateException(c.yamlName() + " reads " + when + " went to " + chosen
                    + ": the benchmark would not measure the path it names");
        }
    }

    @TearDown(Level.Trial)
    public void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                ClusterRegistry.release(cluster);
            }
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            TempFiles.deleteTree(topologyDir);
        }
    }

    /** Alternates between the two shards, as reads of different keys would. */
    private Shard nextShard() {
        return shards[next ^= 1];
    }

    @Benchmark
    public Node readTarget() throws SQLException {
        return session.readTarget(nextShard(), consistency, 0);
    }

    @Benchmark
    public Node readTargetAndRecord() throws SQLException {
        Shard shard = nextShard();
        Node node = session.readTarget(shard, consistency, 0);
        session.read(shard, node, consistency);
        return node;
    }

    @Benchmark
    public Node wroteThenReadTarget() throws SQLException {
        Shard shard = nextShard();
        session.wrote(shard);
        return session.readTarget(shard, consistency, 0);
    }
}
