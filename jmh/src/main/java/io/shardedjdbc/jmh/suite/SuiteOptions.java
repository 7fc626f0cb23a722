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
 * @param include  a regular expression a benchmark's name must contain to run; null runs them all
 */
public record SuiteOptions(Length length, Path topology, String user, String password, Path out, String include) {

    public enum Length { FULL, SHORT, SMOKE }

    static final String USAGE = """
            usage: java -cp jmh/target/benchmarks.jar io.shardedjdbc.jmh.suite.Suite [--short | --smoke]
                   [--topology shards.yaml [--user U] [--password P]] [--out DIR] [--include REGEX]
                          the full length runs the side-by-side benchmarks in two passes, the peers in opposite orders
              --short     3 warm-up iterations of 2 s and 2 measurement iterations of 1 s, 2 JVMs for the single-shot
                          benchmarks, one pass
              --smoke     one short iteration of every benchmark in the jar, in this JVM (no numbers worth keeping)
              --topology  run on the primaries of this topology's shards (at least 4) instead of a local fleet
              --out       directory for results.json and results.md (default: benchmark-results)
              --include   run only the benchmarks whose name contains a match of REGEX
            """;

    public static SuiteOptions parse(List<String> args) {
        Length length = Length.FULL;
        Path topology = null;
        String user = null;
        String password = null;
        Path out = Path.of("benchmark-results");
        String include = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--short" -> length = Length.SHORT;
                case "--smoke" -> length = Length.SMOKE;
                case "--topology" -> topology = Path.of(value(args, ++i, arg));
                case "--user" -> user = value(args, ++i, arg);
                case "--password" -> password = value(args, ++i, arg);
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--include" -> include = pattern(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (topology == null && (user != null || password != null)) {
            throw new IllegalArgumentException("--user and --password go with --topology\n" + USAGE);
        }
        return new SuiteOptions(length, topology, user, password, out, include);
    }

    private static String pattern(String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
            return regex;
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("--include: " + e.getDescription() + " in '" + regex + "'\n" + USAGE);
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }
}
