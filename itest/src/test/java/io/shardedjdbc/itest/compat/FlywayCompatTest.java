package io.shardedjdbc.itest.compat;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Flyway over an application HikariCP pool on jdbc:sharded:, migrations from classpath:compat/flyway, each declared
 * non-transactional in its script configuration file ({@code V1__x.sql.conf}: {@code executeInTransaction=false}):
 * a transactional migration would need an atomic multi-shard commit. The history table is unlisted, so it lives on
 * the defaultShard; the migrations' tables, rows and index on every shard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlywayCompatTest {
    private static final String HISTORY = "fw_schema_history";
    private static final String TOPOLOGY = """
            defaultShard: s1
            # a migration statement that waits (CREATE INDEX CONCURRENTLY behind an open transaction) fails, not hangs
            pool: { dataSource.options: "-c statement_timeout=30000" }
            keyspaces:
              tenant: { type: bigint }
            tables:
              fw_tenants: { key: tenant_id, keyspace: tenant }
              fw_plans: { broadcast: true }
            """;

    private CompatFleet fx;
    private HikariDataSource pool;
    private javax.sql.DataSource toolDs;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new CompatFleet("fw_", TOPOLOGY);
        fx.onEveryPrimary("DROP TABLE IF EXISTS fw_tenants, fw_plans, " + HISTORY + " CASCADE");
        pool = fx.pool("flyway", 4);
        toolDs = fx.tool(pool, "flyway", 1);
    }

    @AfterAll
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    private Flyway flyway() {
        FluentConfiguration config = Flyway.configure()
                .dataSource(toolDs)
                .locations("classpath:compat/flyway")
                .table(HISTORY)
                // the shared test fleet's public schema holds other tests' tables: start the history before V1
                .baselineOnMigrate(true)
                .baselineVersion("0");
        // the default (true) holds pg_try_advisory_xact_lock in an open transaction on a second connection for the
        // whole run, and CREATE INDEX CONCURRENTLY waits for that transaction forever, on one PostgreSQL server as
        // much as through the driver: non-transactional migrations need the session lock
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return config.load();
    }

    private int defaultShard() {
        return fx.shardIndex("s1");
    }

    private MigrateResult migrate() {
        try {
            return flyway().migrate();
        } catch (RuntimeException e) {
            return fail("Flyway migrate failed: " + CompatFleet.describe(e), e);
        }
    }

    @Test
    @Order(1)
    void nonTransactionalMigrationsRunOnEveryShard() throws SQLException {
        MigrateResult result = migrate();
        assertTrue(result.success);
        assertEquals(3, result.migrationsExecuted);
        for (int s = 0; s < fx.shardCount(); s++) {
            String on = " on " + fx.shardName(s);
            assertTrue(fx.tableExists(s, "fw_plans"), "fw_plans" + on);
            assertTrue(fx.tableExists(s, "fw_tenants"), "fw_tenants" + on);
            assertEquals(2, fx.count(s, "SELECT count(*) FROM fw_plans"), "broadcast rows" + on);
            assertEquals(1, fx.count(s, "SELECT count(*) FROM pg_catalog.pg_indexes"
                    + " WHERE tablename = 'fw_tenants' AND indexname = 'fw_tenants_name_idx'"), "the index" + on);
            assertEquals(1, fx.count(s, "SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c"
                    + " ON c.oid = i.indexrelid WHERE c.relname = 'fw_tenants_name_idx' AND i.indisvalid"),
                    "CREATE INDEX CONCURRENTLY completed" + on);
        }
        for (long tenant = 1; tenant <= 8; tenant++) {
            assertEquals(List.of(fx.shardOf("tenant", tenant)),
                    fx.shardsWithRows("SELECT count(*) FROM fw_tenants WHERE tenant_id = " + tenant));
        }
    }

    @Test
    @Order(2)
    void theHistoryTableLivesOnTheDefaultShardOnly() throws SQLException {
        int home = defaultShard();
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(s == home, fx.tableExists(s, HISTORY), HISTORY + " on " + fx.shardName(s));
        }
        assertEquals(3, fx.count(home, "SELECT count(*) FROM " + HISTORY + " WHERE success AND type <> 'BASELINE'"));
    }

    @Test
    @Order(3)
    void noAdvisoryLockIsLeftHeldOnAnyShard() throws SQLException {
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(0, fx.count(s, "SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'advisory'"),
                    "advisory locks held on " + fx.shardName(s) + " after Flyway finished");
        }
    }

    @Test
    @Order(4)
    void aSecondRunFindsNothingToDoAndValidates() {
        MigrateResult again = migrate();
        assertTrue(again.success);
        assertEquals(0, again.migrationsExecuted);
        Flyway flyway = flyway();
        try {
            flyway.validate();
        } catch (RuntimeException e) {
            fail("Flyway validate failed: " + CompatFleet.describe(e), e);
        }
        MigrationInfo[] applied = flyway.info().applied();
        assertEquals(List.of("1", "2", "3"), Arrays.stream(applied).map(m -> m.getVersion().getVersion())
                .filter(v -> !v.equals("0")).toList(), "the three migrations (above the baseline, when there is one)");
        assertFalse(Arrays.stream(applied).anyMatch(m -> !m.getState().isApplied()));
    }
}
