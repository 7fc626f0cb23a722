package io.shardedjdbc.itest.write;

import io.shardedjdbc.itest.write.Verdict.Kind;
import io.shardedjdbc.itest.write.WriteStatement.Expect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the corpus step by step on the driver and on the reference and judges every statement: its outcome, then the
 * committed contents of every table on both sides. The reference's course depends only on the seed (what the
 * driver does decides nothing about what runs next), so a seed replays the same statements on any driver version.
 */
final class DifferentialRun {
    /** Opens a fresh logical connection when the driver left the old one unusable. */
    interface ShardedConnections {
        Connection open() throws SQLException;
    }

    private final ShardedConnections driver;
    private final Connection reference;
    private final Connection referenceSnapshot;
    private final List<Connection> shardSnapshots;
    private final ShardComparison comparison;
    private final List<Verdict> verdicts = new ArrayList<>();
    private Connection sharded;
    private TableSnapshot lastReference;
    private int number;

    DifferentialRun(ShardedConnections driver, Connection reference, Connection referenceSnapshot,
                    List<Connection> shardSnapshots, ShardComparison comparison) throws SQLException {
        this.driver = driver;
        this.reference = reference;
        this.referenceSnapshot = referenceSnapshot;
        this.shardSnapshots = List.copyOf(shardSnapshots);
        this.comparison = comparison;
        this.sharded = driver.open();
        this.lastReference = TableSnapshot.read(referenceSnapshot, WriteSchema.TABLES);
    }

    TableSnapshot reference() {
        return lastReference;
    }

    List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    void run(WriteCorpus.Step step) throws SQLException {
        if (step.transaction()) {
            // repaired only once the driver's transaction is over: its row locks would block the repair
            repair(transaction(step.statements()));
        } else {
            WriteStatement s = step.statements().get(0).numbered(++number, false);
            WriteOutcome ref = s.expect() == Expect.REFUSE ? null : WriteExecutor.run(reference, s);
            WriteOutcome drv = WriteExecutor.run(sharded, s);
            Verdict v = judge(s, ref, drv);
            Map<String, String> differences = differences();
            verdicts.add(differences.isEmpty() ? v : v.withContents(differences.toString()));
            repair(differences);
        }
        if (sharded.isClosed()) {
            sharded = driver.open();
        }
    }

    /**
     * Both sides run the transaction's statements while it lasts on the reference; it ends early on a statement that
     * must be refused or that the reference fails (both sides roll back). When the driver alone fails, its side is
     * rolled back and the rest is skipped there. Contents are compared after every statement (what is committed: a
     * transaction's own writes must not show yet).
     *
     * @return the differences after the transaction, to repair
     */
    private Map<String, String> transaction(List<WriteStatement> statements) throws SQLException {
        reference.setAutoCommit(false);
        boolean alive = begin();
        boolean diverged = false;
        WriteStatement end = statements.get(statements.size() - 1);
        try {
            for (WriteStatement planned : statements.subList(0, statements.size() - 1)) {
                WriteStatement s = planned.numbered(++number, true);
                boolean refuse = s.expect() == Expect.REFUSE;
                WriteOutcome ref = refuse ? null : WriteExecutor.run(reference, s);
                Verdict v;
                WriteOutcome drv = null;
                if (alive) {
                    drv = WriteExecutor.run(sharded, s);
                    v = judge(s, ref, drv);
                } else {
                    v = new Verdict(s, Kind.SKIPPED, "the driver's transaction was rolled back after a wrong statement",
                            null);
                }
                if (!diverged) {
                    Map<String, String> differences = differences();
                    if (!differences.isEmpty()) {
                        diverged = true;
                        v = v.withContents("(uncommitted writes visible, or written outside the transaction) "
                                + differences);
                    }
                }
                verdicts.add(v);
                if (refuse || !ref.ok()) {
                    end = WriteStatement.transactionEnd(false);
                    break;
                }
                if (alive && !drv.ok()) {
                    quietRollback();
                    alive = false;
                }
            }
            WriteStatement s = end.numbered(++number, true);
            WriteOutcome ref = WriteExecutor.run(reference, s);
            Verdict v;
            if (alive) {
                v = judge(s, ref, WriteExecutor.run(sharded, s));
            } else {
                v = new Verdict(s, Kind.SKIPPED, "the driver's transaction was rolled back after a wrong statement", null);
            }
            Map<String, String> differences = differences();
            if (!differences.isEmpty() && alive && !diverged) {
                v = v.withContents(differences.toString());
            }
            verdicts.add(v);
            return differences;
        } finally {
            reference.setAutoCommit(true);
            endDriverTransaction();
        }
    }

