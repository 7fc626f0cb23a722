package io.shardedjdbc.exec;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TransactionTextTest {
    private static TransactionText parse(String sql) throws SQLException {
        return TransactionText.parse(sql);
    }

    @Test
    void beginsWithTheirModes() throws SQLException {
        assertEquals(new TransactionText(TransactionText.Command.BEGIN, TransactionText.Modes.NONE), parse("BEGIN"));
        assertEquals(new TransactionText.Modes(true, -1), parse("START TRANSACTION READ ONLY").modes());
        assertEquals(new TransactionText.Modes(true, -1), parse("begin work read only;").modes());
        assertEquals(new TransactionText.Modes(false, Connection.TRANSACTION_SERIALIZABLE),
                parse("/* sharded: primary */ BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE").modes());
        assertEquals(new TransactionText.Modes(true, Connection.TRANSACTION_REPEATABLE_READ),
                parse("start transaction isolation level repeatable read read only not deferrable").modes());
        assertEquals(new TransactionText.Modes(null, Connection.TRANSACTION_READ_COMMITTED),
                parse("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED").modes());
    }

    @Test
    void endsTransactions() throws SQLException {
        for (String sql : new String[]{"COMMIT", "commit work", "END", "end transaction;", "COMMIT AND NO CHAIN"}) {
            assertEquals(TransactionText.Command.COMMIT, parse(sql).command(), sql);
        }
        for (String sql : new String[]{"ROLLBACK", "rollback transaction", "ABORT", "abort work"}) {
            assertEquals(TransactionText.Command.ROLLBACK, parse(sql).command(), sql);
        }
    }

    @Test
    void savepointsChainsDeferrableAndTwoPhaseAreRefusedWithSj014() {
        for (String sql : new String[]{"SAVEPOINT a", "ROLLBACK TO SAVEPOINT a", "RELEASE a", "COMMIT AND CHAIN",
                "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'", "BEGIN DEFERRABLE", "START READ ONLY",
                "BEGIN ISOLATION LEVEL SNAPSHOT"}) {
            SQLException e = assertThrows(SQLException.class, () -> parse(sql), sql);
            assertEquals("SJ014", e.getSQLState(), sql);
        }
    }
}
