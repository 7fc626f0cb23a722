package io.shardedjdbc.exec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionVariablesTest {
    private final SessionVariables v = new SessionVariables();

    @Test
    void aLaterSetOfTheSameSettingReplacesItAndReplaysLast() {
        assertTrue(v.isEmpty());
        assertNull(v.sessionReplay());
        v.set("search_path", "SET search_path TO a", false);
        v.set("timezone", "SET TIME ZONE 'UTC'", false);
        v.set("search_path", "SET search_path TO b", false);
        assertEquals("SET TIME ZONE 'UTC';\nSET search_path TO b", v.sessionReplay());
        v.reset("timezone", false);
        assertEquals("SET search_path TO b", v.sessionReplay());
    }

    @Test
    void resetAllKeepsRoleAndSessionAuthorizationDiscardAllDoesNot() {
        v.set("role", "SET ROLE r", false);
        v.set("session_authorization", "SET SESSION AUTHORIZATION u", false);
        v.set("work_mem", "SET work_mem = '8MB'", false);
        v.resetAll(false, false);
        assertEquals("SET ROLE r;\nSET SESSION AUTHORIZATION u", v.sessionReplay());
        v.resetAll(false, true);
        assertTrue(v.isEmpty());
    }

    @Test
    void aRolledBackTransactionUndoesItsSessionSetsAndLocalsEndWithAnyTransaction() {
        v.set("work_mem", "SET work_mem = '8MB'", false);
        v.set("work_mem", "SET work_mem = '16MB'", true);
        v.setLocal("lock_timeout", "SET LOCAL lock_timeout = '1s'");
        assertEquals("SET LOCAL lock_timeout = '1s'", v.localReplay());
        v.transactionEnded(false);
        assertEquals("SET work_mem = '8MB'", v.sessionReplay());
        assertNull(v.localReplay());

        v.set("work_mem", "SET work_mem = '32MB'", true);
        v.setLocal("lock_timeout", "SET LOCAL lock_timeout = '1s'");
        v.transactionEnded(true);
        assertEquals("SET work_mem = '32MB'", v.sessionReplay());
        assertNull(v.localReplay());
    }

    @Test
    void aSessionSetInTheTransactionOverridesItsLocalOfTheSameName() {
        v.setLocal("statement_timeout", "SET LOCAL statement_timeout = 1000");
        v.set("statement_timeout", "SET statement_timeout = 2000", true);
        assertNull(v.localReplay());
        assertEquals("SET statement_timeout = 2000", v.sessionReplay());
    }

    @Test
    void restoreUndoesAFailedStatementsRecording() {
        v.set("a.b", "SELECT set_config('a.b', '1', false)", false);
        SessionVariables.Mark before = v.mark();
        v.set("a.b", "SELECT set_config('a.b', '2', false)", false);
        v.set("c.d", "SELECT set_config('c.d', '3', false)", false);
        v.restore(before);
        assertEquals("SELECT set_config('a.b', '1', false)", v.sessionReplay());
    }
}
