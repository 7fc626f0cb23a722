package io.shardedjdbc.itest.scatter;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.SharedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-shard reads with a fetch size stream: every shard's part stays open in cursor mode (its backend idle in a
 * transaction) while the merged rows are read, and everything is given back when the result is read or closed.
 * The pools hold one connection per server, so a connection that was not given back makes the next read time out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScatterStreamingTest {
    private static final String TABLE = "ss_items";
    private static final int ROWS = 32_000;
    private static final String ORDERED = "SELECT id, v FROM " + TABLE + " ORDER BY id";
    /** Other backends holding a lock on the table (%s: what to select of them). */
    private static final String LOCK_HOLDERS = "SELECT %s FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid"
            + " WHERE l.locktype = 'relation' AND l.relation = '" + TABLE + "'::regclass"
            + " AND a.pid <> pg_backend_pid() ORDER BY a.pid";

    private final Fleet fleet = SharedFleet.get();
    private ShardedDataSource dataSource;

    @BeforeAll
    void setUp() throws SQLException {
        Path topology;
        try {
            topology = fleet.writeTopology(Files.createTempDirectory("sharded-jdbc-stream").resolve("shards.yaml"),
                    "scatter: allow\nconsistency: strong\npool: { maximumPoolSize: 1, connectionTimeout: 3000 }\n"
                            + "tables:\n  " + TABLE + ": { key: id }\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataSource = new ShardedDataSource("jdbc:sharded:file:" + topology);
        dataSource.setUser(fleet.user());
        dataSource.setPassword(fleet.password());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, grp int NOT NULL, v text NOT NULL)");
        }
        load();
    }

    /** Each row on the shard that placement gives its key, inserted straight into that shard's primary. */
    private void load() throws SQLException {
        Map<String, List<Long>> byShard = new HashMap<>();
        for (long id = 1; id <= ROWS; id++) {
            byShard.computeIfAbsent(dataSource.shardOf("default", id), k -> new ArrayList<>()).add(id);
        }
        assertEquals(shardCount(), byShard.size(), "rows on every shard");
        for (int s = 0; s < shardCount(); s++) {
            List<Long> ids = byShard.get(fleet.shard(s).name());
            try (Connection c = fleet.shard(s).primary().connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + TABLE + " SELECT id, id % 7, 'v' || lpad(id::text, 6, '0')"
                            + " FROM unnest(?::bigint[]) AS id")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                assertEquals(ids.size(), ps.executeUpdate());
            }
        }
    }

    @AfterAll
    void tearDown() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    private int shardCount() {
        return fleet.shards().size();
    }

    /**
     * Per shard: the states of the backends that hold a lock on the table, as the shard's server sees them. A read in
     * auto-commit mode holds its lock only while it runs; a part kept open in a transaction holds it until that ends.
     */
    private List<List<String>> backendStates() throws SQLException {
        List<List<String>> out = new ArrayList<>();
        for (int s = 0; s < shardCount(); s++) {
            List<String> states = new ArrayList<>();
            try (Connection c = fleet.shard(s).primary().connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(LOCK_HOLDERS.formatted("a.state"))) {
                while (rs.next()) {
                    states.add(rs.getString(1));
                }
            }
            out.add(states);
        }
        return out;
    }

    private void assertEveryShardIdleInTransaction() throws SQLException {
        List<List<String>> all = backendStates();
        for (List<String> states : all) {
            assertEquals(List.of("idle in transaction"), states, "each shard's part is open in a transaction: " + all);
        }
    }

    private void assertNoShardInTransaction() throws SQLException {
        for (List<String> states : backendStates()) {
            assertEquals(List.of(), states, "no backend still holds the table in a transaction");
        }
    }

    /** A scatter read on a fresh logical connection: with one connection per server, it needs every one back. */
    private void assertPoolsGaveEveryConnectionBack() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
            assertTrue(rs.next());
            assertEquals(ROWS, rs.getLong(1));
        }
    }

    @Test
    void orderedReadStreamsFromEveryShardInCursorModeUntilTheResultIsClosed() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setFetchSize(100);
            try (ResultSet rs = st.executeQuery(ORDERED)) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
                assertEveryShardIdleInTransaction();
                long expected = 2;
                while (rs.next()) {
                    assertEquals(expected, rs.getLong(1), "merged in id order");
                    assertEquals(String.format("v%06d", expected), rs.getString(2));
                    expected++;
                }
                assertEquals(ROWS + 1, expected);
                // Read to the end: the parts are already given back, before the result is closed.
                assertNoShardInTransaction();
            }
            assertTrue(c.getAutoCommit());
        }
        assertNoShardInTransaction();
        assertPoolsGaveEveryConnectionBack();
    }

    @Test
    void withoutAFetchSizeTheRowsAreReadAtOnceAndTheConnectionsGoBackBeforeTheFirstRow() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(ORDERED)) {
            assertTrue(rs.next());
            assertNoShardInTransaction();
            assertPoolsGaveEveryConnectionBack();
            int n = 1;
            while (rs.next()) {
                n++;
            }
            assertEquals(ROWS, n);
        }
    }

    @Test
    void maxRowsCutsMergedAndSingleShardResults() throws SQLException {
        for (int fetchSize : new int[]{0, 7}) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.setFetchSize(fetchSize);
                st.setMaxRows(5);
                try (ResultSet rs = st.executeQuery(ORDERED)) {
                    for (long expected = 1; expected <= 5; expected++) {
                        assertTrue(rs.next());
                        assertEquals(expected, rs.getLong(1));
                    }
                    assertFalse(rs.next(), "max rows 5 with fetch size " + fetchSize);
                }
                try (ResultSet rs = st.executeQuery("SELECT id FROM " + TABLE + " WHERE id = 3")) {
                    assertTrue(rs.next());
                    assertFalse(rs.next());
                }
            }
        }
        assertNoShardInTransaction();
        assertPoolsGaveEveryConnectionBack();
    }

    @Test
    void aStreamedResultLeftOpenAcrossATransactionIsClosedWhenTheTransactionEnds() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setFetchSize(50);
            ResultSet rs = st.executeQuery(ORDERED);
            assertTrue(rs.next());
            c.setAutoCommit(false);
            c.commit();
            assertTrue(rs.isClosed(), "the statement's streamed result ends with the transaction it predates");
            assertNoShardInTransaction();
            c.setAutoCommit(true);
        }
        assertPoolsGaveEveryConnectionBack();
    }

    @Test
    void limitAndOffsetWithAFetchSize() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM " + TABLE + " WHERE grp <> ? ORDER BY id DESC LIMIT ? OFFSET ?")) {
            ps.setFetchSize(100);
            ps.setInt(1, -1);
            ps.setInt(2, 250);
            ps.setInt(3, 1000);
            try (ResultSet rs = ps.executeQuery()) {
                for (long expected = ROWS - 1000; expected > ROWS - 1250; expected--) {
                    assertTrue(rs.next());
                    assertEquals(expected, rs.getLong(1));
                }
                assertFalse(rs.next());
            }
            ps.setInt(2, 3);
            ps.setInt(3, 0);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(ROWS, rs.getLong(1));
            }
        }
        assertNoShardInTransaction();
        assertPoolsGaveEveryConnectionBack();
    }

    @Test
    void abandoningAResultHalfWayGivesEveryShardBack() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setFetchSize(100);
            ResultSet rs = st.executeQuery(ORDERED);
            for (int i = 0; i < 1234; i++) {
                assertTrue(rs.next());
            }
            assertEveryShardIdleInTransaction();
            rs.close();
            assertNoShardInTransaction();
            assertPoolsGaveEveryConnectionBack();

            // Running the statement again releases the result it replaces.
            rs = st.executeQuery(ORDERED);
            assertTrue(rs.next());
            rs = st.executeQuery("SELECT v FROM " + TABLE + " ORDER BY v DESC");
            assertTrue(rs.next());
            assertEquals(String.format("v%06d", ROWS), rs.getString(1));
            st.close();
            assertTrue(rs.isClosed());
            assertNoShardInTransaction();
            assertPoolsGaveEveryConnectionBack();

            // Closing the logical connection releases a result nobody closed.
            Statement other = c.createStatement();
            other.setFetchSize(50);
            assertTrue(other.executeQuery(ORDERED).next());
        }
        assertNoShardInTransaction();
        assertPoolsGaveEveryConnectionBack();
    }

    @Test
    void streamingInsideATransactionLeavesTheTransactionOpenAndUsable() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(100);
                try (ResultSet rs = st.executeQuery(ORDERED)) {
                    long n = 0;
                    while (rs.next()) {
                        assertEquals(++n, rs.getLong(1));
                        if (n == 10) {
                            assertEveryShardIdleInTransaction();
                        }
                    }
                    assertEquals(ROWS, n);
                }
                assertEveryShardIdleInTransaction();
                assertEquals(1, st.executeUpdate("UPDATE " + TABLE + " SET v = 'changed' WHERE id = 7"));
                st.setFetchSize(10);
                try (ResultSet rs = st.executeQuery("SELECT id FROM " + TABLE + " WHERE v = 'changed'")) {
                    assertTrue(rs.next());
                    assertEquals(7, rs.getLong(1));
                    assertFalse(rs.next());
                }
            }
            c.rollback();
            assertTrue(!c.getAutoCommit());
        }
        assertNoShardInTransaction();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE v = 'changed'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getLong(1), "rolled back");
        }
    }

    @Test
    void aggregatesWithAFetchSize() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setFetchSize(100);
            try (ResultSet rs = st.executeQuery("SELECT count(*), sum(id), min(id), max(v) FROM " + TABLE)) {
                assertTrue(rs.next());
                assertEquals(ROWS, rs.getLong(1));
                assertEquals((long) ROWS * (ROWS + 1) / 2, rs.getLong(2));
                assertEquals(1, rs.getLong(3));
                assertEquals(String.format("v%06d", ROWS), rs.getString(4));
                assertFalse(rs.next());
            }
            try (ResultSet rs = st.executeQuery("SELECT grp, count(*) AS n FROM " + TABLE
                    + " GROUP BY grp ORDER BY grp")) {
                for (int grp = 0; grp < 7; grp++) {
                    assertTrue(rs.next());
                    assertEquals(grp, rs.getInt(1));
                    long expected = 0;
                    for (long id = 1; id <= ROWS; id++) {
                        expected += id % 7 == grp ? 1 : 0;
                    }
                    assertEquals(expected, rs.getLong(2));
                }
                assertFalse(rs.next());
            }
        }
        assertNoShardInTransaction();
        assertPoolsGaveEveryConnectionBack();
    }

    @Test
    void streamedAndEagerReadsGiveTheSameRows() throws SQLException {
        List<String> queries = List.of(
                "SELECT v FROM " + TABLE + " ORDER BY grp DESC, id LIMIT 3000",
                "SELECT id, grp FROM " + TABLE + " WHERE id % 3 = 0 ORDER BY v DESC OFFSET 17 LIMIT 400",
                "SELECT DISTINCT grp FROM " + TABLE + " ORDER BY grp",
                "SELECT count(*) FROM " + TABLE + " WHERE id BETWEEN 100 AND 20000");
        try (Connection c = dataSource.getConnection()) {
            for (String q : queries) {
                assertEquals(rows(c, q, 0), rows(c, q, 64), q);
            }
        }
        assertPoolsGaveEveryConnectionBack();
    }

    private static List<String> rows(Connection c, String sql, int fetchSize) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setFetchSize(fetchSize);
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    out.add(row.toString());
                }
            }
        }
        assertFalse(out.isEmpty(), sql);
        return out;
    }

    @Test
    void aShardFailingMidStreamFailsTheReadAndLeaksNoConnection() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setFetchSize(100);
            try (ResultSet rs = st.executeQuery(ORDERED)) {
                assertTrue(rs.next());
                try (Connection admin = fleet.shard(2).primary().connect(); Statement kill = admin.createStatement();
                     ResultSet killed = kill.executeQuery(LOCK_HOLDERS.formatted(
                             "count(pg_terminate_backend(a.pid))").replace(" ORDER BY a.pid", ""))) {
                    assertTrue(killed.next());
                    assertEquals(1, killed.getInt(1));
                }
                SQLException e = assertThrows(SQLException.class, () -> {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                });
                assertTrue(e.getMessage().contains(fleet.shard(2).name()), e.getMessage());
            }
        }
        assertNoShardInTransaction();
        assertPoolsGaveEveryConnectionBack();
    }
}
