package io.shardedjdbc.jmh.suite;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The benchmark suite in one command: starts a local fleet of 4 PostgreSQL primaries (or uses the shards of a
 * given topology), runs the side-by-side benchmarks (direct pgjdbc, sharded-jdbc, ShardingSphere-JDBC on the same
 * servers) and the driver's no-I/O benchmarks, and writes {@code results.json} (JMH's format, every run of the
 * suite) and {@code results.md} (the ratio tables the README shows). Forked benchmark JVMs find the servers
 * through {@link BenchServers#PROPERTY}.
 */
public final class Suite {
    private static final String LOG_LEVEL = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    /** What a run of the suite produced: JMH's results and the markdown file written from them. */
    public record Outcome(List<RunResult> results, Path markdown) {
    }

    /**
     * One JMH run of the suite: which benchmarks, and whether the suite's length may change its iterations.
     *
     * @param sideBySide its benchmarks compare the {@link #PEERS}; the full suite runs them in two passes
     */
    record Group(String name, List<String> includes, boolean singleShot, boolean gc, boolean sideBySide) {
    }

    /** The side-by-side peers in the first pass's order; the second pass runs them the other way round. */
    static final List<String> PEERS = List.of("direct", "sharded", "shardingsphere");

    static final List<Group> GROUPS = List.of(
            new Group("routing and wrappers, no I/O", List.of(
                    "io\\.shardedjdbc\\.jmh\\.RoutingDecisionBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ColdAnalysisBenchmark\\.analyzeAndRoute",
                    "io\\.shardedjdbc\\.jmh\\.wrap\\.WrapperBenchmark\\."), false, true, false),
            new Group("side by side on 4 shards", List.of(
                    "io\\.shardedjdbc\\.jmh\\.PointOpsBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ScatterPeersBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.TransferBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ColdStatementBenchmark\\."), false, true, true),
            new Group("start-up, single shot in fresh JVMs", List.of(
                    "io\\.shardedjdbc\\.jmh\\.FirstResultBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ColdAnalysisBenchmark\\.firstSight",
                    "io\\.shardedjdbc\\.jmh\\.StartupBenchmark\\."), true, false, false));

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path md = run(options, String.join(" ", args)).markdown();
        System.out.println("results: " + md.toAbsolutePath() + " and results.json beside it");
    }

    /** Runs the suite and writes its results into {@code options.out()}. */
    public static Outcome run(SuiteOptions options, String arguments)
            throws IOException, SQLException, RunnerException, InterruptedException {
        Files.createDirectories(options.out());
        try (BenchServers servers = options.topology() == null ? BenchServers.start(4)
                : BenchServers.fromTopology(options.topology(), options.user(), options.password())) {
            Path serversFile = servers.write(options.out().resolve("servers.properties"));
            String previous = System.getProperty(BenchServers.PROPERTY);
            // the smoke run benchmarks in this JVM; the others fork and get the same path on their command line
            System.setProperty(BenchServers.PROPERTY, serversFile.toAbsolutePath().toString());
            try {
                List<RunResult> results = options.length() == SuiteOptions.Length.SMOKE
                        ? smoke() : measure(options, serversFile);
                ResultFormatFactory.getInstance(ResultFormatType.JSON,
                        options.out().resolve("results.json").toString()).writeOut(results);
                String header = MachineInfo.describe(servers, "java -cp jmh/target/benchmarks.jar "
                        + Suite.class.getName() + (arguments.isBlank() ? "" : " " + arguments));
                Path md = Files.writeString(options.out().resolve("results.md"),
                        header + "\n" + ResultsTable.render(results) + FootprintReport.render(servers));
                return new Outcome(results, md);
            } finally {
                if (previous == null) {
                    System.clearProperty(BenchServers.PROPERTY);
                } else {
                    System.setProperty(BenchServers.PROPERTY, previous);
                }
                Files.deleteIfExists(serversFile);
            }
        }
    }

    private static List<RunResult> measure(SuiteOptions options, Path serversFile) throws RunnerException {
        List<RunResult> all = new ArrayList<>();
        for (Group group : GROUPS) {
            List<String> includes = narrowed(group.includes(), options.include());
            if (BenchmarkList.defaultList().find(OutputFormatFactory.createFormatInstance(System.out,
                    VerboseMode.SILENT), includes, List.of()).isEmpty()) {
                continue;
            }
            // Run order moved the 8-thread ratios by up to 25% on a 2-core machine shared with the servers:
            // measuring both orders and showing both keeps that visible instead of crediting it to a peer.
            int passes = options.length() == SuiteOptions.Length.FULL && group.sideBySide() ? 2 : 1;
            for (int pass = 0; pass < passes; pass++) {
                ChainedOptionsBuilder builder = new OptionsBuilder()
                        .jvmArgsAppend(LOG_LEVEL, "-D" + BenchServers.PROPERTY + "=" + serversFile.toAbsolutePath())
                        .shouldFailOnError(true);
                includes.forEach(builder::include);
                if (group.gc()) {
                    builder.addProfiler(GCProfiler.class);
                }
                if (group.sideBySide()) {
                    builder.addProfiler(CpuProfiler.class);
                    List<String> order = new ArrayList<>(PEERS);
                    if (pass % 2 == 1) {
                        Collections.reverse(order);
                    }
                    builder.param(ResultsTable.PEER, order.toArray(String[]::new));
                }
                if (options.length() == SuiteOptions.Length.SHORT) {
                    if (group.singleShot()) {
                        builder.forks(2);
                    } else {
                        builder.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                                .measurementIterations(2).measurementTime(TimeValue.seconds(1));
                    }
                }
                System.out.println("# suite: " + group.name() + (passes > 1 ? ", pass " + (pass + 1) + " of " + passes
                        : ""));
                all.addAll(new Runner(builder.build()).run());
            }
        }
        return all;
    }

    /** The group's patterns, each also required to contain a match of {@code include} (JMH ORs its includes). */
    static List<String> narrowed(List<String> patterns, String include) {
        if (include == null) {
            return patterns;
        }
        List<String> both = new ArrayList<>();
        for (String p : patterns) {
            both.add("^(?=.*(?:" + include + ")).*(?:" + p + ")");
        }
        return both;
    }

    /**
     * Every benchmark in the jar once, briefly, in this JVM. Parameters that only multiply setups of fleets with
     * replicas are cut to one value each; the side-by-side ones keep all their values.
     */
    static List<RunResult> smoke() throws RunnerException {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include("io\\.shardedjdbc\\.jmh\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .param("level", "strong")
                .param("consistency", "eventual")
                .param("writeConsistency", "eventual")
                .param("rows", "1000")
                .param("shard", "0")
                .param("shardCount", "4")
                .addProfiler(CpuProfiler.class)
                .shouldFailOnError(true);
        return new ArrayList<>(new Runner(builder.build()).run());
    }
}
