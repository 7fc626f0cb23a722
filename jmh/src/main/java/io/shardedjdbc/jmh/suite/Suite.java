package io.shardedjdbc.jmh.suite;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /** One JMH run of the suite: which benchmarks, and whether the suite's length may change its iterations. */
    record Group(String name, List<String> includes, boolean singleShot, boolean gc) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("routing and wrappers, no I/O", List.of(
                    "io\\.shardedjdbc\\.jmh\\.RoutingDecisionBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ColdAnalysisBenchmark\\.analyzeAndRoute",
                    "io\\.shardedjdbc\\.jmh\\.wrap\\.WrapperBenchmark\\."), false, true),
            new Group("side by side on 4 shards", List.of(
                    "io\\.shardedjdbc\\.jmh\\.PointOpsBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ScatterPeersBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ColdStatementBenchmark\\."), false, true),
            new Group("start-up, single shot in fresh JVMs", List.of(
                    "io\\.shardedjdbc\\.jmh\\.FirstResultBenchmark\\.",
                    "io\\.shardedjdbc\\.jmh\\.ColdAnalysisBenchmark\\.firstSight",
                    "io\\.shardedjdbc\\.jmh\\.StartupBenchmark\\."), true, false));

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
                        ? smoke() : measure(options.length(), serversFile);
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

    private static List<RunResult> measure(SuiteOptions.Length length, Path serversFile) throws RunnerException {
        List<RunResult> all = new ArrayList<>();
        for (Group group : GROUPS) {
            ChainedOptionsBuilder builder = new OptionsBuilder()
                    .jvmArgsAppend(LOG_LEVEL, "-D" + BenchServers.PROPERTY + "=" + serversFile.toAbsolutePath())
                    .shouldFailOnError(true);
            group.includes().forEach(builder::include);
            if (group.gc()) {
                builder.addProfiler(GCProfiler.class);
            }
            if (length == SuiteOptions.Length.SHORT) {
                if (group.singleShot()) {
                    builder.forks(2);
                } else {
                    builder.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                            .measurementIterations(2).measurementTime(TimeValue.seconds(1));
                }
            }
            System.out.println("# suite: " + group.name());
            all.addAll(new Runner(builder.build()).run());
        }
        return all;
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
                .shouldFailOnError(true);
        return new ArrayList<>(new Runner(builder.build()).run());
    }
}
