package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.SessionCommand;
import io.shardedjdbc.sql.SetConfigCall;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SET, RESET and DISCARD for a logical connection, and the set_config calls of its statements: the server validates
 * the command on one physical connection (so an invalid value fails as PostgreSQL fails it and changes nothing), the
 * logical connection remembers it, and it goes on every connection the open transaction holds; the connections it
 * borrows later get it replayed, and are cleaned when they go back.
 */
final class SessionCommands {
    private SessionCommands() {
    }

    /**
     * Runs a SET / RESET / DISCARD statement.
     *
     * @param shard the shard its route names: where it is validated when the transaction holds no connection
     */
    static void run(Session session, StatementSource statement, StatementPlan plan, int shard) throws SQLException {
        SessionCommand command = plan.session().command();
        SessionVariables variables = session.settings().variables();
        Transaction open = session.openTransaction();
        switch (command.kind()) {
            case REFUSED -> throw SqlState.UNSUPPORTED_STATEMENT.exception(command.refusal() + ". SQL: "
                    + Router.abbreviate(plan.sql()));
            case DISCARD_ALL -> {
                if (open != null) {
                    throw SqlState.ACTIVE_SQL_TRANSACTION.exception("DISCARD ALL cannot run inside a transaction"
                            + " block");
                }
                // outside a transaction the logical connection holds no server session but what it remembers and
                // the connections it kept, which go back cleaned
                variables.resetAll(false, true);
                SQLException failure = session.settings().releaseKept(null);
                if (failure != null) {
                    throw failure;
                }
                return;
            }
            case DISCARD -> {
                if (open != null) {
                    runOnPinned(open, statement, plan.sql());
                }
                return;
            }
            default -> {
            }
        }
        SessionVariables.Mark before = variables.mark();
        try {
            if (open != null) {
                if (!open.holdsAny()) {
                    // no server of the transaction to judge it yet: one of its own, whose warnings are not the
                    // transaction's ("SET LOCAL can only be used in transaction blocks")
                    validateAlone(session, null, plan, shard, command.kind() != SessionCommand.Kind.SET_LOCAL);
                }
                record(variables, command, true);
                runOnPinned(open, statement, plan.sql());
            } else if (command.kind() == SessionCommand.Kind.SET_LOCAL) {
                // PostgreSQL warns that it has no effect outside a transaction block, and so it has none here
                validateAlone(session, statement, plan, shard, false);
            } else {
                validateAlone(session, statement, plan, shard, true);
                record(variables, command, false);
            }
            if (command.kind() != SessionCommand.Kind.SET_LOCAL) {
                session.applyToMetadata(plan.sql());
                session.settings().forEachKept(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute(plan.sql());
                    }
                });
            }
        } catch (SQLException | RuntimeException e) {
            variables.restore(before);
            throw e;
        }
    }

    private static void record(SessionVariables variables, SessionCommand command, boolean inTransaction) {
        switch (command.kind()) {
            case SET -> variables.set(command.name(), command.replay(), inTransaction);
            case SET_LOCAL -> variables.setLocal(command.name(), command.replay());
            case RESET -> variables.reset(command.name(), inTransaction);
            case RESET_ALL -> variables.resetAll(inTransaction, false);
            default -> throw new IllegalStateException(command.kind().name());
        }
    }

    /**
     * Runs the statement on a connection of its own, with the session replayed on it, so that the server judges it in
     * the session's context; the connection is cleaned when it goes back.
     */
    private static void validateAlone(Session session, StatementSource statement, StatementPlan plan, int shard,
                                      boolean carries) throws SQLException {
        Node node = session.cluster().shard(shard).primary();
        node.countStatement();
        SessionSettings settings = session.settings();
        Connection c = settings.borrow(node);
        try {
            if (carries) {
                settings.carry(c, node);
            }
            try (Statement st = c.createStatement()) {
                st.execute(plan.sql());
                if (statement != null) {
                    statement.warnings().note(st);
                }
            }
        } catch (SQLException | RuntimeException e) {
            settings.carry(c, node); // whatever the failure left on the connection is cleaned
            try {
                settings.giveBack(c);
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        settings.giveBack(c);
    }

    private static void runOnPinned(Transaction open, StatementSource statement, String sql) throws SQLException {
        open.forEachPinned(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                statement.warnings().note(st);
            }
        });
    }

    /**
     * Remembers what the statement's set_config calls set, before it runs: the connection it borrows then gets the
     * settings replayed (and is cleaned when it goes back), and so does every later one.
     *
     * @return what to restore if the statement fails, which then changed nothing
     */
    static SessionVariables.Mark recordSetConfigs(Session session, StatementPlan plan, ParameterSource params)
            throws SQLException {
        SessionVariables variables = session.settings().variables();
        SessionVariables.Mark before = variables.mark();
        boolean inTransaction = session.inTransaction();
        for (SetConfigCall call : plan.session().setConfigs()) {
            String name = text(call.name(), params);
            String value = text(call.value(), params);
            if (name == null) {
                continue; // the server fails the call: nothing to remember
            }
            name = name.toLowerCase(java.util.Locale.ROOT);
            if (value == null) {
                variables.reset(name, inTransaction); // set_config with a null value resets the setting
                continue;
            }
            if (isTrue(text(call.local(), params))) {
                if (inTransaction) {
                    variables.setLocal(name, setConfig(name, value, true));
                }
            } else {
                variables.set(name, setConfig(name, value, false), inTransaction);
            }
        }
        return before;
    }

    private static String text(SetConfigCall.Argument a, ParameterSource params) throws SQLException {
        if (a.parameter() == 0) {
            return a.literal();
        }
        Object v = params.value(a.parameter());
        return v == null ? null : v.toString();
    }

    private static boolean isTrue(String b) {
        if (b == null) {
            return false;
        }
        return switch (b.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "on", "yes", "y", "1" -> true;
            default -> false;
        };
    }

    private static String setConfig(String name, String value, boolean local) {
        return "SELECT set_config(" + literal(name) + ", " + literal(value) + ", " + local + ")";
    }

    /** A standard string literal (standard_conforming_strings is on in every supported PostgreSQL by default). */
    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
