package io.shardedjdbc.jmh;

import io.shardedjdbc.config.ScatterPolicy;
import io.shardedjdbc.config.Setting;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.placement.Algorithm;
import io.shardedjdbc.placement.KeyType;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.placement.PgHash;
import io.shardedjdbc.placement.Placement;
import io.shardedjdbc.placement.RingProbe;
import io.shardedjdbc.route.Route;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.StatementAnalyzer;
import io.shardedjdbc.sql.StatementPlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-execution routing decision of a prepared statement, without any server, for each placement algorithm
 * ({@code @Param algorithm}: ring with 4096 virtual nodes, jump, modulo): the cached plan lookup
 * ({@code prepareStatement} analyses the text, a warm cache makes that one map lookup), the key read from the bound
 * parameters, its placement and the resulting shard index. {@link #hashOnly} and {@link #placementStepOnly} time
 * the two placement steps alone, {@link #planLookupOnly} and {@link #keyToShardOnly} the larger pieces, so the
 * difference to {@link #routePointSelect} is what the router itself adds. Modulo places a bigint key without
 * hashing it, so {@link #hashOnly} is not on its path (it does not depend on the algorithm at all). Expected: no
 * allocation at all, under 200 ns per decision for every algorithm.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RoutingDecisionBenchmark {

    static final String POINT_SELECT = "SELECT user_id, name, email FROM users WHERE user_id = ?";
    static final String INSERT = "INSERT INTO users (user_id, name, email) VALUES (?, ?, ?)";
    static final List<String> SHARDS = List.of("s0", "s1", "s2", "s3");
    static final int VIRTUAL_NODES = 4096;
    private static final String MODULO = "modulo";
    /** Keys cycle through a table larger than the branch predictor's memory, smaller than L1 + L2. */
    private static final int KEY_COUNT = 4096;

    @Param({"ring", "jump", "modulo"})
    public String algorithm;

    private StatementAnalyzer analyzer;
    private Router router;
    private KeyspacePlacement users;
    private RingProbe placementStep;
    private final BoundLongs selectParams = new BoundLongs(1);
    private final BoundLongs insertParams = new BoundLongs(3);
    private final long[] keys = new long[KEY_COUNT];
    /** What the algorithm's own step consumes: the key's hash (ring, jump) or the key (modulo). */
    private final long[] stepInputs = new long[KEY_COUNT];
    private int next;

    @Setup
    public void setUp() throws SQLException {
        Algorithm chosen = Algorithm.fromYaml(algorithm);
        if (chosen == null || chosen == Algorithm.RANGE) {
            throw new IllegalArgumentException("algorithm is " + algorithm + "; use ring, jump or modulo");
        }
        // Assembled as Cluster assembles it from a topology file, minus the node pools.
        Placement placement = Placement.create(SHARDS, chosen, VIRTUAL_NODES, null, null);
        Map<String, KeyspacePlacement> keyspaces = new HashMap<>();
        keyspaces.put("user", placement.keyspace("user", KeyType.BIGINT, Map.of()));
        keyspaces.put("post", placement.keyspace("post", KeyType.BIGINT, Map.of()));
        router = new Router(SHARDS, 0, keyspaces, ScatterPolicy.DENY);
        Map<String, TableSpec> tables = Map.of(
                "users", new TableSpec("users", "user_id", "user", false, null),
                "posts", new TableSpec("posts", "user_id", "user", false, null),
                "likes", new TableSpec("likes", "post_id", "post", false, null),
                "countries", new TableSpec("countries", null, null, true, null));
        analyzer = new StatementAnalyzer(tables::get, Integer.parseInt(Setting.PLAN_CACHE_SIZE.defaultValue()));
        users = keyspaces.get("user");
        placementStep = RingProbe.of(chosen, SHARDS, VIRTUAL_NODES);

        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < KEY_COUNT; i++) {
            keys[i] = random.nextLong(1, 1_000_000_000L);
            stepInputs[i] = placementStep.stepInput(keys[i]);
        }
        checkDecisions();
    }

    /**
     * Fails the run rather than time an error path or a wrong answer: every decision must be a KEY route to the shard
     * the keyspace's placement names, the algorithm's step alone must agree, and modulo must be the contract's
     * {@code floorMod(key, 4)}.
     */
    private void checkDecisions() throws SQLException {
        for (int i = 0; i < KEY_COUNT; i++) {
            int expected = users.shardOfLong(keys[i]);
            if (placementStep.step(stepInputs[i]) != expected
                    || (MODULO.equals(algorithm) && expected != Math.floorMod(keys[i], SHARDS.size()))) {
                throw new IllegalStateException(algorithm + ": key " + keys[i] + " is placed on shard " + expected
                        + " by the keyspace and on " + placementStep.step(stepInputs[i]) + " by the algorithm's step");
            }
            selectParams.setLong(1, keys[i]);
            insertParams.setLong(1, keys[i]);
            for (String sql : new String[]{POINT_SELECT, INSERT}) {
                Route route = router.route(analyzer.analyze(sql), sql == INSERT ? insertParams : selectParams, -1);
                if (route.kind() != RouteKind.KEY || route.shard() != expected) {
                    throw new IllegalStateException(algorithm + ": key " + keys[i] + " routes to " + route.kind()
                            + " " + route.shard() + ", placement says shard " + expected + ": " + sql);
                }
            }
        }
    }

    private int nextIndex() {
        return next = (next + 1) & (KEY_COUNT - 1);
    }

    @Benchmark
    public int routePointSelect() throws SQLException {
        StatementPlan plan = analyzer.analyze(POINT_SELECT);
        selectParams.setLong(1, keys[nextIndex()]);
        return (router.route(plan, selectParams, -1)).shard();
    }

    @Benchmark
    public int routeInsert() throws SQLException {
        StatementPlan plan = analyzer.analyze(INSERT);
        insertParams.setLong(1, keys[nextIndex()]);
        return (router.route(plan, insertParams, -1)).shard();
    }

    /** The warm plan cache alone: what {@code prepareStatement} costs before any server is involved. */
    @Benchmark
    public StatementPlan planLookupOnly() {
        return analyzer.analyze(POINT_SELECT);
    }

    /** Key to shard index through the keyspace: the override check, then hash + ring or jump, or modulo. */
    @Benchmark
    public int keyToShardOnly() throws SQLException {
        return users.shardOfLong(keys[nextIndex()]);
    }

    /** {@code hashint8extended(key, 0)}: on the path of ring and jump, not of modulo (bigint keys are not hashed). */
    @Benchmark
    public long hashOnly() {
        return PgHash.hashInt8(keys[nextIndex()]);
    }

    /**
     * The algorithm's own step on a precomputed input: the binary search of the key's hash among the ring's 16384
     * points, jump hash's loop over the key's hash, or {@code floorMod} of the key.
     */
    @Benchmark
    public int placementStepOnly() {
        return placementStep.step(stepInputs[nextIndex()]);
    }
}
