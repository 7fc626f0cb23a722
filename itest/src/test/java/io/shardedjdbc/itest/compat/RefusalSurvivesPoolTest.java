package io.shardedjdbc.itest.compat;

import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.ShardedConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A statement the driver refuses is the application's error, not a broken connection: an application HikariCP pool
 * (one connection) must keep the same connection. HikariCP evicts a connection whose SQLException (or a next
 * exception of it) has an SQLSTATE of class 08, 0A000, 57P01..57P03, JZ0C0/JZ0C1, one of the error codes 500150,
 * 2399, 1105, or is an SQLTimeoutException. And a session setting made on one logical connection is that
 * connection's on every shard, and no other connection's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalSurvivesPoolTest {
    private static final Set<String> EVICTING_STATES = Set.of("0A000", "57P01", "57P02", "57P03", "JZ0C0", "JZ0C1");
    private static final Set<Integer> EVICTING_CODES = Set.of(500150, 2399, 1105);
    private static final String TOPOLOGY = """
            defaultShard: s0
            keyspaces:
              member: { type: bigint }
            tables:
              rp_members: { key: member_id, keyspace: member }
            """;

    private CompatFleet fx;
    private HikariDataSource pool;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new CompatFleet("rp_", TOPOLOGY);
        try (Connection c = fx.dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS rp_members");
            st.execute("CREATE TABLE rp_members (member_id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'x')");
        }
        fx.awaitReplicas();
        pool = fx.pool("refusals", 1);
    }

    @AfterAll
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    /** Fails when HikariCP would take the exception for a broken connection. */
    private static void assertNotEvicting(SQLException refusal) {
        for (SQLException e = refusal; e != null; e = e.getNextException()) {
            String state = e.getSQLState();
            String what = "SQLSTATE " + state + ", error code " + e.getErrorCode() + ": " + e.getMessage();
            assertTrue(state != null && !state.isBlank(), "a refusal needs an SQLSTATE: " + what);
            assertFalse(state.startsWith("08"), "class 08 says the connection is broken: " + what);
            assertFalse(EVICTING_STATES.contains(state), "HikariCP evicts the connection on " + what);
            assertFalse(EVICTING_CODES.contains(e.getErrorCode()), "HikariCP evicts the connection on " + what);
            assertFalse(e instanceof SQLTimeoutException, "HikariCP evicts the connection on a timeout: " + what);
        }
    }

    private ShardedConnection logical(Connection pooled) throws SQLException {
        return pooled.unwrap(ShardedConnection.class);
    }

    /** Runs a refused statement and checks that the pool keeps the same logical connection and it still works. */
    private void refusedAndSurvived(String sql, boolean inTransaction) throws SQLException {
        ShardedConnection before;
        try (Connection c = pool.getConnection()) {
            before = logical(c);
            c.setAutoCommit(!inTransaction);
            try (Statement st = c.createStatement()) {
                if (inTransaction) {
                    st.executeQuery("SELECT count(*) FROM rp_members WHERE member_id = 1").close();
                }
                SQLException refusal = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertNotEvicting(refusal);
            }
            if (inTransaction) {
                c.rollback();
                c.setAutoCommit(true);
            }
            assertFalse(c.isClosed(), "the pool's proxy was closed after " + sql);
            assertEquals("1", CompatFleet.queryString(c, "SELECT 1"), "the next statement on the same checkout");
            assertEquals("0", CompatFleet.queryString(c, "SELECT count(*) FROM rp_members WHERE member_id = 42"));
        }
        try (Connection again = pool.getConnection()) {
            assertSame(before, logical(again), "the pool kept its one connection");
            assertEquals("1", CompatFleet.queryString(again, "SELECT 1"));
        }
        assertEquals(1, pool.getHikariPoolMXBean().getTotalConnections(), "connections in the pool");
    }

    @Test
    void aKeylessInsertIntoAShardedTableIsRefusedAndThePooledConnectionSurvives() throws SQLException {
        refusedAndSurvived("INSERT INTO rp_members (name) VALUES ('no key')", false);
    }

    @Test
    void aSavepointIsRefusedAndThePooledConnectionSurvives() throws SQLException {
        refusedAndSurvived("SAVEPOINT x", true);
    }

    @Test
    void aSessionSettingIsTheLogicalConnectionsOnEveryShardAndNoOneElses() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            assertEquals("7", CompatFleet.queryString(c, "SELECT set_config('app.tenant', '7', false)"));
            for (int s = 0; s < fx.shardCount(); s++) {
                assertEquals("7", CompatFleet.queryString(c, "/* sharded: shard=" + fx.shardName(s) + " */"
                                + " SELECT current_setting('app.tenant', true)"),
                        "app.tenant on " + fx.shardName(s) + " for the connection that set it (auto-commit)");
            }
            c.setAutoCommit(false);
            for (int s = fx.shardCount() - 1; s >= 0; s--) {
                assertEquals("7", CompatFleet.queryString(c, "/* sharded: shard=" + fx.shardName(s) + " */"
                                + " SELECT current_setting('app.tenant', true)"),
                        "app.tenant on " + fx.shardName(s) + " for the connection that set it (in a transaction)");
            }
            c.commit();
            c.setAutoCommit(true);

            // another logical connection, while the first is still open, and after it went back to the pool
            assertNotSetElsewhere("while the setting connection is checked out");
        }
        assertNotSetElsewhere("after the setting connection went back to the application pool");
    }

    private void assertNotSetElsewhere(String when) throws SQLException {
        try (Connection other = fx.dataSource.getConnection()) {
            for (int round = 0; round < 2; round++) {
                for (int s = 0; s < fx.shardCount(); s++) {
                    String value = CompatFleet.queryString(other, "/* sharded: shard=" + fx.shardName(s) + " */"
                            + " SELECT current_setting('app.tenant', true)");
                    assertTrue(value == null || value.isEmpty(),
                            "another logical connection sees app.tenant = " + value + " on " + fx.shardName(s) + " " + when);
                }
            }
        }
    }
}
