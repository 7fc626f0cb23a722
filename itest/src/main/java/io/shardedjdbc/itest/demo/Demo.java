package io.shardedjdbc.itest.demo;

import io.shardedjdbc.itest.fleet.Fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The main-job demo: starts a PostgreSQL fleet (or uses {@code --config}), creates and loads the social
 * schema through the driver, runs a mixed workload through an application HikariCP pool on
 * {@code jdbc:sharded:file:...}, then the same workload on one plain server, and prints both.
 * Run it with {@code mvn -q -Pdemo -DskipTests verify}; {@code --help} lists the options.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options = DemoOptions.parse(args);
        PrintStream out = System.out;
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return;
        }
        // The pools' start/stop chatter would drown the progress line; their warnings still show.
        if (System.getProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        }
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("sharded-jdbc-demo");
        Fleet fleet = null;
        try {
            SocialSchema schema = new SocialSchema(DemoRun.SHARDED_PREFIX);
            DemoTarget target;
            if (options.config() != null) {
                target = UserTopology.prepare(options.config(), options.user(), options.password(), schema,
                        work.resolve("shards.yaml"));
                out.println("using " + target.description() + " (tables " + DemoRun.SHARDED_PREFIX + "* and "
                        + DemoRun.DIRECT_PREFIX + "* are re-created there)");
            } else {
                out.printf(Locale.ROOT, "starting a PostgreSQL fleet: %d shards x (1 primary + %d replica%s)...%n",
                        options.shards(), options.replicas(), options.replicas() == 1 ? "" : "s");
                // the fleet also registers a shutdown hook: Ctrl-C stops its servers too
                fleet = Fleet.start(options.shards(), options.replicas());
                target = DemoTarget.ofFleet(fleet, schema, work.resolve("shards.yaml"));
            }
            out.println("topology: " + target.jdbcUrl());
            FailoverDrill drill = options.failover() && fleet != null
                    ? FailoverDrill.prepare(fleet, options.duration()) : null;
            DemoRun run = new DemoRun(target, options, DataShape.forUsers(options.users()), out,
                    ProgressBar.detectStyle(), drill);
            DemoReport report = run.run();
            out.print(Report.render(report));
            if (run.failoverSummary() != null) {
                out.println("  " + run.failoverSummary());
            }
            if (fleet != null && report.direct() != null) {
                out.printf(Locale.ROOT, "  (every server of this fleet shares this machine's %d cores: the comparison"
                        + " shows what routing costs, not what scale-out gains)%n",
                        Runtime.getRuntime().availableProcessors());
            }
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            deleteTree(work);
        }
        out.printf(Locale.ROOT, "%ndemo finished in %.1f s%s%n", (System.nanoTime() - started) / 1e9,
                fleet != null ? "; fleet stopped" : "");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
