package io.shardedjdbc.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionEffectsTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);

    private SessionCommand command(String sql) {
        StatementPlan plan = analyzer.analyze(sql);
        assertEquals(StatementKind.SESSION, plan.kind(), sql);
        SessionCommand c = plan.session().command();
        assertNotNull(c, sql);
        return c;
    }

    private void assertCommand(String sql, SessionCommand.Kind kind, String name, String replay) {
        SessionCommand c = command(sql);
        assertEquals(kind, c.kind(), sql);
        assertEquals(name, c.name(), sql);
        if (replay != null) {
            assertEquals(replay, c.replay(), sql);
        }
    }

    @Test
    void setFormsNameTheSettingTheyChangeAndReplayInTheirSessionForm() {
        assertCommand("SET client_min_messages = WARNING", SessionCommand.Kind.SET, "client_min_messages",
                "SET client_min_messages = WARNING");
        assertCommand("set SESSION search_path TO app, public;", SessionCommand.Kind.SET, "search_path",
                "SET search_path TO app, public");
        assertCommand("SET \"App\".Tenant = '7'", SessionCommand.Kind.SET, "app.tenant", null);
        assertCommand("SET TIME ZONE 'UTC'", SessionCommand.Kind.SET, "timezone", "SET TIME ZONE 'UTC'");
        assertCommand("SET ROLE reporting", SessionCommand.Kind.SET, "role", "SET ROLE reporting");
        assertCommand("SET SESSION AUTHORIZATION alice", SessionCommand.Kind.SET, "session_authorization",
                "SET SESSION AUTHORIZATION alice");
        assertCommand("SET SCHEMA 'app'", SessionCommand.Kind.SET, "search_path", "SET SCHEMA 'app'");
        assertCommand("SET statement_timeout TO '5s'", SessionCommand.Kind.SET, "statement_timeout", null);
    }

    @Test
    void defaultValuesAreResets() {
        assertCommand("SET search_path TO DEFAULT", SessionCommand.Kind.RESET, "search_path", null);
        assertCommand("SET TIME ZONE LOCAL", SessionCommand.Kind.RESET, "timezone", null);
        assertCommand("SET ROLE NONE", SessionCommand.Kind.RESET, "role", null);
        assertCommand("SET SESSION AUTHORIZATION DEFAULT", SessionCommand.Kind.RESET, "session_authorization", null);
        assertCommand("RESET search_path", SessionCommand.Kind.RESET, "search_path", "RESET search_path");
        assertCommand("RESET TIME ZONE", SessionCommand.Kind.RESET, "timezone", null);
        assertCommand("RESET ROLE", SessionCommand.Kind.RESET, "role", null);
        assertCommand("RESET ALL", SessionCommand.Kind.RESET_ALL, null, null);
        // a value that merely contains the word is a value
        assertCommand("SET search_path TO default_schema", SessionCommand.Kind.SET, "search_path", null);
    }

    @Test
    void transactionScopedFormsLastUntilTheTransactionEnds() {
        assertCommand("SET LOCAL lock_timeout = '1s'", SessionCommand.Kind.SET_LOCAL, "lock_timeout",
                "SET LOCAL lock_timeout = '1s'");
        assertCommand("SET LOCAL TIME ZONE 'UTC'", SessionCommand.Kind.SET_LOCAL, "timezone",
                "SET LOCAL TIME ZONE 'UTC'");
        SessionCommand isolation = command("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        SessionCommand readOnly = command("SET TRANSACTION READ ONLY");
        assertEquals(SessionCommand.Kind.SET_LOCAL, isolation.kind());
        assertFalse(isolation.name().equals(readOnly.name()), "two SET TRANSACTIONs both hold");
        assertEquals("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", isolation.replay());
        assertCommand("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", SessionCommand.Kind.SET,
                "session characteristics", "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    }

    @Test
    void discardShowAndRefusals() {
        assertCommand("DISCARD ALL", SessionCommand.Kind.DISCARD_ALL, null, null);
        assertCommand("DISCARD TEMP", SessionCommand.Kind.DISCARD, null, null);
        assertCommand("SHOW search_path", SessionCommand.Kind.SHOW, null, null);
        assertTrue(analyzer.analyze("SHOW ALL").isRead());
        for (String sql : List.of("SET NAMES 'LATIN1'", "SET client_encoding TO 'SQL_ASCII'",
                "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'")) {
            SessionCommand c = command(sql);
            assertEquals(SessionCommand.Kind.REFUSED, c.kind(), sql);
            assertNotNull(analyzer.analyze(sql).session().refusal(), sql);
        }
    }

    @Test
    void setConfigArgumentsAreReadFromLiteralsAndParameters() {
        StatementPlan plan = analyzer.analyze("SELECT set_config('app.tenant', ?, false)");
        assertEquals(1, plan.session().setConfigs().size());
        SetConfigCall call = plan.session().setConfigs().get(0);
        assertEquals("app.tenant", call.name().literal());
        assertEquals(1, call.value().parameter());
        assertEquals("false", call.local().literal());
        assertFalse(plan.isRead(), "set_config runs on a primary");

        SetConfigCall cast = analyzer.analyze("select id from users where id = ? and pg_catalog.set_config("
                + "?::text, 'it''s', true) is not null").session().setConfigs().get(0);
        assertEquals(2, cast.name().parameter());
        assertEquals("it's", cast.value().literal());
        assertEquals("true", cast.local().literal());

        SessionEffects computed = analyzer.analyze("SELECT set_config('app.tenant', current_user, false)").session();
        assertNotNull(computed.refusal());
    }

    @Test
    void statementsThatLeaveStateTheDriverCannotCarryAreMarked() {
        for (String sql : List.of("CREATE TEMP TABLE t (a int)", "create temporary table t as select 1",
                "CREATE GLOBAL TEMPORARY TABLE t (a int)", "LISTEN jobs", "PREPARE q AS SELECT 1",
                "DECLARE c CURSOR WITH HOLD FOR SELECT 1", "SELECT pg_advisory_lock(42)",
                "SELECT pg_try_advisory_lock(1, 2)", "DO $$ BEGIN PERFORM 1; END $$", "CALL cleanup()")) {
            assertTrue(analyzer.analyze(sql).session().leavesState(), sql);
        }
        for (String sql : List.of("SELECT pg_advisory_xact_lock(42)", "SELECT 1", "CREATE TABLE t (a int)",
                "PREPARE TRANSACTION 'x'", "SELECT * FROM users WHERE user_id = ?")) {
            assertFalse(analyzer.analyze(sql).session().leavesState(), sql);
        }
        assertSame(SessionEffects.NONE, analyzer.analyze("SELECT * FROM users WHERE user_id = ?").session(),
                "an ordinary statement carries the shared empty effects");
        assertNull(analyzer.analyze("SELECT 1").session().command());
    }
}
