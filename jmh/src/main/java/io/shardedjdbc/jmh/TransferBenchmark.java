package io.shardedjdbc.jmh;

import io.shardedjdbc.jmh.suite.BenchServers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A money transfer between two accounts side by side ({@code peer} = direct, sharded, shardingsphere) on 4 shards x 1
 * primary, one thread: borrow, {@code setAutoCommit(false)}, {@code balance - amount} of one account,
 * {@code balance + amount} of the other, {@code commit()}, close.
 * <ul>
 *   <li>{@code oneShardTransfer}: both accounts on the same shard, so every peer commits one server's transaction in
 *       one phase.</li>
 *   <li>{@code twoShardTransfer}: the accounts on different shards. sharded-jdbc commits with two-phase commit
 *       ({@code multiShardTransactions: two-phase}, its default): a decision row in the debited shard's transaction,
 *       {@code PREPARE TRANSACTION} on the credited shard, the debited shard's one-phase commit (the decision), then
 *       {@code COMMIT PREPARED}. {@code direct} runs that same protocol by hand over one pool per server
 *       ({@link #directTwoShard}): the floor of the protocol, without the driver. ShardingSphere runs its default
 *       {@code LOCAL} transaction, which commits the two servers one after the other and is <em>not</em> atomic (a
 *       failure between the commits keeps half a transfer): its XA transactions need
 *       {@code shardingsphere-transaction-xa-*}, which Maven Central does not have for 5.5.2.</li>
 * </ul>
 * Pairs come at random from precomputed lists of same-shard and cross-shard pairs of 10,000 accounts; the
 * shard of a key is {@code floorMod(key, 4)} for every peer ({@link PeerSources}). Setup proves each peer's transfers
 * move the amount between the right rows on the right shards and nothing else, and each trial ends by proving that
 * it left no prepared transaction on any server.
 *
 * <p>Not in either row: sharded-jdbc also sends {@code SET LOCAL lock_timeout} (its {@code crossShardLockTimeout})
 * to both shards once a transaction holds two primaries, two statements {@code direct} does not send; and it deletes
 * its decision rows in batches on its recovery thread, while {@code direct}'s are deleted between iterations.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Threads(1)
@State(Scope.Benchmark)
public class TransferBenchmark {
    static final int SHARDS = 4;
    /**
     * The one thread holds at most one connection per server; the spare ones are for sharded-jdbc's recovery thread,
     * which borrows from the same pools.
     */
    static final int POOL_SIZE = 4;
    static final int ACCOUNTS = 10_000;
    static final long INITIAL_BALANCE = 1_000_000;
    static final long AMOUNT = 7;
    static final String TABLE = "bench_transfer_accounts";
    static final String DEBIT = "UPDATE " + TABLE + " SET balance = balance - ? WHERE account_id = ?";
    static final String CREDIT = "UPDATE " + TABLE + " SET balance = balance + ? WHERE account_id = ?";
    /** The decision table of sharded-jdbc's two-phase commit, which the direct two-shard transfer writes too. */
    static final String DECISIONS = "sharded_jdbc.commit_decisions";
    static final String CREATE_DECISIONS = "CREATE SCHEMA IF NOT EXISTS sharded_jdbc;"
            + " CREATE TABLE IF NOT EXISTS " + DECISIONS + " (txid text PRIMARY KEY, committed boolean NOT NULL,"
            + " participants text[] NOT NULL, decided_at timestamptz NOT NULL DEFAULT clock_timestamp())";
    static final String RECORD_DECISION = "INSERT INTO " + DECISIONS
            + " (txid, committed, participants) VALUES (?, true, ?)";
    /** Every decision row and prepared transaction of {@code direct} starts with it; the driver's never do. */
    static final String DIRECT_TXID_PREFIX = "bench";
    private static final String DIRECT_GID_PREFIX = DIRECT_TXID_PREFIX + ":";

    @Param({"direct", "sharded", "shardingsphere"})
    public String peer;

    private BenchServers servers;
    PeerSources sources;
    /**
     * Direct's transaction ids, {@code bench-<trial>-<n>}: unique per trial start, so a prepared transaction left by
     * an earlier, failed trial never collides with a new one.
     */
    private final String trial = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4);
    private final AtomicLong nextTxid = new AtomicLong();
    /** Each shard's clock at the start of the trial: prepared transactions younger than that are this trial's. */
    private final List<Timestamp> trialStarted = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        servers = BenchServers.acquire(SHARDS);
        try {
            sources = new PeerSources(Peer.named(peer), servers, POOL_SIZE);
            for (int s = 0; s < SHARDS; s++) {
                trialStarted.add(serverNow(s));
            }
            // a trial that died between PREPARE and COMMIT PREPARED would hold row locks on the accounts: finish it
            finishDirectLeftovers();
            sources.onEveryShard("DROP TABLE IF EXISTS " + TABLE);
            sources.onEveryShard("CREATE TABLE " + TABLE + " (account_id bigint PRIMARY KEY, balance bigint NOT NULL)");
            sources.onEveryShard("INSERT INTO " + TABLE + " SELECT g, " + INITIAL_BALANCE
                    + " FROM generate_series(0, " + (ACCOUNTS - 1) + ") g WHERE g % {shards} = {shard}");
            sources.onEveryShard("VACUUM ANALYZE " + TABLE);
            // sharded-jdbc creates it on a shard's first multi-shard commit; created up front for every peer, so no
            // peer's trial pays for it and direct has it from the start
            sources.onEveryShard(CREATE_DECISIONS);
            deleteDirectDecisions();
            sources.connect(Map.of(TABLE, "account_id"));
            PeerChecks.transfersLandWhereTheyShould(this);
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                tearDown();
            } catch (SQLException | IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Keeps the decision table at the size one iteration leaves (sharded-jdbc deletes its own rows as it goes). */
    @TearDown(Level.Iteration)
    public void deleteDirectDecisions() throws SQLException {
        sources.onEveryShard("DELETE FROM " + DECISIONS + " WHERE txid LIKE '" + DIRECT_TXID_PREFIX + "%'");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException, IOException {
        try {
            if (sources != null && trialStarted.size() == SHARDS) {
                requireNoPreparedLeft();
            }
        } finally {
            PeerSources.closeBoth(sources, servers);
        }
    }

    /** Per thread: pairs of accounts (debited, credited) drawn at random, on the same shard and on two shards. */
    @State(Scope.Thread)
    public static class Pairs {
        private static final int PAIRS = 4096;
        private final long[] sameFrom = new long[PAIRS];
        private final long[] sameTo = new long[PAIRS];
        private final long[] crossFrom = new long[PAIRS];
        private final long[] crossTo = new long[PAIRS];
        private int nextSame;
        private int nextCross;

        @Setup
        public void start(ThreadParams thread) {
            SplittableRandom random = new SplittableRandom(thread.getThreadIndex() * 31L + 11);
            for (int i = 0; i < PAIRS; i++) {
                long from = random.nextLong(ACCOUNTS);
                long to;
                do {
                    to = random.nextLong(ACCOUNTS);
                } while (to == from || shardOf(to) != shardOf(from));
                sameFrom[i] = from;
                sameTo[i] = to;
                from = random.nextLong(ACCOUNTS);
                do {
                    to = random.nextLong(ACCOUNTS);
                } while (shardOf(to) == shardOf(from));
                crossFrom[i] = from;
                crossTo[i] = to;
            }
        }

        /** @return the index of the next same-shard pair */
        int nextSame() {
            int i = nextSame;
            nextSame = (i + 1) & (PAIRS - 1);
            return i;
        }

        /** @return the index of the next cross-shard pair */
        int nextCross() {
            int i = nextCross;
            nextCross = (i + 1) & (PAIRS - 1);
            return i;
        }

        long sameFrom(int i) {
            return sameFrom[i];
        }

        long sameTo(int i) {
            return sameTo[i];
        }

        long crossFrom(int i) {
            return crossFrom[i];
        }

        long crossTo(int i) {
            return crossTo[i];
        }
    }

    static int shardOf(long key) {
        return Math.floorMod(key, SHARDS);
    }

    @Benchmark
    public int oneShardTransfer(Pairs pairs) throws SQLException {
        int i = pairs.nextSame();
        return transfer(pairs.sameFrom(i), pairs.sameTo(i), AMOUNT);
    }

    @Benchmark
    public int twoShardTransfer(Pairs pairs) throws SQLException {
        int i = pairs.nextCross();
        return transfer(pairs.crossFrom(i), pairs.crossTo(i), AMOUNT);
    }

    /** Moves {@code amount} from {@code from} to {@code to} in one transaction; @return the rows updated (2). */
    int transfer(long from, long to, long amount) throws SQLException {
        if (sources.peer != Peer.DIRECT) {
            try (Connection c = sources.driver().getConnection()) {
                return inOneTransaction(c, from, to, amount);
            }
        }
        if (shardOf(from) == shardOf(to)) {
            try (Connection c = sources.shardPools.get(shardOf(from)).getConnection()) {
                return inOneTransaction(c, from, to, amount);
            }
        }
        return directTwoShard(from, to, amount);
    }

    /**
     * Debit, credit, commit on one connection: a driver's logical connection (which commits however many shards the
     * updates wrote), or direct's connection to the one server that holds both accounts.
     */
    private static int inOneTransaction(Connection c, long from, long to, long amount) throws SQLException {
        c.setAutoCommit(false);
        try {
            int rows = update(c, DEBIT, from, amount) + update(c, CREDIT, to, amount);
            c.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            rollBackQuietly(c, e);
            throw e;
        }
    }

    /**
     * The two-shard transfer over two servers' pools, committed with the protocol sharded-jdbc uses, statement for
     * statement: both updates in manual commit; then, on the debited shard (which keeps the decision) the decision row
     * ({@code INSERT INTO sharded_jdbc.commit_decisions}); {@code PREPARE TRANSACTION} on the credited shard; the
     * debited shard's commit, which is the decision; {@code COMMIT PREPARED} on the credited shard's connection, in
     * auto-commit as PostgreSQL requires. Prepared names look like the driver's
     * ({@code <prefix>:<txid>:<part>:<decision shard>}) with the prefix {@value #DIRECT_TXID_PREFIX}.
     */
    private int directTwoShard(long from, long to, long amount) throws SQLException {
        int deciderShard = shardOf(from);
        int otherShard = shardOf(to);
        String txid = DIRECT_TXID_PREFIX + "-" + trial + "-" + Long.toHexString(nextTxid.incrementAndGet());
        String gid = DIRECT_GID_PREFIX + txid + ":1:s" + deciderShard;
        try (Connection decider = sources.shardPools.get(deciderShard).getConnection();
             Connection other = sources.shardPools.get(otherShard).getConnection()) {
            decider.setAutoCommit(false);
            other.setAutoCommit(false);
            boolean prepared = false;
            boolean decided = false;
            try {
                int rows = update(decider, DEBIT, from, amount) + update(other, CREDIT, to, amount);
                try (PreparedStatement ps = decider.prepareStatement(RECORD_DECISION)) {
                    ps.setString(1, txid);
                    ps.setArray(2, decider.createArrayOf("text", new String[] {"s" + deciderShard, "s" + otherShard}));
                    ps.executeUpdate();
                }
                try (Statement st = other.createStatement()) {
                    st.execute("PREPARE TRANSACTION '" + gid + "'");
                }
                prepared = true;
                decider.commit();
                decided = true;
                endPrepared(other, "COMMIT PREPARED '" + gid + "'");
                return rows;
            } catch (SQLException | RuntimeException e) {
                if (!decided) {
                    rollBackQuietly(decider, e);
                    if (prepared) {
                        endPreparedQuietly(other, "ROLLBACK PREPARED '" + gid + "'", e);
                    } else {
                        rollBackQuietly(other, e);
                    }
                }
                // decided but not committed on the other shard: finishDirectLeftovers commits it at the next trial
                throw e;
            }
        }
    }

    private static int update(Connection c, String sql, long key, long amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, amount);
            ps.setLong(2, key);
            return ps.executeUpdate();
        }
    }

    /** COMMIT/ROLLBACK PREPARED cannot run in a transaction block: auto-commit for it, manual commit again after. */
    private static void endPrepared(Connection c, String sql) throws SQLException {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        c.setAutoCommit(false);
    }

    private static void endPreparedQuietly(Connection c, String sql, Exception failure) {
        try {
            endPrepared(c, sql);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void rollBackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private Timestamp serverNow(int shard) throws SQLException {
        try (Connection c = sources.shardPools.get(shard).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    /**
     * Ends direct's prepared transactions that a failed trial left: committed where the decider shard (the last part
     * of the name) has the decision row, rolled back where it has none.
     */
    private void finishDirectLeftovers() throws SQLException {
        for (int s = 0; s < SHARDS; s++) {
            for (String gid : prepared(s, DIRECT_GID_PREFIX + "%", null)) {
                // <prefix>:<txid>:<part>:s<decider shard>
                String[] parts = gid.substring(DIRECT_GID_PREFIX.length()).split(":");
                int decider = Integer.parseInt(parts[2].substring(1));
                boolean committed;
                try (Connection c = sources.shardPools.get(decider).getConnection();
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT to_regclass('" + DECISIONS + "') IS NOT NULL")) {
                    rs.next();
                    committed = rs.getBoolean(1) && decided(c, parts[0]);
                }
                try (Connection c = sources.shardPools.get(s).getConnection(); Statement st = c.createStatement()) {
                    st.execute((committed ? "COMMIT PREPARED '" : "ROLLBACK PREPARED '") + gid + "'");
                }
            }
        }
    }

    private static boolean decided(Connection c, String txid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT committed FROM " + DECISIONS + " WHERE txid = ?")) {
            ps.setString(1, txid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Fails the trial if a prepared transaction of this trial is still there: a two-phase commit that did not finish
     * would hold its rows' locks and a slot of {@code max_prepared_transactions} until someone ends it.
     */
    private void requireNoPreparedLeft() throws SQLException {
        List<String> left = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            for (String gid : prepared(s, "%", trialStarted.get(s))) {
                left.add("s" + s + ": " + gid);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException(peer + " left prepared transactions: " + left);
        }
    }

    /**
     * The names of the prepared transactions of the shard's database matching {@code like}, prepared since
     * {@code since} (null: whenever).
     */
    private List<String> prepared(int shard, String like, Timestamp since) throws SQLException {
        List<String> gids = new ArrayList<>();
        try (Connection c = sources.shardPools.get(shard).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT gid FROM pg_prepared_xacts"
                     + " WHERE database = current_database() AND gid LIKE ?"
                     + (since == null ? "" : " AND prepared >= ?::timestamptz"))) {
            ps.setString(1, like);
            if (since != null) {
                ps.setTimestamp(2, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    gids.add(rs.getString(1));
                }
            }
        }
        return gids;
    }
}
