package io.shardedjdbc.itest.write;

/**
 * How one statement of the corpus went.
 *
 * @param driverState the SQLSTATE the driver failed with, null when it succeeded or did not run the statement
 */
record Verdict(WriteStatement statement, Kind kind, String detail, String driverState) {

    enum Kind {
        /** The driver did what the reference did: same outcome, and afterwards the same table contents. */
        MATCH,
        /** Refused by the driver where the contract says it must be, with an allowed SQLSTATE, nothing changed. */
        REFUSED,
        /** Any difference: outcome, contents, placement, a crash, or a refusal where the statement must run. */
        WRONG,
        /** Not run on the driver: its transaction had already been rolled back after a wrong statement. */
        SKIPPED,
        /** The reference did not behave as the corpus intended: a bug of the test, not of the driver. */
        ERROR
    }

    /** A refusal by the driver (SQLSTATE class SJ) where the contract says the statement runs. */
    boolean unexpectedRefusal() {
        return kind == Kind.WRONG && driverState != null && driverState.startsWith("SJ")
                && statement.expect() != WriteStatement.Expect.REFUSE;
    }

    Verdict withContents(String contentProblem) {
        if (kind == Kind.SKIPPED || kind == Kind.ERROR) {
            return new Verdict(statement, kind, detail + "; contents: " + contentProblem, driverState);
        }
        String prefix = kind == Kind.WRONG ? detail + "; and the contents differ: " : "contents differ afterwards: ";
        return new Verdict(statement, Kind.WRONG, prefix + contentProblem, driverState);
    }
}
