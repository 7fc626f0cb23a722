package io.shardedjdbc.itest.twophase;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions that write several shards, on real servers: all or none through two-phase commit, failures of a
 * part's statement, of its PREPARE and of a shard between the decision and COMMIT PREPARED, recovery of parts a dead
 * coordinator left behind (and only of the driver's own), a server without prepared transactions, and a deadlock
 * across shards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoPhaseCommitTest {
    private static final String QUICK_RECOVERY = "recoveryInterval: 100\ninDoubtTimeout: 300\n";
    private TwoPhaseFleet fx;
    private ShardedDataSource ds;
    private long a;
    private long b;
    private long c;

    @BeforeAll
    void start() throws SQLException {
        fx = new TwoPhaseFleet(3);
        try (ShardedDataSource placement = fx.dataSource("")) {
            a = TwoPhaseFleet.keyOn(placement, 0, 1);
            b = TwoPhaseFleet.keyOn(placement, 1, 1);
            c = TwoPhaseFleet.keyOn(placement, 2, 1);
        }
    }

    /** A data source per test: tests restart servers, and a pool's idle connections to one die with it. */
    @AfterEach
    void closeDataSource() {
        ds.close();
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    @BeforeEach
    void accounts() throws SQLException {
        ds = fx.dataSource("");
        for (int s = 0; s < fx.shards(); s++) {
            fx.execute(s, "DELETE FROM tp_accounts", "DELETE FROM tp_transfers", "DELETE FROM tp_slow",
                    "DELETE FROM tp_codes", "DROP TABLE IF EXISTS tp_new");
        }
        try (Connection conn = ds.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO tp_accounts (account_id, balance) VALUES (?, 100), (?, 100), (?, 100)")) {
            ps.setLong(1, a);
            ps.setLong(2, b);
            ps.setLong(3, c);
            assertEquals(3, ps.executeUpdate());
        }
    }

    private long balance(int shard, long account) throws SQLException {
        return fx.count(shard, "SELECT balance FROM tp_accounts WHERE account_id = " + account);
    }

    private static void move(Connection conn, long account, long amount) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "UPDATE tp_accounts SET balance = balance + ? WHERE account_id = ?")) {
            ps.setLong(1, amount);
            ps.setLong(2, account);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    void aTransferAcrossShardsCommitsOnBothAndLeavesNothingPrepared() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, -30);
            move(conn, b, 30);
            move(conn, c, 0);
            assertEquals(100, balance(0, a), "nothing is visible before commit");
            conn.commit();
            assertFalse(conn.getAutoCommit(), "manual commit mode stays after commit");
        }
        assertEquals(70, balance(0, a));
        assertEquals(130, balance(1, b));
        for (int s = 0; s < fx.shards(); s++) {
            assertEquals(0, fx.inDoubt(s), "shard " + s + " keeps no prepared part");
        }
        // the decision row goes once every part is committed (the next recovery round deletes it)
        long rowsBefore = decisionRows(0);
        try (ShardedDataSource quick = fx.dataSource(QUICK_RECOVERY); Connection conn = quick.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, -1);
            move(conn, b, 1);
            conn.commit();
            Poll.until(TwoPhaseFleet.WAIT, "the decision rows deleted", () -> decisionRowsQuietly(0) <= rowsBefore);
        }
    }

    private long decisionRows(int shard) throws SQLException {
        return hasDecisionTable(shard)
                ? fx.count(shard, "SELECT count(*) FROM sharded_jdbc.commit_decisions WHERE committed") : 0;
    }

    private boolean hasDecisionTable(int shard) throws SQLException {
        return fx.count(shard, "SELECT count(*) FROM pg_tables WHERE schemaname = 'sharded_jdbc'"
                + " AND tablename = 'commit_decisions'") > 0;
    }

    private long decisionRowsQuietly(int shard) {
        try {
            return decisionRows(shard);
        } catch (SQLException e) {
            return Long.MAX_VALUE;
        }
    }

    @Test
    void aCheckViolationOnTheSecondShardLeavesBothUnchangedAndCommitSaysSo() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, 500);
            SQLException e = assertThrows(SQLException.class, () -> move(conn, b, -500));
            assertEquals("23514", e.getSQLState(), e.getMessage());
            SQLException commit = assertThrows(SQLException.class, conn::commit);
            assertEquals("25P02", commit.getSQLState(), commit.getMessage());
            move(conn, a, 1);
            conn.rollback();
        }
        assertEquals(100, balance(0, a));
        assertEquals(100, balance(1, b));
        assertEquals(0, fx.inDoubt(1));
    }

    @Test
    void aNotNullViolationOnTheSecondShardRollsBackTheFirst() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, -10);
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO tp_transfers (transfer_id, account_id, to_account, amount) VALUES (?, ?, ?, NULL)")) {
                ps.setString(1, "t-null");
                ps.setLong(2, b);
                ps.setLong(3, a);
                SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
                assertEquals("23502", e.getSQLState(), e.getMessage());
            }
            conn.rollback();
        }
        assertEquals(100, balance(0, a));
        assertEquals(0, fx.total("SELECT count(*) FROM tp_transfers"));
    }

    @Test
    void aDeferredConstraintThatFailsAtPrepareRollsBackEveryShard() throws SQLException {
        fx.execute(1, "ALTER TABLE tp_codes ADD CONSTRAINT tp_codes_label UNIQUE (label) DEFERRABLE INITIALLY DEFERRED");
        try {
            try (Connection conn = ds.getConnection(); Statement st = conn.createStatement()) {
                conn.setAutoCommit(false);
                move(conn, a, -5);
                // the broadcast table's copy on s1 alone has the deferred unique constraint: its PREPARE fails
                st.executeUpdate("INSERT INTO tp_codes (code, label) VALUES ('x', 'same'), ('y', 'same')");
                SQLException e = assertThrows(SQLException.class, conn::commit);
                assertEquals("23505", e.getSQLState(), e.getMessage());
            }
            assertEquals(100, balance(0, a), "the decision shard rolled back");
            assertEquals(0, fx.total("SELECT count(*) FROM tp_codes"), "no copy of the broadcast rows anywhere");
            for (int s = 0; s < fx.shards(); s++) {
                assertEquals(0, fx.inDoubt(s));
            }
        } finally {
            fx.execute(1, "ALTER TABLE tp_codes DROP CONSTRAINT tp_codes_label");
        }
    }

    @Test
    void aPartPostgreSqlCannotPrepareRollsBackEveryShardWithARefusalThatKeepsTheConnection() throws SQLException {
        try (Connection conn = ds.getConnection(); Statement st = conn.createStatement()) {
            conn.setAutoCommit(false);
            move(conn, a, -3);
            move(conn, b, 3);
            // NOTIFY on s1, which must prepare: PostgreSQL refuses that with 0A000, which pools take for a dead link
            st.executeQuery("/* sharded: shard=s1 */ SELECT pg_notify('tp_channel', 'x')").close();
            SQLException e = assertThrows(SQLException.class, conn::commit);
            assertEquals("SJ014", e.getSQLState(), e.getMessage());
            move(conn, a, -1);
            conn.commit();
        }
        assertEquals(99, balance(0, a), "the refused transaction left nothing; the connection stayed usable");
        assertEquals(100, balance(1, b));
        assertEquals(0, fx.inDoubt(1));
    }

    @Test
    void multiShardStatementsJoinTheTransactionAndCommitOrRollBackWithIt() throws SQLException {
        for (boolean commit : new boolean[]{false, true}) {
            try (Connection conn = ds.getConnection(); Statement st = conn.createStatement()) {
                conn.setAutoCommit(false);
                st.executeUpdate("INSERT INTO tp_codes (code, label) VALUES ('eur', 'Euro')");
                st.execute("CREATE TABLE tp_new (account_id bigint PRIMARY KEY, note text)");
                st.executeUpdate("INSERT INTO tp_new (account_id, note) VALUES (" + a + ", 'a'), (" + b + ", 'b'), ("
                        + c + ", 'c')");
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO tp_transfers (transfer_id, account_id, to_account, amount) VALUES (?, ?, ?, 1)")) {
                    for (long k : new long[]{a, b, c}) {
                        ps.setString(1, "batch-" + k);
                        ps.setLong(2, k);
                        ps.setLong(3, a);
                        ps.addBatch();
                    }
                    assertEquals(3, ps.executeBatch().length);
                }
                assertEquals(3, st.executeUpdate("UPDATE tp_accounts SET balance = balance + 1 WHERE account_id IN ("
                        + a + ", " + b + ", " + c + ")"), "a key list over three shards");
                SQLException concurrently = assertThrows(SQLException.class,
                        () -> st.execute("CREATE INDEX CONCURRENTLY tp_new_note ON tp_new (note)"));
                assertEquals("25001", concurrently.getSQLState(), concurrently.getMessage());
                if (commit) {
                    conn.commit();
                } else {
                    conn.rollback();
                }
            }
            long copies = commit ? 1 : 0;
            for (int s = 0; s < fx.shards(); s++) {
                assertEquals(copies, fx.count(s, "SELECT count(*) FROM tp_codes"), "broadcast copy on shard " + s);
                assertEquals(copies, fx.count(s, "SELECT count(*) FROM pg_tables WHERE tablename = 'tp_new'"),
                        "the new table on shard " + s);
                assertEquals(copies, fx.count(s, "SELECT count(*) FROM tp_transfers"), "batch row on shard " + s);
                assertEquals(0, fx.inDoubt(s));
            }
            assertEquals(commit ? 101 : 100, balance(2, c));
        }
        try (Connection conn = ds.getConnection(); Statement st = conn.createStatement()) {
            assertEquals(3, st.executeUpdate("DELETE FROM tp_new WHERE account_id IN (" + a + ", " + b + ", " + c
                    + ")"), "the table is there on every shard, one row each");
        }
    }

    @Test
    void aShardKilledDuringPrepareRollsBackEveryShardAndTheApplicationGetsItsError() throws Exception {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, -40);
            move(conn, b, 40);
            pause(conn, TwoPhaseFleet.keyOn(ds, 1, 1000), 5_000); // s1's PREPARE waits in its deferred trigger
            CompletableFuture<Void> committing = commitAsync(conn);
            Poll.until(TwoPhaseFleet.WAIT, "s1 running PREPARE TRANSACTION", () -> preparing(1));
            fx.primary(1).kill();
            Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> committing.get(60, TimeUnit.SECONDS)).getCause();
            while (!(failure instanceof SQLException) && failure != null && failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertTrue(failure instanceof SQLException, String.valueOf(failure));
            assertTrue(((SQLException) failure).getSQLState().startsWith("08")
                    || ((SQLException) failure).getSQLState().startsWith("57P"), failure.toString());
        } finally {
            fx.primary(1).start();
        }
        assertEquals(100, balance(0, a), "the decision shard rolled back");
        assertEquals(100, balance(1, b), "the killed shard lost its unprepared part");
        assertEquals(0, fx.inDoubt(1));
        assertEquals(0, fx.count(1, "SELECT count(*) FROM tp_slow"));
    }

    @Test
    void aShardKilledAfterTheDecisionIsCommittedByRecoveryAndTheCommitSucceeds() throws Exception {
        try (ShardedDataSource quick = fx.dataSource(QUICK_RECOVERY); Connection conn = quick.getConnection()) {
            conn.setAutoCommit(false);
            pause(conn, TwoPhaseFleet.keyOn(ds, 0, 2000), 3_000); // s0 keeps the decision; its commit waits
            move(conn, a, -60);
            move(conn, b, 60);
            CompletableFuture<Void> committing = commitAsync(conn);
            Poll.until(TwoPhaseFleet.WAIT, "s1's part prepared", () -> inDoubtQuietly(1) > 0);
            fx.primary(1).kill();
            committing.get(60, TimeUnit.SECONDS); // the decision is durable: the commit is reported as done
            assertEquals(40, balance(0, a));
            fx.primary(1).start();
            Poll.until(TwoPhaseFleet.WAIT, "recovery committed s1's part", () -> inDoubtQuietly(1) == 0);
        }
        assertEquals(160, balance(1, b), "the prepared part survived the crash and was committed");
    }

    @Test
    void aOneShardCommitWhoseConnectionBreaksSaysItsOutcomeIsUnknown() throws Exception {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, -1);
            pause(conn, TwoPhaseFleet.keyOn(ds, 0, 3000), 5_000); // s0's COMMIT waits in its deferred trigger
            CompletableFuture<Void> committing = commitAsync(conn);
            Poll.until(TwoPhaseFleet.WAIT, "s0 running COMMIT", () -> countQuietly(0, "SELECT count(*) FROM"
                    + " pg_stat_activity WHERE state = 'active' AND query = 'COMMIT'") > 0);
            fx.primary(0).kill();
            Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> committing.get(60, TimeUnit.SECONDS)).getCause();
            assertTrue(failure instanceof SQLException, String.valueOf(failure));
            assertEquals("08006", ((SQLException) failure).getSQLState(), failure.getMessage());
            assertTrue(failure.getMessage().contains("may or may not have committed"), failure.getMessage());
        } finally {
            fx.primary(0).start();
        }
    }

    @Test
    void partsLeftByADeadCoordinatorAreFinishedByAnyInstanceAndOtherPreparedTransactionsAreLeftAlone()
            throws SQLException {
        // the decision table exists once a multi-shard commit ran with s0 deciding
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, 0);
            move(conn, b, 0);
            conn.commit();
        }
        fx.execute(0, "INSERT INTO sharded_jdbc.commit_decisions (txid, committed, participants)"
                + " VALUES ('dead0-2', true, '{s0,s1}')");
        fx.execute(1, "BEGIN", "UPDATE tp_accounts SET balance = balance + 7 WHERE account_id = " + b,
                "PREPARE TRANSACTION 'sharded-jdbc:dead0-2:1:s0'");
        fx.execute(2, "BEGIN", "UPDATE tp_accounts SET balance = balance + 9 WHERE account_id = " + c,
                "PREPARE TRANSACTION 'sharded-jdbc:dead0-1:1:s0'");
        fx.execute(2, "BEGIN", "INSERT INTO tp_codes VALUES ('other', 'theirs')", "PREPARE TRANSACTION 'other-app:1'");
        fx.execute(1, "BEGIN", "INSERT INTO tp_codes VALUES ('malformed', 'x')",
                "PREPARE TRANSACTION 'sharded-jdbc:no-part-number'");
        try {
            try (ShardedDataSource fresh = fx.dataSource(QUICK_RECOVERY)) {
                fresh.getConnection().close(); // the instance starts: recovery runs at start and every interval
                Poll.until(TwoPhaseFleet.WAIT, "both dead parts finished",
                        () -> countQuietly(1, "SELECT count(*) FROM pg_prepared_xacts WHERE gid = 'sharded-jdbc:dead0-2:1:s0'") == 0
                                && countQuietly(2, "SELECT count(*) FROM pg_prepared_xacts WHERE gid = 'sharded-jdbc:dead0-1:1:s0'") == 0);
            }
            assertEquals(107, balance(1, b), "committed: its decision row says so");
            assertEquals(100, balance(2, c), "rolled back: no decision was ever committed");
            assertEquals(1, fx.count(0, "SELECT count(*) FROM sharded_jdbc.commit_decisions WHERE txid = 'dead0-1'"
                    + " AND NOT committed"), "recovery made 'rolled back' the decision before acting on it");
            assertEquals(1, fx.count(2, "SELECT count(*) FROM pg_prepared_xacts WHERE gid = 'other-app:1'"),
                    "another application's prepared transaction is left alone");
            assertEquals(1, fx.count(1, "SELECT count(*) FROM pg_prepared_xacts"
                    + " WHERE gid = 'sharded-jdbc:no-part-number'"), "a name that is not the driver's format is too");
        } finally {
            fx.execute(2, "ROLLBACK PREPARED 'other-app:1'");
            fx.execute(1, "ROLLBACK PREPARED 'sharded-jdbc:no-part-number'");
        }
    }

    @Test
    void aServerWithoutPreparedTransactionsFailsTheFirstMultiShardCommitClearly() throws SQLException {
        fx.execute(2, "ALTER SYSTEM SET max_prepared_transactions = 0");
        fx.primary(2).stop();
        fx.primary(2).start();
        try (ShardedDataSource fresh = fx.dataSource(""); Connection conn = fresh.getConnection()) {
            conn.setAutoCommit(false);
            move(conn, a, -1);
            move(conn, c, 1);
            SQLException e = assertThrows(SQLException.class, conn::commit);
            assertEquals("55000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("max_prepared_transactions"), e.getMessage());
            move(conn, a, -2);
            conn.commit();
            assertEquals(98, balance(0, a), "the connection stays usable; the failed transaction left nothing");
        } finally {
            fx.execute(2, "ALTER SYSTEM RESET max_prepared_transactions");
            fx.primary(2).stop();
            fx.primary(2).start();
        }
        assertEquals(100, balance(2, c));
    }

    @Test
    void aDeadlockAcrossShardsEndsWithinTheLockTimeout() throws Exception {
        long a2 = TwoPhaseFleet.keyOn(ds, 0, a + 1);
        long b2 = TwoPhaseFleet.keyOn(ds, 1, b + 1);
        try (ShardedDataSource bounded = fx.dataSource("crossShardLockTimeout: 1000\n")) {
            try (Connection conn = bounded.getConnection(); Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO tp_accounts VALUES (" + a2 + ", 100), (" + b2 + ", 100)");
            }
            CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
            CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> lockInOrder(bounded, a, b2, b,
                    bothHoldTheirFirstRow));
            CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> lockInOrder(bounded, b, a2, a,
                    bothHoldTheirFirstRow));
            String first = one.get(30, TimeUnit.SECONDS);
            String second = two.get(30, TimeUnit.SECONDS);
            assertTrue("55P03".equals(first) || "55P03".equals(second), first + " / " + second);
        }
        assertEquals(200, balance(0, a) + balance(1, b), "whichever committed moved the amount whole");
    }

    /**
     * Takes {@code first}, joins the other shard on a row nobody contends ({@code join}), waits until the other
     * transaction did the same, then takes {@code second}, which the other holds.
     *
     * @return "committed", or the SQLSTATE the transaction failed with (after its rollback)
     */
    private static String lockInOrder(ShardedDataSource source, long first, long join, long second,
                                      CyclicBarrier barrier) {
        try (Connection conn = source.getConnection()) {
            conn.setAutoCommit(false);
            try {
                move(conn, first, -1);
                move(conn, join, 0); // the second shard joins: lock waits are bounded from here on
                barrier.await(30, TimeUnit.SECONDS);
                move(conn, second, 1);
                conn.commit();
                return "committed";
            } catch (SQLException e) {
                conn.rollback();
                return e.getSQLState();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits on another thread: the test acts on the servers while the commit is under way. */
    private static CompletableFuture<Void> commitAsync(Connection conn) {
        return CompletableFuture.runAsync(() -> {
            try {
                conn.commit();
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    private static void pause(Connection conn, long key, int millis) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO tp_slow (k, pause_ms) VALUES (?, ?)")) {
            ps.setLong(1, key);
            ps.setInt(2, millis);
            ps.executeUpdate();
        }
    }

    private boolean preparing(int shard) {
        return countQuietly(shard, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND query LIKE 'PREPARE TRANSACTION%'") > 0;
    }

    private long inDoubtQuietly(int shard) {
        try {
            return fx.inDoubt(shard);
        } catch (SQLException e) {
            return -1;
        }
    }

    private long countQuietly(int shard, String sql) {
        try {
            return fx.count(shard, sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
