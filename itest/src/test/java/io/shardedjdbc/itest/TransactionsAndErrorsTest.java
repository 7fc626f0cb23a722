package io.shardedjdbc.itest;

import io.shardedjdbc.ShardHints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transactions pin one connection per shard; bad input fails with the documented SQLSTATE and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionsAndErrorsTest {
    private FleetDriverSupport fx;
    private long a;
    private long b;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("te_", "");
        a = 1;
        b = 2;
        while (fx.dataSource.shardOf("user", a).equals(fx.dataSource.shardOf("user", b))) {
            b++;
        }
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    private long total(String countSql) throws SQLException {
        long n = 0;
        for (int s = 0; s < fx.shardCount(); s++) {
            n += fx.count(s, countSql);
        }
        return n;
    }

    private static void insertUser(Connection c, long id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO te_users (user_id, name) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    @Test
    void commitAndRollbackApplyToTheTransactionsShard() throws SQLException {
        try (Connection c = fx.connect()) {
            c.setAutoCommit(false);
            insertUser(c, 1001, "rolled back");
            c.rollback();
            insertUser(c, 1002, "committed");
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM te_users WHERE user_id = ?")) {
                ps.setLong(1, 1002);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "a transaction reads its own uncommitted write");
                }
            }
            assertEquals(0, total("SELECT count(*) FROM te_users WHERE user_id = 1002"), "not visible before commit");
            c.commit();
        }
        assertEquals(0, total("SELECT count(*) FROM te_users WHERE user_id = 1001"));
        assertEquals(1, total("SELECT count(*) FROM te_users WHERE user_id = 1002"));
    }

    @Test
    void aTransactionWritingTwoShardsCommitsOnBothOrRollsBackOnBoth() throws SQLException {
        long first = a + 10_000_000;
        long second = otherShardThan(first);
        try (Connection c = fx.connect()) {
            c.setAutoCommit(false);
            insertUser(c, first, "first");
            insertUser(c, second, "second");
            c.rollback();
            assertEquals(0, total("SELECT count(*) FROM te_users WHERE user_id > 10000000"), "rolled back on both");
            insertUser(c, first, "first");
            insertUser(c, second, "second");
            assertEquals(0, total("SELECT count(*) FROM te_users WHERE user_id > 10000000"), "nothing before commit");
            c.commit();
        }
        assertEquals(1, total("SELECT count(*) FROM te_users WHERE user_id = " + first));
        assertEquals(1, total("SELECT count(*) FROM te_users WHERE user_id = " + second));
        assertEquals(0, total("SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'sharded-jdbc:%'"),
                "no prepared part is left behind");
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM te_users WHERE user_id IN (" + first + ", " + second + ")");
        }
    }

    @Test
    void withMultiShardTransactionsRefusedASecondWrittenShardIsRefusedAndLosesNothing() throws SQLException {
        long first = a + 10_000_000;
        long second = otherShardThan(first);
        try (Connection c = DriverManager.getConnection(fx.url + "?multiShardTransactions=refuse", fx.credentials())) {
            c.setAutoCommit(false);
            insertUser(c, first, "first");
            SQLException e = assertThrows(SQLException.class, () -> insertUser(c, second, "second"));
            assertEquals("SJ006", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("multiShardTransactions"), e.getMessage());
            c.rollback();
        }
        assertEquals(0, total("SELECT count(*) FROM te_users WHERE user_id > 10000000"));
    }

    private long otherShardThan(long key) throws SQLException {
        long other = b + 10_000_000;
        while (fx.dataSource.shardOf("user", other).equals(fx.dataSource.shardOf("user", key))) {
            other++;
        }
        return other;
    }

    @Test
    void readsOfOtherShardsInsideATransactionAreAllowed() throws SQLException {
        try (Connection c = fx.connect()) {
            insertUser(c, a, "a");
            insertUser(c, b, "b");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM te_users WHERE user_id = ?")) {
                ps.setLong(1, a);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                }
                ps.setLong(1, b);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE te_users SET name = ? WHERE user_id = ?")) {
                ps.setString(1, "a2");
                ps.setLong(2, a);
                assertEquals(1, ps.executeUpdate());
            }
            c.commit();
        }
    }

    @Test
    void missingKeyIsRefusedAndChangesNothing() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            insertUser(c, 77, "before");
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE te_users SET name = 'x'"));
            assertEquals("SJ002", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("user_id"), e.getMessage());
            SQLException read = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM te_users"));
            assertEquals("SJ002", read.getSQLState(), read.getMessage());
            assertTrue(read.getMessage().contains("scatter is deny") && read.getMessage().contains("te_users"),
                    read.getMessage());
        }
        assertEquals(0, total("SELECT count(*) FROM te_users WHERE name = 'x'"));
    }

    @Test
    void unknownTableWithoutDefaultShardIsRefused() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM te_nowhere"));
            assertEquals("SJ003", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("te_nowhere"), e.getMessage());
        }
    }

    @Test
    void unparseableSqlNeedsAHintAndRunsWithOne() throws SQLException {
        String sql = "SELECT name FROM te_users WHERE user_id = 5 WINDOW";
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELEKT name FROM te_users"));
            assertEquals("SJ004", e.getSQLState(), e.getMessage());
            insertUser(c, 5, "five");
            // a statement the analyser cannot read still runs where its hint says
            try (ShardHints.Scope h = ShardHints.key("user", 5L);
                 ResultSet rs = st.executeQuery("SELECT name FROM te_users WHERE user_id = 5 AND xmin::text::bigint >= 0")) {
                assertTrue(rs.next());
                assertEquals("five", rs.getString(1));
            }
        }
    }

    @Test
    void hintsRouteStatementsWithoutKeys() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            insertUser(c, 300, "hinted");
            String shard = fx.dataSource.shardOf("user", 300L);
            try (ShardHints.Scope h = ShardHints.shard(shard);
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM te_users WHERE name = 'hinted'")) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
            try (ShardHints.Scope h = ShardHints.key(300L);
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM te_users WHERE name = 'hinted'")) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
            try (ResultSet rs = st.executeQuery("/* sharded: key=300 */ SELECT count(*) FROM te_users WHERE name = 'hinted'")) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM te_users /* sharded: shard=" + shard + " */")) {
                rs.next();
                assertTrue(rs.getLong(1) >= 1);
            }
            SQLException e = assertThrows(SQLException.class,
                    () -> st.executeQuery("/* sharded: shard=nope */ SELECT 1 FROM te_users"));
            assertEquals("SJ009", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void badYamlIsRefusedWithFileAndLine() throws Exception {
        Path bad = Files.createTempFile("bad", ".yaml");
        Files.writeString(bad, "shards:\n  - name: s0\n    primari: jdbc:postgresql://127.0.0.1:1/app\n");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:sharded:file:" + bad, fx.credentials()));
        assertEquals("SJ001", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(bad.getFileName().toString() + ":3"), e.getMessage());
    }

    @Test
    void anUnreachableServerFailsWithConnectionStateAndOthersKeepWorking() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        StringBuilder yaml = new StringBuilder("shards:\n");
        for (int s = 0; s < fx.shardCount(); s++) {
            String url = s == 1 ? "jdbc:postgresql://127.0.0.1:" + deadPort + "/app" : fx.primary(s).jdbcUrl();
            yaml.append("  - name: ").append(fx.fleet.shard(s).name()).append("\n    primary: ").append(url).append('\n');
        }
        yaml.append("pool: { connectionTimeout: 250 }\n").append(fx.schema.topologyYaml());
        Path file = Files.createTempFile("dead", ".yaml");
        Files.writeString(file, yaml);
        try (Connection c = DriverManager.getConnection("jdbc:sharded:file:" + file, fx.credentials());
             PreparedStatement ps = c.prepareStatement("INSERT INTO te_users (user_id, name) VALUES (?, 'dead')")) {
            int deadShardKeys = 0;
            int liveShardKeys = 0;
            for (long id = 500; id < 540; id++) {
                ps.setLong(1, id);
                if (fx.dataSource.shardOf("user", id).equals(fx.fleet.shard(1).name())) {
                    SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
                    assertEquals("08001", e.getSQLState(), e.getMessage());
                    deadShardKeys++;
                } else {
                    assertEquals(1, ps.executeUpdate());
                    liveShardKeys++;
                }
            }
            assertTrue(deadShardKeys > 0 && liveShardKeys > 0);
            // a broadcast write that cannot reach every shard is applied nowhere
            SQLException e = assertThrows(SQLException.class, () -> c.createStatement()
                    .executeUpdate("INSERT INTO te_countries (code, name) VALUES ('ZZ', 'nowhere')"));
            assertEquals("08001", e.getSQLState(), e.getMessage());
        }
        assertEquals(0, total("SELECT count(*) FROM te_countries WHERE code = 'ZZ'"));
    }

    @Test
    void closedConnectionsAndStatementsSayso() throws SQLException {
        Connection c = fx.connect();
        Statement st = c.createStatement();
        c.close();
        assertTrue(c.isClosed());
        assertTrue(st.isClosed(), "closing a connection closes its statements");
        SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT 1"));
        assertEquals("55000", e.getSQLState(), "a closed statement, as pgjdbc says it (not class 08: pools would"
                + " take an open connection's closed statement for a dead connection)");
        SQLException closed = assertThrows(SQLException.class, c::createStatement);
        assertEquals("08003", closed.getSQLState());
        assertFalse(c.isValid(1));
    }
}
