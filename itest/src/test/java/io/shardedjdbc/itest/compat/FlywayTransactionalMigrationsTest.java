package io.shardedjdbc.itest.compat;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Flyway with its defaults over an application HikariCP pool on jdbc:sharded:: every migration runs in a transaction
 * (no {@code executeInTransaction=false}) and the PostgreSQL extension's lock is its default transactional one
 * ({@code pg_try_advisory_xact_lock} in a transaction of Flyway's own connection, held for each migration). A
 * migration's DDL on listed tables and its broadcast rows run on every shard inside the migration's transaction,
 * which commits on every shard or none (two-phase commit). Migrations from classpath:compat/flyway-tx/base (V1, V2);
 * a failing V3 from failing-one-shard (its last statement fails on one shard only) or failing-every-shard (on all of
 * them) must change no shard and leave no V3 row in the history, so that migrating without it again is a no-op.
 * The history table is unlisted, so it lives on the defaultShard (s1) only, as in {@link FlywayCompatTest}.
 * <p>
 * What Flyway sends (recorded with -Dcompat.probe=sharded): per migration, on its main connection, setAutoCommit(false)
 * and {@code SELECT pg_try_advisory_xact_lock(<key>)} (table-less: the defaultShard), the history read and, after the
 * migration's statements, the history INSERT, all on s1; on a second (migration) connection setAutoCommit(false),
 * {@code SET ROLE}, {@code set_config('search_path', ...)}, each statement of the script through Statement.execute
 * (DDL and broadcast INSERTs on every shard, a multi-row INSERT split by key), then commit() (two-phase across the
 * shards) or, when a statement fails, rollback(); then commit() / rollback() of the main connection, which releases
 * the lock. The lock's transaction touches only the history table on s1, and a transactional migration runs nothing
 * that waits for it (unlike CREATE INDEX CONCURRENTLY in {@link FlywayCompatTest}), so the default lock works here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class FlywayTransactionalMigrationsTest {
    private static final String HISTORY = "ft_schema_history";
    private static final String BASE = "classpath:compat/flyway-tx/base";
    private static final String FAILING_ONE_SHARD = "classpath:compat/flyway-tx/failing-one-shard";
    private static final String FAILING_EVERY_SHARD = "classpath:compat/flyway-tx/failing-every-shard";
    private static final String TOPOLOGY = """
            defaultShard: s1
            # a statement that waits for a lock (the transactional lock's open transaction, a lock across shards) fails,
            # not hangs
            pool: { dataSource.options: "-c statement_timeout=30000" }
            keyspaces:
              ftenant: { type: bigint }
            tables:
              ft_accounts: { key: tenant_id, keyspace: ftenant }
              ft_ledger: { key: tenant_id, keyspace: ftenant }
              ft_plans: { broadcast: true }
            """;
    private static final List<String> ACCOUNT_COLUMNS = List.of("tenant_id bigint", "name text", "plan text",
            "balance bigint", "region text");

    private CompatFleet fx;
    private HikariDataSource pool;
    /** The pool, or (with -Dcompat.probe=sharded) the pool behind a {@link SqlRecorder}: CompatFleet's probe hook. */
    private javax.sql.DataSource toolDs;
    /** Per shard, what V1 and V2 left there: checked again after each failed V3. */
    private final List<String> afterV2 = new ArrayList<>();

    @BeforeAll
    void setUp() throws SQLException {
        fx = new CompatFleet("ft_", TOPOLOGY);
        fx.onEveryPrimary("DROP TABLE IF EXISTS ft_ledger, ft_accounts, ft_plans, " + HISTORY + " CASCADE");
        pool = fx.pool("flyway-tx", 4);
        toolDs = fx.tool(pool, "flyway-tx", defaultShard());
    }

    @AfterAll
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    /**
     * Flyway's defaults: transactional migrations, and the transactional lock left as it is (true). The only
     * settings are the history table's name and a baseline: the shared fleet's public schema holds other tests'
     * tables, and Flyway refuses to start a history in a non-empty schema without one.
     */
    private Flyway flyway(Map<String, String> placeholders, String... locations) {
        var config = Flyway.configure()
                .dataSource(toolDs)
                .locations(locations)
                .table(HISTORY)
                .placeholders(placeholders)
                .baselineOnMigrate(true)
                .baselineVersion("0");
        assertTrue(config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).isTransactionalLock(),
                "Flyway's default lock is the transactional one");
        return config.load();
    }

    private int defaultShard() {
        return fx.shardIndex("s1");
    }

    /** One account per shard for V3 (all with a positive balance but the one on {@code overdrawnShard}, if any). */
    private Map<String, String> openingRows(int overdrawnShard) throws SQLException {
        List<Long> keys = fx.oneKeyPerShard("ftenant", 1000);
        List<String> rows = new ArrayList<>();
        for (int s = 0; s < keys.size(); s++) {
            rows.add("(" + keys.get(s) + ", 'tenant " + keys.get(s) + "', 'free', " + (s == overdrawnShard ? -5 : 100)
                    + ")");
        }
        return Map.of("ft_opening_rows", String.join(", ", rows));
    }

    private MigrateResult migrate(Flyway flyway) {
        try {
            return flyway.migrate();
        } catch (RuntimeException e) {
            return fail("Flyway migrate failed: " + CompatFleet.describe(e), e);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "a row from " + sql);
            return rs.getString(1);
        }
    }

    private String text(int shard, String sql) throws SQLException {
        try (Connection c = fx.primary(shard).connect()) {
            return text(c, sql);
        }
    }

    /** What the migrations may have changed on one shard: ft_ tables, ft_accounts' columns, indexes, constraints, rows. */
    private String state(int shard) throws SQLException {
        return String.join("\n",
                "tables=" + text(shard, "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '')"
                        + " FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename LIKE 'ft\\_%'"),
                "columns=" + fx.columns(shard, "ft_accounts"),
                "indexes=" + text(shard, "SELECT coalesce(string_agg(indexdef, ';' ORDER BY indexname), '')"
                        + " FROM pg_catalog.pg_indexes WHERE schemaname = 'public' AND tablename LIKE 'ft\\_%'"),
                "constraints=" + text(shard, "SELECT coalesce(string_agg(conname, ',' ORDER BY conname), '')"
                        + " FROM pg_catalog.pg_constraint WHERE conrelid = 'public.ft_accounts'::regclass"),
                "plans=" + text(shard, "SELECT coalesce(string_agg(code || '=' || monthly_fee, ',' ORDER BY code), '')"
                        + " FROM ft_plans"),
                "accounts=" + fx.count(shard, "SELECT count(*) FROM ft_accounts"));
    }

    /** The history's applied rows (not the baseline), as version:success, read on its shard's primary. */
    private String history() throws SQLException {
        return text(defaultShard(), "SELECT coalesce(string_agg(version || ':' || success, ',' ORDER BY installed_rank),"
                + " '') FROM " + HISTORY + " WHERE type <> 'BASELINE'");
    }

    @Test
    @Order(1)
    void transactionalMigrationsLandOnEveryShard() throws SQLException {
        MigrateResult result = migrate(flyway(Map.of(), BASE));
        assertTrue(result.success);
        assertEquals(2, result.migrationsExecuted);
        assertEquals("2", result.targetSchemaVersion);
        for (int s = 0; s < fx.shardCount(); s++) {
            String on = " on " + fx.shardName(s);
            assertTrue(fx.tableExists(s, "ft_plans"), "ft_plans" + on);
            assertTrue(fx.tableExists(s, "ft_accounts"), "ft_accounts" + on);
            assertEquals(ACCOUNT_COLUMNS, fx.columns(s, "ft_accounts"), "V2's column" + on);
            assertEquals(1, fx.count(s, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = 'ft_accounts' AND column_name = 'region' AND column_default LIKE '''eu''%'"),
                    "V2's column default" + on);
            assertEquals("CREATE INDEX ft_accounts_region_idx ON public.ft_accounts USING btree (region)",
                    text(s, "SELECT coalesce(max(indexdef), 'none') FROM pg_catalog.pg_indexes"
                            + " WHERE tablename = 'ft_accounts' AND indexname = 'ft_accounts_region_idx'"),
                    "V2's index" + on);
            assertEquals(3, fx.count(s, "SELECT count(*) FROM ft_plans"), "V1's broadcast rows" + on);
            assertEquals("free=0.00,pro=29.00,team=99.00", text(s, "SELECT string_agg(code || '=' || monthly_fee, ','"
                    + " ORDER BY code) FROM ft_plans"), "V1's broadcast rows" + on);
            assertEquals(0, fx.count(s, "SELECT count(*) FROM ft_accounts"), "no account rows yet" + on);
            afterV2.add(state(s));
        }
    }

    @Test
    @Order(2)
    void theHistoryTableLivesOnTheDefaultShardOnly() throws SQLException {
        int home = defaultShard();
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(s == home, fx.tableExists(s, HISTORY), HISTORY + " on " + fx.shardName(s));
        }
        assertEquals("1:true,2:true", history());
    }

    /**
     * The overdrawn account goes to the last shard (neither the default shard nor the first): the failing ALTER ...
     * ADD CONSTRAINT succeeds, inside the migration's transaction, on every other shard.
     */
    @Test
    @Order(3)
    void aMigrationFailingOnOneShardChangesNoShard() throws SQLException {
        int overdrawn = fx.shardCount() - 1;
        assertFalse(fx.shardName(overdrawn).equals("s1"));
        failedV3LeavesEveryShardAsV2LeftIt(flyway(openingRows(overdrawn), BASE, FAILING_ONE_SHARD), "23514",
                "ft_accounts_balance_check");
    }

    @Test
    @Order(4)
    void aMigrationFailingOnEveryShardChangesNoShard() throws SQLException {
        failedV3LeavesEveryShardAsV2LeftIt(flyway(openingRows(-1), BASE, FAILING_EVERY_SHARD), "23505", "ft_plans_pkey");
    }

    private void failedV3LeavesEveryShardAsV2LeftIt(Flyway flyway, String sqlState, String constraint)
            throws SQLException {
        assertEquals(fx.shardCount(), afterV2.size(), "V1 and V2 ran first (their state on every shard was kept)");
        fx.awaitReplicas(); // Flyway reads its history through the driver, maybe on a replica: it must see V1 and V2
        FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
        SQLException cause = sqlCause(e);
        assertNotNull(cause, "the migration failed on a statement: " + CompatFleet.describe(e));
        assertEquals(sqlState, cause.getSQLState(), CompatFleet.describe(e));
        assertTrue(CompatFleet.describe(e).contains(constraint), CompatFleet.describe(e));
        for (int s = 0; s < fx.shardCount(); s++) {
            String on = " on " + fx.shardName(s);
            assertFalse(fx.tableExists(s, "ft_ledger"), "V3's table" + on);
            assertEquals(ACCOUNT_COLUMNS, fx.columns(s, "ft_accounts"), "V3's ALTER ... ADD COLUMN" + on);
            assertEquals(0, fx.count(s, "SELECT count(*) FROM ft_accounts"), "V3's account rows" + on);
            assertEquals(0, fx.count(s, "SELECT count(*) FROM ft_plans WHERE code = 'enterprise'"),
                    "V3's broadcast row" + on);
            assertEquals(afterV2.get(s), state(s), "everything as V2 left it" + on);
            assertEquals(0, fx.count(s, "SELECT count(*) FROM pg_prepared_xacts"), "prepared parts left" + on);
        }
        // a failed transactional migration is rolled back and not recorded (not even as failed): V3 is still pending
        assertEquals("1:true,2:true", history());
        fx.awaitReplicas();
        MigrationInfo v3 = Arrays.stream(flyway.info().all())
                .filter(m -> m.getVersion() != null && m.getVersion().getVersion().equals("3")).findFirst()
                .orElseThrow(() -> new AssertionError("V3 in info()"));
        assertEquals(MigrationState.PENDING, v3.getState());
    }

    private static SQLException sqlCause(Throwable t) {
        SQLException found = null;
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SQLException sql) {
                found = sql;
            }
        }
        return found;
    }

    @Test
    @Order(5)
    void withoutTheFailedMigrationASecondRunFindsNothingToDoAndValidates() throws SQLException {
        fx.awaitReplicas();
        Flyway flyway = flyway(Map.of(), BASE);
        MigrateResult again = migrate(flyway);
        assertTrue(again.success);
        assertEquals(0, again.migrationsExecuted);
        ValidateResult validated = flyway.validateWithResult();
        assertTrue(validated.validationSuccessful, () -> "validate: " + validated.getAllErrorMessages());
        try {
            flyway.validate();
        } catch (RuntimeException e) {
            fail("Flyway validate failed: " + CompatFleet.describe(e), e);
        }
        MigrationInfo[] applied = flyway.info().applied();
        assertEquals(List.of("1:SUCCESS", "2:SUCCESS"), Arrays.stream(applied)
                .filter(m -> !m.getVersion().getVersion().equals("0"))
                .map(m -> m.getVersion().getVersion() + ":" + m.getState().name()).toList(),
                "V1 and V2 (above the baseline)");
        assertEquals(0, flyway.info().pending().length);
        assertEquals("2", flyway.info().current().getVersion().getVersion());
        assertEquals("1:true,2:true", history());
    }

    @Test
    @Order(6)
    void noPreparedPartOrAdvisoryLockIsLeftOnAnyShard() throws SQLException {
        for (int s = 0; s < fx.shardCount(); s++) {
            String on = " on " + fx.shardName(s);
            assertEquals(0, fx.count(s, "SELECT count(*) FROM pg_prepared_xacts"),
                    "prepared transactions (two-phase commit parts in doubt)" + on + ": "
                            + text(s, "SELECT coalesce(string_agg(gid, ', '), '') FROM pg_prepared_xacts"));
            assertEquals(0, fx.count(s, "SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'advisory'"),
                    "advisory locks held" + on + " after Flyway finished");
        }
    }
}
