package io.shardedjdbc.jmh.suite;

import io.shardedjdbc.jmh.peers.Footprint;
import io.shardedjdbc.jmh.startup.PeerLaunch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What each peer puts on an application's class path and into its JVM: jar count and bytes (as the build
 * resolved them), and, from one fresh JVM per peer that reaches its first result, the classes loaded and the heap
 * still in use after a full collection. Not a JMH benchmark: these are counts, not times.
 */
final class FootprintReport {
    private static final List<String> PEERS = List.of("direct", "sharded", "shardingsphere");

    private FootprintReport() {
    }

    static String render(BenchServers servers) throws IOException, SQLException, InterruptedException {
        PeerLaunch.createTable(servers);
        Path workDir = Files.createTempDirectory("sharded-jdbc-footprint");
        try {
            StringBuilder md = new StringBuilder("""

                    | footprint (one fresh JVM per peer, only its jars) | jars | MB on the class path | \
                    classes loaded at the first result | heap in use after GC (MB) | JVM start to first result (ms) |
                    |---|---:|---:|---:|---:|---:|
                    """);
            for (String peer : PEERS) {
                PeerLaunch launch = new PeerLaunch(peer, servers, workDir.resolve(peer));
                launch.run(); // fills the file cache, as the start-up benchmark's warm-up does
                PeerLaunch.Outcome o = launch.run();
                List<Path> classpath = launch.classpath();
                md.append("| ").append(peer).append(" | ").append(classpath.size())
                        .append(" | ").append(megabytes(Footprint.bytes(classpath)))
                        .append(" | ").append(o.loadedClasses())
                        .append(" | ").append(megabytes(o.heapUsedBytes()))
                        .append(" | ").append(o.firstResultMillis()).append(" |\n");
            }
            return md.toString();
        } finally {
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1_048_576.0);
    }
}
