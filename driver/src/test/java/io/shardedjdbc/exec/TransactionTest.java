package io.shardedjdbc.exec;

import io.shardedjdbc.node.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transaction of a logical connection, on stub physical connections: pins, commit order, failures, modes. */
class TransactionTest {
    private static Node n0;
    private static Node n1;
    private static Node n2;

    private StubConnections stubs;
    private final List<String> events = new ArrayList<>();
    private Transaction tx;

    @BeforeAll
    static void nodes() {
        n0 = StubConnections.node("s0/primary");
        n1 = StubConnections.node("s1/primary");
        n2 = StubConnections.node("s2/primary");
    }

    @AfterAll
    static void closeNodes() {
        n0.close();
        n1.close();
        n2.close();
    }

    @BeforeEach
    void transaction() {
        stubs = new StubConnections(null);
        tx = new Transaction(List.of("s0", "s1", "s2"), stubs, new Transaction.Listener() {
            @Override
            public void shardEnded(int shard, Node node, boolean written) {
                events.add("ended s" + shard + " on " + node.name() + (written ? " written" : " read"));
            }

            @Override
            public void ended(boolean committed) {
                events.add(committed ? "transaction committed" : "transaction rolled back");
            }
        });
    }

    @Test
    void pinsOneConnectionPerShardOnFirstUseAndKeepsIt() throws SQLException {
        tx.autoCommit(false);
        Connection first = tx.connection(1, n1, false);
        assertSame(first, tx.connection(1, n1, true));
        assertEquals(List.of("borrow(s1/primary)", "setAutoCommit(false)"), stubs.of("c1"));
        assertSame(n1, tx.pinnedNode(1));
        assertEquals(1, tx.preferredShard());
        tx.connection(0, n0, false);
        assertEquals(0, tx.preferredShard(), "the lowest pinned shard serves broadcast reads");
    }

    @Test
    void aSecondWrittenShardIsRefusedBeforeAnythingIsBorrowed() throws SQLException {
        tx.autoCommit(false);
        tx.connection(0, n0, true);
        tx.connection(1, n1, false);
        int logged = stubs.log.size();
        SQLException e = assertThrows(SQLException.class, () -> tx.connection(2, n2, true));
        assertEquals("SJ006", e.getSQLState());
        assertTrue(e.getMessage().contains("already wrote to shard s0 and now writes to s2"), e.getMessage());
        assertEquals(logged, stubs.log.size(), "nothing borrowed for the refused write");
        SQLException split = assertThrows(SQLException.class, () -> tx.requireOneShard("this batch", 2));
        assertEquals("SJ006", split.getSQLState());
    }

    @Test
    void readShardsCommitFirstTheWrittenShardLastAndEverythingGoesBack() throws SQLException {
        tx.autoCommit(false);
        tx.connection(0, n0, true);
        tx.connection(1, n1, false);
        tx.connection(2, n2, false);
        stubs.log.clear();
        tx.commit();
        assertEquals(List.of("c2.commit", "c3.commit", "c1.commit", "c1.giveBack", "c2.giveBack", "c3.giveBack"),
                stubs.log);
        assertEquals(List.of("transaction committed", "ended s0 on s0/primary written", "ended s1 on s1/primary read",
                "ended s2 on s2/primary read"), events);
        assertTrue(tx.active(), "setAutoCommit(false) stays in manual commit mode after commit");
        assertEquals(-1, tx.preferredShard());
        assertEquals(null, tx.pinnedNode(0));
    }

