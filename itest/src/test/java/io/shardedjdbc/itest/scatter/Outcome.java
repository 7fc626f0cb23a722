package io.shardedjdbc.itest.scatter;

/** What became of one query. */
record Outcome(OracleQuery query, Kind kind, String detail) {

    enum Kind {
        /** Both sides answered and the answers agree. */
        MATCH,
        /** The driver threw an SQLException (detail: SQLSTATE and message). */
        REFUSED,
        /** The driver answered something else than the reference, or failed with something other than SQLException. */
        WRONG,
        /** The reference server failed: the query is a corpus bug. */
        ERROR
    }
}
