package io.shardedjdbc.jmh;

import io.shardedjdbc.jmh.cold.ColdShape;
import io.shardedjdbc.jmh.cold.ColdTopology;
import io.shardedjdbc.route.Route;
import io.shardedjdbc.sql.StatementPlan;
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

import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the driver spends the first time it sees a SQL text (a plan cache miss): {@code StatementAnalyzer.analyze}
 * (lexing, hint comments, JSqlParser, the walk that finds tables, keys and, for a cross-shard read, the merge shape
 * and the text each shard runs), the plan cache's insertion and eviction, and the routing decision, with no server.
 * Every operation sees a text the cache does not hold: each shape ({@code @Param shape}, see {@link ColdShape}) is
 * a family of {@value #TEXTS} texts that differ in one number, cycled in order, 8 times the default cache size, so a
 * text comes back only long after its plan was evicted (setup checks that it was). Varying the text, rather than
 * building a fresh analyzer per operation, keeps the cost of a miss in a running driver and leaves out the
 * analyzer's construction, which a driver pays once.
 *
 * <p>{@link #analyzeAndRoute} is the steady state: a miss once the JIT has compiled the parser (average time,
 * µs/op). {@link #firstSight} is the first statement of a fresh JVM: one analysis per fork, no warm-up, so it
 * includes loading and initialising the parser's classes and running them interpreted (single shot, ms). Each
 * fork runs one shape, so every shape's number includes the class loading.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ColdAnalysisBenchmark {

    /** A power of two, 8 times the default plan cache (2048). */
    static final int TEXTS = 16384;

    /** The statement shape, shared by both measurements' states. */
    @State(Scope.Benchmark)
    public static class Shape {
        @Param({"pointSelect", "insert", "update", "delete", "colocatedJoin", "scatterOrderLimit", "scatterGroupBy",
                "broadcastRead"})
        public String shape;
    }

    /** Many distinct texts of one shape, all checked to route as the shape should. */
    @State(Scope.Thread)
    public static class Steady {
        ColdTopology topology;
        final String[] texts = new String[TEXTS];
        int next;

        @Setup(Level.Trial)
        public void setUp(Shape param) throws SQLException {
            ColdShape shape = ColdShape.of(param.shape);
            topology = ColdTopology.create();
            SplittableRandom random = new SplittableRandom(42);
            long[] numbers = new long[TEXTS];
            for (int i = 0; i < TEXTS; i++) {
                // Distinct keys spread over the shards; other shapes vary a bound, where i is distinct enough.
                numbers[i] = shape.keyed() ? random.nextLong(1, 1_000_000_000L) * TEXTS + i : i;
                texts[i] = shape.text(numbers[i]);
            }
            StatementPlan firstPlan = null;
            for (int i = 0; i < TEXTS; i++) {
                Route route = topology.analyzeAndRoute(texts[i]);
                topology.checkRoute(shape, numbers[i], texts[i], route);
                if (i == 0) {
                    firstPlan = topology.analyzer().analyze(texts[0]);
                }
            }
            if (topology.analyzer().analyze(texts[0]) == firstPlan
                    || topology.analyzer().cachedPlanCount() > ColdTopology.planCacheSize()) {
                throw new IllegalStateException("the plan of " + texts[0] + " is still cached after " + TEXTS
                        + " other texts: the benchmark would time cache hits");
            }
            next = 1;
        }
    }

    /** One text; the parser untouched until the measured operation. */
    @State(Scope.Thread)
    public static class FirstSight {
        ColdShape shape;
        ColdTopology topology;
        long number;
        String text;
        int analyses;
        Route route;

        @Setup(Level.Trial)
        public void setUp(Shape param) throws SQLException {
            shape = ColdShape.of(param.shape);
            topology = ColdTopology.create();
            number = shape.keyed() ? 4_242_424_242L : 42;
            text = shape.text(number);
        }

        @Setup(Level.Iteration)
        public void onlyOnce() {
            if (analyses > 0) {
                throw new IllegalStateException("firstSight times the first analysis of a fresh JVM, and this JVM has"
                        + " analysed already: run it without warm-up and with one measurement iteration (-wi 0 -i 1,"
                        + " the defaults of the benchmark), and with -f N for N samples");
            }
        }

        @TearDown(Level.Iteration)
        public void check() throws SQLException {
            topology.checkRoute(shape, number, text, route);
        }
    }

    @Benchmark
    public Route analyzeAndRoute(Steady state) throws SQLException {
        String sql = state.texts[state.next];
        state.next = (state.next + 1) & (TEXTS - 1);
        return state.topology.analyzeAndRoute(sql);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1, batchSize = 1)
    @Fork(5)
    public Route firstSight(FirstSight state) throws SQLException {
        state.analyses++;
        return state.route = state.topology.analyzeAndRoute(state.text);
    }
}
