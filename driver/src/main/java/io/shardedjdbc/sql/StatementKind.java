package io.shardedjdbc.sql;

/** What a statement does, as far as routing cares. */
public enum StatementKind {
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    MERGE,
    /** CREATE, ALTER, DROP, TRUNCATE, COMMENT ON, GRANT, REVOKE. */
    DDL,
    /** BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE, PREPARE TRANSACTION. */
    TRANSACTION,
    /** SET, RESET, SHOW, DISCARD. */
    SESSION,
    /** EXPLAIN, VACUUM, ANALYZE, LOCK, CALL, DO, COPY and anything else the analyzer does not route by itself. */
    OTHER,
    /** The parser could not read the statement; {@link StatementPlan#error()} says why. */
    UNPARSEABLE
}
