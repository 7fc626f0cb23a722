package io.shardedjdbc.exec;

import io.shardedjdbc.node.Shard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Finishes the prepared parts of multi-shard commits that their coordinator left behind (it died, or lost a shard
 * between the decision and COMMIT PREPARED), whichever instance made them: at start and every interval, each shard's
 * primary is asked for the driver's prepared transactions ({@link PreparedPartId#PREFIX}) older than the in-doubt
 * time; each is committed if its decision row says so and rolled back if there is none (after making "rolled back"
 * the decision, so a late coordinator cannot commit). Several instances may do this at once: ending a prepared
 * transaction twice fails harmlessly. Decision rows are deleted once no part of theirs is left.
 */
final class InDoubtRecovery implements AutoCloseable {
    /** How long recovery waits for a coordinator that holds its decision row uncommitted. */
    private static final long SETTLE_LOCK_TIMEOUT_MILLIS = 2_000;

    private final List<Shard> shards;
    private final CommitDecisions decisions;
    private final long inDoubtMillis;
    private final long intervalMillis;
    /** Parts this instance knows are decided but could not end: tried first, every round, without waiting. */
    private final ConcurrentLinkedQueue<Pending> retries = new ConcurrentLinkedQueue<>();
    /** Commits this instance finished everywhere: their decision rows go in the next round. */
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private ScheduledExecutorService timer;

    private record Pending(int shard, PreparedPartId id) {
    }

    private record Finished(int shard, String txid) {
    }

    /** A prepared part as a shard's server lists it. */
    private record Found(int shard, String gid, PreparedPartId id, boolean old) {
    }

    InDoubtRecovery(List<Shard> shards, CommitDecisions decisions, long inDoubtMillis, long intervalMillis) {
        this.shards = shards;
        this.decisions = decisions;
        this.inDoubtMillis = inDoubtMillis;
        this.intervalMillis = intervalMillis;
    }

    void start() {
        synchronized (retries) {
            if (timer != null) {
                return;
            }
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sharded-jdbc-2pc-recovery");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::roundQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    void retry(int shard, PreparedPartId id) {
        retries.add(new Pending(shard, id));
    }

    void finished(int shard, String txid) {
        finished.add(new Finished(shard, txid));
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            AtomicCommit.log.warn("two-phase commit recovery round failed: {}", e.toString(), e);
        }
    }

    /** One round: the parts this instance knows of, then every shard's. */
    synchronized void round() {
        retryKnown();
        long scanStarted = System.nanoTime();
        List<Found> found = new ArrayList<>();
        boolean sawEveryShard = true;
        for (Shard shard : shards) {
            try {
                found.addAll(list(shard));
            } catch (SQLException e) {
                sawEveryShard = false;
                AtomicCommit.log.debug("two-phase commit recovery: shard {} not reachable now: {}", shard.name(),
                        e.getMessage());
            }
        }
        Map<String, Boolean> settled = new HashMap<>();
        Set<String> inDoubt = new HashSet<>();
        for (Found f : found) {
            inDoubt.add(f.id().txid());
            if (!f.old()) {
                continue;
            }
            int decider = shardIndex(f.id().decisionShard());
            if (decider < 0) {
                AtomicCommit.log.warn("two-phase commit recovery: prepared transaction '{}' on shard {} keeps its"
                        + " decision on shard '{}', which the topology does not have: left alone", f.gid(),
                        shards.get(f.shard()).name(), f.id().decisionShard());
                continue;
            }
            Boolean committed = settled.computeIfAbsent(f.id().txid(),
                    txid -> decisions.settle(decider, txid, SETTLE_LOCK_TIMEOUT_MILLIS));
            if (committed != null && end(f.shard(), f.id(), committed)) {
                AtomicCommit.log.info("two-phase commit recovery: {} the in-doubt part '{}' on shard {}",
                        committed ? "committed" : "rolled back", f.gid(), shards.get(f.shard()).name());
            }
        }
        forgetFinished();
        // rows are deleted only when every shard was seen, and soon after: a part prepared since then is not missed
        long sinceScan = (System.nanoTime() - scanStarted) / 1_000_000;
        if (sawEveryShard && sinceScan < CommitDecisions.KEEP_MILLIS / 4) {
            for (int s = 0; s < shards.size(); s++) {
                try {
                    decisions.collect(s, inDoubt);
                } catch (SQLException e) {
                    AtomicCommit.log.debug("two-phase commit recovery: shard {}: {}", shards.get(s).name(),
                            e.getMessage());
                }
            }
        }
    }

