package io.shardedjdbc.node;

/**
 * What the last health checks of one node found. Immutable: the monitor publishes a new one per check, and the read
 * path decides from the current one without a round trip.
 *
 * @param up         reachable, and fewer than {@code monitorFailures} checks failed in a row
 * @param inRecovery the server is a standby ({@code pg_is_in_recovery()})
 * @param lsn        on a standby its replay position, on a primary its WAL insert position; 0 when unknown
 * @param lsnCheck   the number of the check that measured {@code lsn} (checks are numbered from 1 when they start)
 * @param lagMillis  standby only: now minus the commit time of the last replayed transaction while WAL is left to
 *                   replay, else 0; {@link Long#MAX_VALUE} when behind with no replayed transaction to date it
 * @param lagBytes   standby only: WAL bytes between the primary's last known position and {@code lsn}
 * @param failures   checks failed in a row
 * @param problem    why the last check failed, or null
 * @param timeline   the timeline a primary writes or a standby receives; 0 when unknown (a standby whose receiver
 *                   the monitoring user may not see)
 * @param recoveryEnd on a primary that was a standby (promoted): the last WAL position it replayed, where its new
 *                   timeline forked from the old one; else 0
 */
public record NodeHealth(boolean up, boolean inRecovery, long lsn, long lsnCheck, long lagMillis, long lagBytes,
                         int failures, String problem, long timeline, long recoveryEnd) {
    /** Before the first check: not up, so no reads go to a replica nobody has looked at. */
    public static final NodeHealth UNKNOWN = new NodeHealth(false, false, 0, 0, 0, 0, 0, "not checked yet", 0, 0);

    /** @return this state after one more failed check */
    NodeHealth failed(String why, int downAfter) {
        int n = failures + 1;
        return new NodeHealth(up && n < downAfter, inRecovery, lsn, lsnCheck, lagMillis, lagBytes, n, why, timeline, recoveryEnd);
    }
}
