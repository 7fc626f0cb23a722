package io.shardedjdbc.itest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFleetReplicationTest {
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(20);

    @Test
    void everyReplicaStreamsFromItsOwnPrimary(@TempDir Path tmp) throws Exception {
        try (LocalFleet fleet = LocalFleet.start(LocalFleetOptions.of(2, 1))) {
            assertEquals(2, fleet.shards().size());
            for (FleetShard shard : fleet.shards()) {
                FleetNode primary = shard.primary();
                FleetNode replica = shard.replica(0);
                assertFalse(primary.isReplica());
                assertTrue(replica.isReplica());
                assertFalse(FleetSql.queryBoolean(primary, "SELECT pg_is_in_recovery()"));
                assertTrue(FleetSql.queryBoolean(replica, "SELECT pg_is_in_recovery()"));
                assertEquals("app", FleetSql.queryString(primary, "SELECT current_database()"));
                assertEquals("app", FleetSql.queryString(replica, "SELECT current_user"));

                String table = "items_" + shard.name();
                FleetSql.execute(primary, "CREATE TABLE " + table + " (id bigint PRIMARY KEY)");
                FleetSql.insert(primary, table, 42);
                Poll.until(VISIBLE_WITHIN, "row 42 on " + replica.name(), () -> FleetSql.hasRow(replica, table, 42));
            }
            // each shard is its own cluster: s0's table exists on s0's replica only
            assertTrue(FleetSql.hasRow(fleet.shard(0).replica(0), "items_s0", 42));
            assertFalse(FleetSql.hasRow(fleet.shard(1).replica(0), "items_s0", 42));

            Path topology = fleet.writeTopology(tmp.resolve("conf/shards.yaml"), "defaultShard: s0\n");
            String yaml = Files.readString(topology);
            assertTrue(yaml.startsWith("shards:\n  - name: s0\n    primary: \"" + fleet.shard(0).primary().jdbcUrl() + "\"\n"
                    + "    replicas: [\"" + fleet.shard(0).replica(0).jdbcUrl() + "\"]\n  - name: s1\n"), yaml);
            assertTrue(yaml.endsWith("defaultShard: s0\n"), yaml);
        }
    }
}
