package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to start a {@link LocalFleet}.
 *
 * @param shards           number of shards, 1 to 64
 * @param replicasPerShard streaming replicas per shard, 0 to 8
 * @param binariesDir      where the PostgreSQL binaries are extracted, once per version
 * @param workDir          holds the cached template clusters and one directory per running fleet
 *                         (data directories and server logs)
 *                         <p>When the JVM runs as root, both must be traversable by the servers' OS user (so
 *                         not under /root).
 */
public record LocalFleetOptions(int shards, int replicasPerShard, Path binariesDir, Path workDir) {
    /** One directory for binaries, templates and fleets instead of the defaults. */
    public static final String ENV_DIR = "SHARDED_JDBC_FLEET_DIR";
    static final Path DEFAULT_BINARIES_DIR = Path.of("/tmp/sharded-jdbc-pg");
    static final Path MEMORY_WORK_DIR = Path.of("/dev/shm/sharded-jdbc-pg");
    // Enough for the template clusters plus the data a benchmark run writes.
    private static final long MEMORY_WORK_DIR_MIN_FREE = 4L << 30;

    public LocalFleetOptions {
        if (shards < 1 || shards > 64) {
            throw new FleetException("a fleet needs 1 to 64 shards, not " + shards);
        }
        if (replicasPerShard < 0 || replicasPerShard > 8) {
            throw new FleetException("a fleet has 0 to 8 replicas per shard, not " + replicasPerShard);
        }
        if (binariesDir == null || workDir == null) {
            throw new FleetException("the fleet directories are missing; use LocalFleetOptions.of(shards, replicas)");
        }
        binariesDir = binariesDir.toAbsolutePath();
        workDir = workDir.toAbsolutePath();
    }

    /**
     * {@code shards} x (1 primary + {@code replicasPerShard}) in the directory {@value #ENV_DIR} names, or by
     * default: binaries under /tmp/sharded-jdbc-pg, and the clusters in memory (/dev/shm) when it has room,
     * since creating a cluster's thousand files on a virtual disk costs seconds and on tmpfs milliseconds.
     */
    public static LocalFleetOptions of(int shards, int replicasPerShard) {
        Map<String, String> env = System.getenv();
        String configured = env.get(ENV_DIR);
        if (configured != null && !configured.isBlank()) {
            return new LocalFleetOptions(shards, replicasPerShard, Path.of(configured), Path.of(configured));
        }
        return new LocalFleetOptions(shards, replicasPerShard, DEFAULT_BINARIES_DIR, defaultWorkDir());
    }

    private static Path defaultWorkDir() {
        Path shm = MEMORY_WORK_DIR.getParent();
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm)
                    && Files.getFileStore(shm).getUsableSpace() >= MEMORY_WORK_DIR_MIN_FREE) {
                return MEMORY_WORK_DIR;
            }
        } catch (IOException e) {
            // no usable shared memory file system: the disk will do
        }
        return DEFAULT_BINARIES_DIR;
    }

    Path fleetsDir() {
        return workDir.resolve("fleets");
    }

    Path templatesDir() {
        return workDir.resolve("templates");
    }
}