    private boolean begin() throws SQLException {
        try {
            sharded.setAutoCommit(false);
            return true;
        } catch (SQLException | RuntimeException e) {
            verdicts.add(new Verdict(WriteStatement.transactionEnd(false).numbered(++number, true), Kind.WRONG,
                    "setAutoCommit(false) failed: " + e, null));
            return false;
        }
    }

    /** Rolls the driver's side back after a wrong statement; a failing rollback is one more wrong statement. */
    private void quietRollback() {
        try {
            sharded.rollback();
        } catch (SQLException | RuntimeException e) {
            verdicts.add(new Verdict(WriteStatement.transactionEnd(false).numbered(++number, true), Kind.WRONG,
                    "rollback() after a wrong statement failed: " + e, null));
        }
    }

    /**
     * Back to auto-commit for the next step. When the driver cannot, that is reported as a wrong statement and the
     * next step gets a new logical connection.
     */
    private void endDriverTransaction() throws SQLException {
        try {
            sharded.rollback();
            sharded.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            String detail = "rollback() and setAutoCommit(true) after the transaction failed: " + e;
            try {
                sharded.close();
            } catch (SQLException | RuntimeException closing) {
                detail += "; close() failed too: " + closing;
            }
            verdicts.add(new Verdict(WriteStatement.transactionEnd(false).numbered(++number, true), Kind.WRONG, detail,
                    null));
            sharded = driver.open();
        }
    }

    private static Verdict judge(WriteStatement s, WriteOutcome ref, WriteOutcome drv) {
        String state = drv.ok() ? null : drv.state();
        if (s.expect() == Expect.REFUSE) {
            if (!drv.ok() && s.refusals().contains(drv.state())) {
                return new Verdict(s, Kind.REFUSED, drv.state() + " " + drv.message(), state);
            }
            if (drv.crashedOut()) {
                return new Verdict(s, Kind.WRONG, "threw " + drv.message() + " instead of refusing", state);
            }
            if (!drv.ok()) {
                return new Verdict(s, Kind.WRONG, "failed with " + drv.state() + " (" + drv.message()
                        + ") instead of refusing with " + s.refusals(), state);
            }
            return new Verdict(s, Kind.WRONG, "ran instead of being refused: " + drv.summary(), state);
        }
        if (s.expect() == Expect.RUN && !ref.ok()) {
            return new Verdict(s, Kind.ERROR, "the reference failed: " + ref.summary(), state);
        }
        if (s.expect() == Expect.FAIL && ref.ok()) {
            return new Verdict(s, Kind.ERROR, "the reference did not fail as intended: " + ref.summary(), state);
        }
        Optional<String> diff = WriteOutcome.diff(ref, drv, s.ordered());
        return diff.map(d -> new Verdict(s, Kind.WRONG, d, state))
                .orElseGet(() -> new Verdict(s, Kind.MATCH, drv.summary(), state));
    }

    private Map<String, String> differences() throws SQLException {
        lastReference = TableSnapshot.read(referenceSnapshot, WriteSchema.TABLES);
        List<TableSnapshot> shards = new ArrayList<>();
        for (Connection c : shardSnapshots) {
            shards.add(TableSnapshot.read(c, WriteSchema.TABLES));
        }
        return comparison.differences(lastReference, shards, WriteSchema.TABLES);
    }

    private void repair(Map<String, String> differences) throws SQLException {
        for (WriteTable t : WriteSchema.TABLES) {
            if (differences.containsKey(t.name())) {
                comparison.repair(t, lastReference, shardSnapshots);
            }
        }
        if (!differences.isEmpty() && !differences().isEmpty()) {
            throw new IllegalStateException("the shards still differ from the reference after a repair");
        }
    }
}
