package io.shardedjdbc.jmh.suite;

import java.nio.file.Path;
import java.util.List;

/**
 * The suite's command line.
 *
 * @param length   how long each benchmark runs: {@link Length#FULL}, {@link Length#SHORT} (a few minutes in all),
 *                 or {@link Length#SMOKE} (one short iteration of every benchmark in the jar, in this JVM: proves
 *                 they still run, measures nothing)
 * @param topology a sharded-jdbc topology file whose shards' primaries the benchmarks use; null starts a local
 *                 fleet of PostgreSQL servers
 * @param out      where the JMH JSON and the markdown table go
 */
public record SuiteOptions(Length length, Path topology, String user, String password, Path out) {

    public enum Length { FULL, SHORT, SMOKE }

    static final String USAGE = """
            usage: java -cp jmh/target/benchmarks.jar io.shardedjdbc.jmh.suite.Suite [--short | --smoke]
                   [--topology shards.yaml [--user U] [--password P]] [--out DIR]
              --short     3 warm-up iterations of 2 s and 2 measurement iterations of 1 s, 2 JVMs for the single-shot
                          benchmarks
              --smoke     one short iteration of every benchmark in the jar, in this JVM (no numbers worth keeping)
              --topology  run on the primaries of this topology's shards (at least 4) instead of a local fleet
              --out       directory for results.json and results.md (default: benchmark-results)
            """;

    public static SuiteOptions parse(List<String> args) {
        Length length = Length.FULL;
        Path topology = null;
        String user = null;
        String password = null;
        Path out = Path.of("benchmark-results");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--short" -> length = Length.SHORT;
                case "--smoke" -> length = Length.SMOKE;
                case "--topology" -> topology = Path.of(value(args, ++i, arg));
                case "--user" -> user = value(args, ++i, arg);
                case "--password" -> password = value(args, ++i, arg);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (topology == null && (user != null || password != null)) {
            throw new IllegalArgumentException("--user and --password go with --topology\n" + USAGE);
        }
        return new SuiteOptions(length, topology, user, password, out);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }
}
