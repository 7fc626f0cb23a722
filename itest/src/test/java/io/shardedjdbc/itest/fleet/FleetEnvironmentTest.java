package io.shardedjdbc.itest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Backend selection and the external backend's configuration; no server is needed. */
class FleetEnvironmentTest {

    @Test
    void backendComesFromTheEnvironmentAndDefaultsToLocal() {
        assertEquals(FleetBackend.LOCAL, FleetBackend.fromEnvironment(Map.of()));
        assertEquals(FleetBackend.LOCAL, FleetBackend.fromEnvironment(Map.of(FleetBackend.ENV, " ")));
        assertEquals(FleetBackend.TESTCONTAINERS, FleetBackend.fromEnvironment(Map.of(FleetBackend.ENV, "Testcontainers")));
        assertEquals(FleetBackend.EXTERNAL, FleetBackend.fromEnvironment(Map.of(FleetBackend.ENV, "external")));
        FleetException unknown = assertThrows(FleetException.class,
                () -> FleetBackend.fromEnvironment(Map.of(FleetBackend.ENV, "docker")));
        assertTrue(unknown.getMessage().contains("local, testcontainers or external"), unknown.getMessage());
    }

    private static final Map<String, String> EXTERNAL = Map.of(
            ExternalFleet.ENV_URLS, "s0=jdbc:postgresql://db0:5432/shop,jdbc:postgresql://db0r:5433/shop; "
                    + "s1=jdbc:postgresql://db1/shop,jdbc:postgresql://db1r/shop,jdbc:postgresql://db1r2/shop",
            ExternalFleet.ENV_USER, "shop",
            ExternalFleet.ENV_PASSWORD, "pw");

    @Test
    void externalFleetTakesItsServersFromTheEnvironment() {
        try (Fleet fleet = ExternalFleet.fromEnvironment(EXTERNAL, 2, 1)) {
            assertEquals(FleetBackend.EXTERNAL, fleet.backend());
            assertEquals("shop", fleet.user());
            assertEquals("pw", fleet.password());
            assertEquals("shop", fleet.database());
            FleetShard s1 = fleet.shard(1);
            assertEquals("s1", s1.name());
            assertEquals("jdbc:postgresql://db1/shop", s1.primary().jdbcUrl());
            assertEquals(5432, s1.primary().port());
            assertEquals(1, s1.replicas().size(), "only as many replicas as asked for");
            assertTrue(s1.replica(0).isReplica());
            assertEquals("db0r", fleet.shard(0).replica(0).host());
            assertEquals(5433, fleet.shard(0).replica(0).port());
            assertEquals("""
                    shards:
                      - name: s0
                        primary: "jdbc:postgresql://db0:5432/shop"
                        replicas: ["jdbc:postgresql://db0r:5433/shop"]
                      - name: s1
                        primary: "jdbc:postgresql://db1/shop"
                        replicas: ["jdbc:postgresql://db1r/shop"]
                    tables: {}
                    """, fleet.topologyYaml("tables: {}"));
        }
    }

    @Test
    void externalFleetRefusesLifecycleOperationsWithAdvice() {
        Fleet fleet = ExternalFleet.fromEnvironment(EXTERNAL, 1, 0);
        FleetNode primary = fleet.shard(0).primary();
        UnsupportedOperationException kill = assertThrows(UnsupportedOperationException.class, primary::kill);
        assertTrue(kill.getMessage().contains("SHARDED_JDBC_FLEET=local"), kill.getMessage());
        assertThrows(UnsupportedOperationException.class, primary::stop);
        assertThrows(UnsupportedOperationException.class, primary::start);
        assertThrows(UnsupportedOperationException.class, primary::promote);
        assertTrue(fleet.shard(0).replicas().isEmpty());
        assertFalse(primary.isReplica());
    }

    @Test
    void externalFleetFailsWhenTheEnvironmentDescribesTooLittle() {
        FleetException missing = assertThrows(FleetException.class, () -> ExternalFleet.fromEnvironment(Map.of(), 1, 0));
        assertTrue(missing.getMessage().contains(ExternalFleet.ENV_URLS), missing.getMessage());
        FleetException shards = assertThrows(FleetException.class, () -> ExternalFleet.fromEnvironment(EXTERNAL, 3, 0));
        assertTrue(shards.getMessage().contains("names 2 shard(s); this test needs 3"), shards.getMessage());
        FleetException replicas = assertThrows(FleetException.class, () -> ExternalFleet.fromEnvironment(EXTERNAL, 2, 2));
        assertTrue(replicas.getMessage().contains("gives shard s0 1 replica(s); this test needs 2"), replicas.getMessage());
        FleetException badUrl = assertThrows(FleetException.class, () -> ExternalFleet.fromEnvironment(
                Map.of(ExternalFleet.ENV_URLS, "s0=mysql://x/y", ExternalFleet.ENV_USER, "u"), 1, 0));
        assertTrue(badUrl.getMessage().contains("not a PostgreSQL JDBC URL"), badUrl.getMessage());
    }

    @Test
    void binariesResourceFollowsTheCpuArchitecture() {
        assertEquals("postgres-linux-x86_64.txz", PostgresBinaries.resourceName("amd64"));
        assertEquals("postgres-linux-arm_64.txz", PostgresBinaries.resourceName("aarch64"));
        assertThrows(FleetException.class, () -> PostgresBinaries.resourceName("sparc"));
    }
}
