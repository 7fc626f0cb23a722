package io.shardedjdbc.itest.compat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session commands tools and people send, each on one logical connection: SET, SHOW, RESET, SET LOCAL, SET ROLE,
 * set_config and server notices. A setting of the logical connection holds on every shard it reads from, before
 * or after the SET reached that shard: each shard is read through a {@code /* sharded: shard=NAME *}{@code /} hint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionCommandsCorpusTest {
    private static final String ROLE = "sc_reader";
    private static final String TOPOLOGY = """
            defaultShard: s0
            keyspaces:
              item: { type: bigint }
            tables:
              sc_items: { key: item_id, keyspace: item }
              sc_missing: { key: item_id, keyspace: item }
            """;

    private CompatFleet fx;
    /** What a fresh pgjdbc session on a shard shows (pgjdbc sends TimeZone and others at start-up). */
    private final Map<String, String> serverDefaults = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws SQLException {
        fx = new CompatFleet("sc_", TOPOLOGY);
        fx.onEveryPrimary(
                "DROP TABLE IF EXISTS sc_items, sc_missing",
                "CREATE TABLE sc_items (item_id bigint PRIMARY KEY, name text)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '" + ROLE + "')"
                        + " THEN CREATE ROLE " + ROLE + "; END IF; END $$",
                "GRANT " + ROLE + " TO CURRENT_USER");
        try (Connection direct = fx.primary(0).connect()) {
            for (String name : List.of("client_min_messages", "search_path", "TimeZone", "statement_timeout",
                    "lock_timeout", "DateStyle")) {
                serverDefaults.put(name, CompatFleet.queryString(direct, "SELECT current_setting('" + name + "')"));
            }
        }
    }

    @AfterAll
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    /** A setting's value on every shard, read from this logical connection (each shard in shard order). */
    private Map<String, String> onEveryShard(Connection c, String expression) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int s = 0; s < fx.shardCount(); s++) {
            String shard = fx.shardName(s);
            values.put(shard, CompatFleet.queryString(c, "/* sharded: shard=" + shard + " */ SELECT " + expression));
        }
        return values;
    }

    private Map<String, String> everywhere(String value) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int s = 0; s < fx.shardCount(); s++) {
            values.put(fx.shardName(s), value);
        }
        return values;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String show(Connection c, String name) throws SQLException {
        return CompatFleet.queryString(c, "SHOW " + name);
    }

    @Test
    void setThenShowClientMinMessages() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            execute(c, "SET client_min_messages = WARNING");
            assertEquals("warning", show(c, "client_min_messages"));
            assertEquals(everywhere("warning"), onEveryShard(c, "current_setting('client_min_messages')"));
        }
    }

    @Test
    void showSearchPathAndShowAll() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            assertEquals(serverDefaults.get("search_path"), show(c, "search_path"));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW ALL")) {
                assertEquals(3, rs.getMetaData().getColumnCount());
                assertEquals("name", rs.getMetaData().getColumnLabel(1));
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                assertTrue(names.size() > 100, "SHOW ALL returned " + names.size() + " rows");
                assertTrue(names.contains("client_min_messages"), "SHOW ALL lists client_min_messages");
            }
        }
    }

    @Test
    void setAndResetSearchPath() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            execute(c, "SET search_path TO public");
            assertEquals("public", show(c, "search_path"));
            assertEquals(everywhere("public"), onEveryShard(c, "current_setting('search_path')"));
            execute(c, "RESET search_path");
            assertEquals(serverDefaults.get("search_path"), show(c, "search_path"));
            assertEquals(everywhere(serverDefaults.get("search_path")), onEveryShard(c, "current_setting('search_path')"));
        }
    }

    @Test
    void resetAllRestoresTheSessionDefaultsOnEveryShard() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            execute(c, "SET client_min_messages = ERROR");
            execute(c, "SET statement_timeout = '7s'");
            execute(c, "SET TIME ZONE 'Asia/Kolkata'");
            assertEquals(everywhere("7s"), onEveryShard(c, "current_setting('statement_timeout')"));
            execute(c, "RESET ALL");
            for (String name : List.of("client_min_messages", "statement_timeout", "TimeZone", "DateStyle")) {
                assertEquals(everywhere(serverDefaults.get(name)), onEveryShard(c, "current_setting('" + name + "')"),
                        name + " after RESET ALL");
            }
            assertEquals(serverDefaults.get("client_min_messages"), show(c, "client_min_messages"));
        }
    }

    @Test
    void setTimeZoneHoldsOnEveryShard() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            // first a zone that is no server's or JVM's default, so that UTC afterwards is the SET's doing
            execute(c, "SET TIME ZONE 'Asia/Kolkata'");
            assertEquals(everywhere("Asia/Kolkata"), onEveryShard(c, "current_setting('TimeZone')"));
            execute(c, "SET TIME ZONE 'UTC'");
            assertEquals(everywhere("UTC"), onEveryShard(c, "current_setting('TimeZone')"));
            assertEquals("UTC", show(c, "TimeZone"));
            assertEquals(everywhere("00:00:00"), onEveryShard(c, "to_char(timestamptz '2026-01-01 00:00:00+00', 'HH24:MI:SS')"));
        }
    }

    @Test
    void setStatementTimeoutAndAnInvalidValueChangesNothing() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            execute(c, "SET statement_timeout = '5s'");
            assertEquals("5s", show(c, "statement_timeout"));
            assertEquals(everywhere("5s"), onEveryShard(c, "current_setting('statement_timeout')"));
            SQLException invalid = assertThrows(SQLException.class,
                    () -> execute(c, "SET statement_timeout = 'banana'"));
            assertEquals("22023", invalid.getSQLState(), invalid.getMessage());
            assertFalse(c.isClosed());
            assertEquals("5s", show(c, "statement_timeout"));
            assertEquals(everywhere("5s"), onEveryShard(c, "current_setting('statement_timeout')"));
        }
    }

    @Test
    void setLocalHoldsForTheTransactionOnAShardPinnedAfterItAndEndsWithIt() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            c.setAutoCommit(false);
            execute(c, "SET LOCAL lock_timeout = '1s'");
            String pinnedAfter = fx.shardName(fx.shardCount() - 1);
            assertEquals("1s", CompatFleet.queryString(c,
                    "/* sharded: shard=" + pinnedAfter + " */ SELECT current_setting('lock_timeout')"));
            assertEquals("1s", show(c, "lock_timeout"));
            assertEquals(everywhere("1s"), onEveryShard(c, "current_setting('lock_timeout')"));
            c.commit();
            assertEquals(everywhere(serverDefaults.get("lock_timeout")), onEveryShard(c, "current_setting('lock_timeout')"),
                    "SET LOCAL ends with the transaction");
            c.commit();
            c.setAutoCommit(true);
            assertEquals(everywhere(serverDefaults.get("lock_timeout")), onEveryShard(c, "current_setting('lock_timeout')"));
        }
    }

    @Test
    void setRoleAndResetRole() throws SQLException {
        fx.awaitReplicas();
        long item = fx.oneKeyPerShard("item", 1).get(2);
        try (Connection c = fx.connectLogical()) {
            String user = CompatFleet.queryString(c, "SELECT current_user");
            execute(c, "SET ROLE " + ROLE);
            assertEquals(everywhere(ROLE), onEveryShard(c, "current_user"));
            assertEquals(ROLE, show(c, "role"));
            SQLException denied = assertThrows(SQLException.class, () -> CompatFleet.queryString(c,
                    "SELECT count(*) FROM sc_items WHERE item_id = " + item));
            assertEquals("42501", denied.getSQLState(), "the role has no privilege on sc_items: " + denied.getMessage());
            execute(c, "RESET ROLE");
            assertEquals(everywhere(user), onEveryShard(c, "current_user"));
            assertEquals("0", CompatFleet.queryString(c, "SELECT count(*) FROM sc_items WHERE item_id = " + item));
        }
    }

    @Test
    void customVariablesBySetAndBySetConfig() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            execute(c, "SET sc.flavour = 'vanilla'");
            assertEquals("vanilla", show(c, "sc.flavour"));
            assertEquals(everywhere("vanilla"), onEveryShard(c, "current_setting('sc.flavour', true)"));
            assertEquals("blue", CompatFleet.queryString(c, "SELECT set_config('sc.colour', 'blue', false)"));
            assertEquals(everywhere("blue"), onEveryShard(c, "current_setting('sc.colour', true)"));
        }
        try (Connection other = fx.connectLogical()) {
            for (String value : onEveryShard(other, "current_setting('sc.colour', true)").values()) {
                assertTrue(value == null || value.isEmpty(), "another logical connection sees sc.colour = " + value);
            }
        }
    }

    @Test
    void aNoticeOfTheServerIsAStatementWarningUntilCleared() throws SQLException {
        try (Connection c = fx.connectLogical()) {
            // an unlisted table (the defaultShard), then a listed one that no shard has (every shard)
            for (String table : List.of("sc_no_such_table", "sc_missing")) {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table);
                    SQLWarning warning = st.getWarnings();
                    assertNotNull(warning, "the server's NOTICE for DROP TABLE IF EXISTS " + table);
                    assertEquals("00000", warning.getSQLState(), warning.getMessage());
                    assertTrue(warning.getMessage().contains("\"" + table + "\" does not exist, skipping"),
                            warning.getMessage());
                    st.clearWarnings();
                    assertNull(st.getWarnings(), "clearWarnings() clears it");
                }
            }
        }
    }
}
