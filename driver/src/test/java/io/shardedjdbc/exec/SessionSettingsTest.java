package io.shardedjdbc.exec;

import io.shardedjdbc.node.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a logical connection's session puts on the physical connections it borrows, on stub connections. */
class SessionSettingsTest {
    private static Node node;

    @BeforeAll
    static void node() {
        node = StubConnections.node("s0/primary");
    }

    @AfterAll
    static void closeNode() {
        node.close();
    }

    @Test
    void aSessionThatSetNothingReplaysNothing() throws SQLException {
        StubConnections lender = new StubConnections(new SessionSettings());
        lender.borrow(node);
        assertEquals(List.of("borrow(s0/primary)"), lender.of("c1"));
    }

    @Test
    void everySettingIsReplayedOnEveryConnectionBorrowedAfterIt() throws SQLException {
        SessionSettings settings = new SessionSettings();
        StubConnections lender = new StubConnections(settings);
        settings.readOnly(true);
        lender.borrow(node);
        settings.isolation(Connection.TRANSACTION_REPEATABLE_READ);
        settings.schema("tenant_7");
        settings.networkTimeoutMillis(2_500);
        lender.borrow(node);
        assertEquals(List.of("borrow(s0/primary)", "setReadOnly(true)"), lender.of("c1"));
        assertEquals(List.of("borrow(s0/primary)", "setReadOnly(true)", "setTransactionIsolation(4)",
                "setSchema(tenant_7)", "setNetworkTimeout"), lender.of("c2"));
        assertEquals(2_500, settings.networkTimeoutMillis());
    }

    @Test
    void settingReadOnlyBackOffReplaysNothingSinceThePoolLendsConnectionsReadWrite() throws SQLException {
        SessionSettings settings = new SessionSettings();
        StubConnections lender = new StubConnections(settings);
        settings.readOnly(true);
        settings.readOnly(false);
        lender.borrow(node);
        assertEquals(List.of("borrow(s0/primary)"), lender.of("c1"));
    }
}
