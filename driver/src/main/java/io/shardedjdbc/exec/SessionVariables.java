package io.shardedjdbc.exec;

import java.util.LinkedHashMap;
import java.util.Set;

/**
 * The server settings a logical connection changed with SQL (SET, RESET, set_config), as the texts that put each one
 * on another physical connection, in the order they were made. PostgreSQL's rules are kept: a SET inside a
 * transaction is undone if the transaction rolls back; SET LOCAL and set_config(..., true) last until the transaction
 * ends; RESET ALL leaves the role and the session authorization alone.
 */
final class SessionVariables {
    private static final Set<String> KEPT_BY_RESET_ALL = Set.of("role", "session_authorization");

    /** Setting name (lower case) to the statement that sets it for the session. */
    private LinkedHashMap<String, String> session = new LinkedHashMap<>();
    /** The open transaction's own settings; null outside a transaction or when it set none. */
    private LinkedHashMap<String, String> local;
    /** The session settings as the open transaction found them, kept at its first change for a rollback. */
    private LinkedHashMap<String, String> atTransactionStart;
    private String sessionReplay;
    private String localReplay;

    /** What {@link #restore} puts back: the state before a statement whose failure must change nothing. */
    record Mark(LinkedHashMap<String, String> session, LinkedHashMap<String, String> local,
                LinkedHashMap<String, String> atTransactionStart) {
    }

    /** @return whether the session set {@code name} (and did not reset it since) */
    boolean has(String name) {
        return session.containsKey(name) || local != null && local.containsKey(name);
    }

    boolean isEmpty() {
        return session.isEmpty() && local == null;
    }

    /** @return the statements that put the session settings on a connection, as one text; null when none */
    String sessionReplay() {
        if (sessionReplay == null && !session.isEmpty()) {
            sessionReplay = String.join(";\n", session.values());
        }
        return sessionReplay;
    }

    /** @return the statements that put the open transaction's own settings on a pinned connection; null when none */
    String localReplay() {
        if (localReplay == null && local != null) {
            localReplay = String.join(";\n", local.values());
        }
        return localReplay;
    }

    void set(String name, String sql, boolean inTransaction) {
        beforeChange(inTransaction);
        session.remove(name); // a later SET of the same setting replays after the others made before it
        session.put(name, sql);
        if (local != null) {
            local.remove(name);
        }
        changed();
    }

    void setLocal(String name, String sql) {
        if (local == null) {
            local = new LinkedHashMap<>();
        }
        local.remove(name);
        local.put(name, sql);
        changed();
    }

    void reset(String name, boolean inTransaction) {
        beforeChange(inTransaction);
        session.remove(name);
        if (local != null) {
            local.remove(name);
        }
        changed();
    }

    /** RESET ALL, or with {@code authorization} DISCARD ALL, which also resets the role and session user. */
    void resetAll(boolean inTransaction, boolean authorization) {
        beforeChange(inTransaction);
        session.keySet().removeIf(name -> authorization || !KEPT_BY_RESET_ALL.contains(name));
        local = null;
        changed();
    }

    /** The transaction ended: its own settings end with it, and a rollback undoes its session settings. */
    void transactionEnded(boolean committed) {
        if (!committed && atTransactionStart != null) {
            session = atTransactionStart;
        }
        atTransactionStart = null;
        local = null;
        changed();
    }

    Mark mark() {
        return new Mark(new LinkedHashMap<>(session), local == null ? null : new LinkedHashMap<>(local),
                atTransactionStart);
    }

    void restore(Mark mark) {
        session = mark.session();
        local = mark.local();
        atTransactionStart = mark.atTransactionStart();
        changed();
    }

    private void beforeChange(boolean inTransaction) {
        if (inTransaction && atTransactionStart == null) {
            atTransactionStart = new LinkedHashMap<>(session);
        }
    }

    private void changed() {
        sessionReplay = null;
        localReplay = null;
        if (local != null && local.isEmpty()) {
            local = null;
        }
    }
}
