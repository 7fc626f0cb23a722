package io.shardedjdbc.itest.fleet;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start a {@link LocalFleet}.
 *
 * @param shards           number of shards, at least 1
 * @param replicasPerShard streaming replicas per shard, 0 or more
 * @param baseDir          holds the extracted binaries and one directory per running fleet; when the JVM runs
 *                         as root it must be traversable by the servers' OS user (so not under /root)
 */
public record LocalFleetOptions(int shards, int replicasPerShard, Path baseDir) {
    public static final String ENV_BASE_DIR = "SHARDED_JDBC_FLEET_DIR";
    static final Path DEFAULT_BASE_DIR = Path.of("/tmp/sharded-jdbc-pg");

    public LocalFleetOptions {
        if (shards < 1 || shards > 64) {
            throw new FleetException("a fleet needs 1 to 64 shards, not " + shards);
        }
        if (replicasPerShard < 0 || replicasPerShard > 8) {
            throw new FleetException("a fleet has 0 to 8 replicas per shard, not " + replicasPerShard);
        }
        if (baseDir == null) {
            throw new FleetException("the fleet base directory is missing; use LocalFleetOptions.of(shards, replicas)");
        }
        baseDir = baseDir.toAbsolutePath();
    }

    /** {@code shards} x (1 primary + {@code replicasPerShard}) in {@value #ENV_BASE_DIR} or /tmp/sharded-jdbc-pg. */
    public static LocalFleetOptions of(int shards, int replicasPerShard) {
        return new LocalFleetOptions(shards, replicasPerShard, baseDirFrom(System.getenv()));
    }

    static Path baseDirFrom(Map<String, String> env) {
        String configured = env.get(ENV_BASE_DIR);
        return configured == null || configured.isBlank() ? DEFAULT_BASE_DIR : Path.of(configured);
    }

    Path fleetsDir() {
        return baseDir.resolve("fleets");
    }
}
