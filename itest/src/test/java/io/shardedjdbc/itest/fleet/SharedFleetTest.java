package io.shardedjdbc.itest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SharedFleetTest {

    @Test
    void oneFourShardFleetPerJvmWithAStreamingReplicaPerShard() throws Exception {
        Fleet fleet = SharedFleet.get();
        assertSame(fleet, SharedFleet.get());
        assertEquals(4, fleet.shards().size());
        for (FleetShard shard : fleet.shards()) {
            assertFalse(FleetSql.queryBoolean(shard.primary(), "SELECT pg_is_in_recovery()"));
            assertTrue(FleetSql.queryBoolean(shard.replica(0), "SELECT pg_is_in_recovery()"));
            String table = "shared_fleet_test_" + shard.name();
            FleetSql.execute(shard.primary(), "CREATE TABLE " + table + " (id bigint PRIMARY KEY)");
            FleetSql.insert(shard.primary(), table, 7);
            Poll.until(Duration.ofSeconds(20), "row 7 on " + shard.replica(0).name(),
                    () -> FleetSql.hasRow(shard.replica(0), table, 7));
        }
    }

    @Test
    void testsCannotCloseTheSharedFleetOrDisturbItsNodes() {
        Fleet fleet = SharedFleet.get();
        FleetNode primary = fleet.shard(0).primary();
        FleetNode replica = fleet.shard(0).replica(0);
        assertThrows(UnsupportedOperationException.class, fleet::close);
        assertThrows(UnsupportedOperationException.class, primary::kill);
        assertThrows(UnsupportedOperationException.class, primary::stop);
        assertThrows(UnsupportedOperationException.class, replica::promote);
        assertThrows(UnsupportedOperationException.class, replica::pauseReplay);
        assertTrue(primary.isRunning());
        assertTrue(replica.isReplica());
    }
}
