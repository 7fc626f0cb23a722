package io.shardedjdbc.itest;

import io.shardedjdbc.itest.fleet.SharedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server session state follows the logical connection to every shard and replica it uses, and nothing of it reaches
 * another logical connection: with one physical connection per node, the next logical connection gets exactly the
 * connection the previous one used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionStateTest {
    private FleetDriverSupport fx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("ss_", "defaultShard: " + SharedFleet.get().shard(0).name() + "\n"
                + "pool: { maximumPoolSize: 1 }\n");
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    /** The setting as each shard answers it, read through the driver with a shard hint (replicas included). */
    private List<String> onEveryShard(Connection c, String expression) throws SQLException {
        List<String> seen = new ArrayList<>();
        for (int s = 0; s < fx.shardCount(); s++) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("/* sharded: shard="
                    + fx.fleet.shard(s).name() + " */ SELECT " + expression)) {
                rs.next();
                seen.add(rs.getString(1));
            }
        }
        return seen;
    }

    private List<String> all(String value) {
        List<String> l = new ArrayList<>();
        for (int s = 0; s < fx.shardCount(); s++) {
            l.add(value);
        }
        return l;
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void aSetHoldsOnEveryShardForItsConnectionAndNoOther() throws SQLException {
        try (Connection c1 = fx.connect()) {
            exec(c1, "SET statement_timeout = '7s'");
            exec(c1, "SET client_min_messages = WARNING");
            assertEquals(all("7s"), onEveryShard(c1, "current_setting('statement_timeout')"));
            assertEquals("warning", show(c1, "client_min_messages"));
            try (Connection c2 = fx.connect()) {
                assertEquals(all("0"), onEveryShard(c2, "current_setting('statement_timeout')"),
                        "another logical connection, on the same physical connections, sees the defaults");
            }
            assertEquals(all("7s"), onEveryShard(c1, "current_setting('statement_timeout')"));
            exec(c1, "RESET statement_timeout");
            assertEquals(all("0"), onEveryShard(c1, "current_setting('statement_timeout')"));
            assertEquals("warning", show(c1, "client_min_messages"));
            exec(c1, "RESET ALL");
            assertEquals("notice", show(c1, "client_min_messages"));
        }
    }

    @Test
    void setConfigFollowsTheConnectionAndDoesNotLeak() throws SQLException {
        try (Connection c1 = fx.connect()) {
            try (var ps = c1.prepareStatement("SELECT set_config('app.tenant', ?, false)")) {
                ps.setString(1, "7");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("7", rs.getString(1));
                }
            }
            assertEquals(all("7"), onEveryShard(c1, "current_setting('app.tenant', true)"));
        }
        try (Connection c2 = fx.connect()) {
            for (String seen : onEveryShard(c2, "current_setting('app.tenant', true)")) {
                assertTrue(seen == null || seen.isEmpty(), "a new logical connection saw app.tenant = " + seen);
            }
        }
    }

    @Test
    void anInvalidSettingFailsAsPostgresqlFailsItAndChangesNothing() throws SQLException {
        try (Connection c = fx.connect()) {
            exec(c, "SET statement_timeout = '3s'");
            SQLException e = assertThrows(SQLException.class, () -> exec(c, "SET statement_timeout = 'banana'"));
            assertEquals("22023", e.getSQLState(), e.getMessage());
            SQLException unknown = assertThrows(SQLException.class, () -> exec(c, "SET no_such_setting = 1"));
            assertEquals("42704", unknown.getSQLState(), unknown.getMessage());
            assertEquals(all("3s"), onEveryShard(c, "current_setting('statement_timeout')"));
        }
    }

    @Test
    void setLocalLastsUntilTheTransactionEndsOnEveryShardItTouches() throws SQLException {
        try (Connection c = fx.connect()) {
            c.setAutoCommit(false);
            assertEquals("0", onEveryShard(c, "current_setting('lock_timeout')").get(0));
            exec(c, "SET LOCAL lock_timeout = '1s'");
            // shard 0 was pinned before the SET, the others are pinned after it
            assertEquals(all("1s"), onEveryShard(c, "current_setting('lock_timeout')"));
            c.commit();
            assertEquals(all("0"), onEveryShard(c, "current_setting('lock_timeout')"));
            c.commit();
            c.setAutoCommit(true);
            assertEquals(all("0"), onEveryShard(c, "current_setting('lock_timeout')"));
        }
    }

    @Test
    void aSetInsideATransactionThatRollsBackIsUndone() throws SQLException {
        try (Connection c = fx.connect()) {
            List<String> defaults = onEveryShard(c, "current_setting('work_mem')");
            c.setAutoCommit(false);
            exec(c, "SET work_mem = '8MB'");
            assertEquals(all("8MB"), onEveryShard(c, "current_setting('work_mem')"));
            c.rollback();
            assertEquals(defaults, onEveryShard(c, "current_setting('work_mem')"));
            exec(c, "SET work_mem = '16MB'");
            c.commit();
            c.setAutoCommit(true);
            assertEquals(all("16MB"), onEveryShard(c, "current_setting('work_mem')"));
        }
    }

    @Test
    void temporaryTablesAndAdvisoryLocksAreGoneWhenTheConnectionGoesBack() throws SQLException {
        try (Connection c = fx.connect()) {
            exec(c, "CREATE TEMP TABLE ss_scratch (a int)");
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_advisory_lock(4242)")) {
                assertTrue(rs.next());
            }
        }
        try (Connection direct = fx.primary(0).connect(); Statement st = direct.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND objid = 4242")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the session advisory lock was released");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'ss_scratch'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the temporary table was dropped");
            }
        }
    }

    @Test
    void warningsOfEveryShardAreChainedOnceAndClearable() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS ss_never_created");
            SQLWarning w = st.getWarnings();
            assertNotNull(w, "the server's NOTICE reaches the statement");
            assertTrue(w.getMessage().contains("does not exist"), w.getMessage());
            st.clearWarnings();
            assertNull(st.getWarnings());

            // every shard says the same: one warning
            st.execute("ALTER TABLE " + fx.schema.users() + " DROP COLUMN IF EXISTS never_there");
            SQLWarning each = st.getWarnings();
            assertNotNull(each);
            assertNull(each.getNextWarning(), "identical warnings of " + fx.shardCount() + " shards come once");
            st.execute("SELECT 1");
            assertNull(st.getWarnings(), "a new execution clears the warnings");
        }
    }

    @Test
    void refusalsLeaveTheConnectionUsable() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            for (String refused : List.of("INSERT INTO " + fx.schema.users() + " (name) VALUES ('x')", "SAVEPOINT a",
                    "SET NAMES 'LATIN1'", "SELECT set_config('app.x', current_user, false)")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(refused), refused);
                String state = e.getSQLState();
                assertFalse(state.equals("0A000") || state.startsWith("08") || state.startsWith("57P"),
                        refused + " failed with " + state + ", which pools take for a dead connection");
            }
            assertTrue(st.execute("SELECT 1"));
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void getSchemaAnswersWhatTheSessionSet() throws SQLException {
        try (Connection c = fx.connect()) {
            assertEquals("public", c.getSchema());
            exec(c, "CREATE SCHEMA IF NOT EXISTS ss_app");
            exec(c, "SET search_path TO ss_app, public");
            assertEquals("ss_app", c.getSchema());
            c.setSchema("public");
            assertEquals("public", c.getSchema());
            assertEquals(all("public"), onEveryShard(c, "current_schema()"));
        }
    }
}
