package io.shardedjdbc.itest.demo;

import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetShard;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the demo runs: the topology file the driver reads (the social tables included), the credentials
 * to give the driver (null: the file's), and each shard's primary for direct checks. The first shard's
 * primary also serves the unsharded comparison; {@code direct} is null when there is none.
 */
public record DemoTarget(String description, Path topologyFile, String user, String password,
                         List<ShardEndpoint> shards, ShardEndpoint direct) {
    public DemoTarget {
        shards = List.copyOf(shards);
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("the topology of " + description + " has no shards");
        }
    }

    /** A started fleet, its topology written to {@code topologyFile} with the schema's tables. */
    public static DemoTarget ofFleet(Fleet fleet, SocialSchema schema, Path topologyFile) {
        fleet.writeTopology(topologyFile, schema.topologyYaml());
        List<ShardEndpoint> shards = fleet.shards().stream()
                .map(shard -> new ShardEndpoint(shard.name(), shard.primary().jdbcUrl(), fleet.user(), fleet.password()))
                .toList();
        FleetShard first = fleet.shard(0);
        return new DemoTarget(fleet.shards().size() + " shards x (1 primary + " + first.replicas().size()
                + " replica" + (first.replicas().size() == 1 ? "" : "s") + "), " + fleet.backend().name().toLowerCase()
                + " fleet", topologyFile, fleet.user(), fleet.password(), shards, shards.get(0));
    }

    public String jdbcUrl() {
        return "jdbc:sharded:file:" + topologyFile.toAbsolutePath();
    }
}