    private void retryKnown() {
        List<Pending> again = new ArrayList<>();
        for (Pending p; (p = retries.poll()) != null; ) {
            int decider = shardIndex(p.id().decisionShard());
            Boolean committed = decider < 0 ? null : decisions.settle(decider, p.id().txid(),
                    SETTLE_LOCK_TIMEOUT_MILLIS);
            if (committed == null || !end(p.shard(), p.id(), committed)) {
                again.add(p);
            }
        }
        retries.addAll(again);
    }

    private List<Found> list(Shard shard) throws SQLException {
        List<Found> out = new ArrayList<>();
        try (Connection c = shard.primary().borrow(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT gid, prepared < now() - make_interval(secs => "
                     + inDoubtMillis / 1000.0 + ") FROM pg_prepared_xacts WHERE database = current_database()"
                     + " AND gid LIKE 'sharded-jdbc:%'")) {
            while (rs.next()) {
                PreparedPartId id = PreparedPartId.parse(rs.getString(1));
                if (id != null) {
                    out.add(new Found(shard.index(), rs.getString(1), id, rs.getBoolean(2)));
                }
            }
        }
        return out;
    }

    /** @return whether the part is ended now (by this call, or already by someone else) */
    private boolean end(int shard, PreparedPartId id, boolean commit) {
        try (Connection c = shards.get(shard).primary().borrow(); Statement st = c.createStatement()) {
            st.execute((commit ? "COMMIT PREPARED " : "ROLLBACK PREPARED ") + id.literal());
            return true;
        } catch (SQLException e) {
            if (alreadyEnded(e)) {
                return true;
            }
            AtomicCommit.log.warn("two-phase commit recovery: cannot {} '{}' on shard {} now ({}); trying again"
                    + " next round", commit ? "commit" : "roll back", id.gid(), shards.get(shard).name(),
                    e.getMessage());
            return false;
        }
    }

    /** PostgreSQL's "prepared transaction with identifier ... does not exist": it was ended already. */
    static boolean alreadyEnded(SQLException e) {
        return "42704".equals(e.getSQLState());
    }

    private void forgetFinished() {
        Map<Integer, List<String>> byShard = new HashMap<>();
        for (Finished f; (f = finished.poll()) != null; ) {
            byShard.computeIfAbsent(f.shard(), s -> new ArrayList<>()).add(f.txid());
        }
        byShard.forEach((shard, txids) -> {
            try {
                decisions.forget(shard, txids);
            } catch (SQLException e) {
                // left to the age-based clean-up of collect
                AtomicCommit.log.debug("two-phase commit recovery: shard {}: {}", shards.get(shard).name(),
                        e.getMessage());
            }
        });
    }

    private int shardIndex(String name) {
        for (Shard s : shards) {
            if (s.name().equals(name)) {
                return s.index();
            }
        }
        return -1;
    }

    /**
     * Stops the rounds without waiting for one in progress (it is interrupted: a round against a dead server would
     * hold the close for the pools' connection timeout); the rows of commits finished since the last round go now,
     * or no instance may delete them soon.
     */
    @Override
    public void close() {
        synchronized (retries) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        if (!finished.isEmpty()) {
            forgetFinished();
        }
    }
}
