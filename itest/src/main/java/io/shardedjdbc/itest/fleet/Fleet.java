package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * N shards, each one PostgreSQL primary with R streaming replicas, for tests, the demo and the benchmarks.
 * All servers share one database, user and password. Closing a fleet stops its servers and deletes what it
 * created on disk.
 */
public interface Fleet extends AutoCloseable {

    /**
     * Starts a fleet on the backend chosen by {@value FleetBackend#ENV} ({@code local} by default).
     * Fails with a {@link FleetException} that carries the reason when no server can be started.
     */
    static Fleet start(int shards, int replicasPerShard) {
        return switch (FleetBackend.fromEnvironment(System.getenv())) {
            case LOCAL -> LocalFleet.start(LocalFleetOptions.of(shards, replicasPerShard));
            case TESTCONTAINERS -> ContainerFleet.start(shards, replicasPerShard);
            case EXTERNAL -> ExternalFleet.fromEnvironment(System.getenv(), shards, replicasPerShard);
        };
    }

    FleetBackend backend();

    /** Shards in placement order, named {@code s0, s1, ...}. */
    List<FleetShard> shards();

    default FleetShard shard(int index) {
        List<FleetShard> shards = shards();
        if (index < 0 || index >= shards.size()) {
            throw new FleetException("the fleet has " + shards.size() + " shard(s), no shard #" + index);
        }
        return shards.get(index);
    }

    /** Every node, shard by shard, primary first. */
    default List<FleetNode> nodes() {
        List<FleetNode> nodes = new ArrayList<>();
        for (FleetShard shard : shards()) {
            nodes.add(shard.primary());
            nodes.addAll(shard.replicas());
        }
        return nodes;
    }

    String user();

    String password();

    String database();

    /**
     * The topology document for the driver: the {@code shards:} list of this fleet followed by
     * {@code extraYaml} (tables, keyspaces, settings), which may be empty.
     */
    default String topologyYaml(String extraYaml) {
        return TopologyYaml.render(shards(), extraYaml);
    }

    /** Writes {@link #topologyYaml(String)} to {@code file} (parents created) and returns the file. */
    default Path writeTopology(Path file, String extraYaml) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, topologyYaml(extraYaml));
        } catch (IOException e) {
            throw new FleetException("cannot write the topology file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stops the servers and deletes the fleet's files. Idempotent. */
    @Override
    void close();
}