    @Test
    void aFailedCommitRollsEveryShardBackAndKeepsEveryFailure() throws SQLException {
        tx.autoCommit(false);
        tx.connection(0, n0, false);
        tx.connection(1, n1, true);
        stubs.failing.add("c2.commit");
        stubs.failing.add("c1.rollback");
        stubs.failing.add("c2.giveBack");
        stubs.log.clear();
        SQLException e = assertThrows(SQLException.class, () -> tx.commit());
        // the stubs fail with 08006: the written shard's commit broke the connection, so its outcome is unknown
        assertEquals("08006", e.getSQLState());
        assertTrue(e.getMessage().contains("(c2.commit failed): it may or may not have committed"), e.getMessage());
        assertEquals(List.of("c1.commit", "c2.commit", "c1.rollback", "c2.rollback", "c1.giveBack", "c2.giveBack"),
                stubs.log);
        List<String> suppressed = new ArrayList<>();
        for (Throwable t : e.getSuppressed()) {
            suppressed.add(t.getMessage());
        }
        // the stubs fail with 08006: a rollback on a connection that broke is what the server did anyway
        assertEquals(List.of("c2.giveBack failed"), suppressed);
        assertEquals(-1, tx.preferredShard(), "nothing stays pinned after a failed commit");
    }

    @Test
    void aConnectionThatFailsToGoBackAfterACommitDoesNotFailTheCommit() throws SQLException {
        tx.autoCommit(false);
        tx.connection(0, n0, true);
        stubs.failing.add("c1.giveBack");
        tx.commit();
        assertTrue(stubs.log.contains("c1.commit"));
    }

    @Test
    void commitAndRollbackOutsideATransactionFailWithNoActiveTransaction() {
        assertFalse(tx.active());
        assertEquals("25P01", assertThrows(SQLException.class, () -> tx.commit()).getSQLState());
        assertEquals("25P01", assertThrows(SQLException.class, () -> tx.rollback()).getSQLState());
    }

    @Test
    void aTransactionBegunWithSqlAppliesItsModesAndEndsInAutoCommit() throws SQLException {
        tx.begin(TransactionText.parse("START TRANSACTION READ ONLY").modes());
        assertTrue(tx.active());
        assertTrue(tx.readOnly(false), "READ ONLY of the BEGIN overrides the connection's setting");
        tx.connection(0, n0, false);
        assertEquals(List.of("borrow(s0/primary)", "setAutoCommit(false)", "setReadOnly(true)"), stubs.of("c1"));
        tx.begin(TransactionText.Modes.NONE);
        assertTrue(tx.readOnly(false), "BEGIN inside a transaction changes nothing");
        tx.rollback();
        assertFalse(tx.active(), "COMMIT/ROLLBACK of a SQL BEGIN returns to auto-commit");
        assertFalse(tx.readOnly(false));
    }

    @Test
    void switchingAutoCommitOnCommitsAndClosingRollsBack() throws SQLException {
        tx.autoCommit(false);
        tx.connection(0, n0, true);
        tx.autoCommit(true);
        assertEquals(List.of("borrow(s0/primary)", "setAutoCommit(false)", "commit", "giveBack"), stubs.of("c1"));
        assertFalse(tx.active());
        tx.autoCommit(false);
        tx.connection(1, n1, true);
        assertEquals(null, tx.close(null));
        assertEquals(List.of("borrow(s1/primary)", "setAutoCommit(false)", "rollback", "giveBack"), stubs.of("c2"));
    }

    @Test
    void settingsReachWhatTheTransactionHoldsAndWhatItBorrowsLater() throws SQLException {
        SessionSettings settings = new SessionSettings();
        StubConnections lender = new StubConnections(settings);
        Transaction t = new Transaction(List.of("s0", "s1"), lender, new Transaction.Listener() {
            @Override
            public void shardEnded(int shard, Node node, boolean written) {
            }

            @Override
            public void ended(boolean committed) {
            }
        });
        t.autoCommit(false);
        t.connection(0, n0, false);
        settings.readOnly(true);
        t.forEachPinned(c -> c.setReadOnly(true));
        settings.schema("app");
        settings.isolation(Connection.TRANSACTION_SERIALIZABLE);
        t.connection(1, n1, false);
        assertEquals(List.of("borrow(s0/primary)", "setAutoCommit(false)", "setReadOnly(true)"), lender.of("c1"));
        assertEquals(List.of("borrow(s1/primary)", "setReadOnly(true)", "setTransactionIsolation(8)",
                "setSchema(app)", "setAutoCommit(false)"), lender.of("c2"));
    }
}
