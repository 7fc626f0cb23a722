package io.shardedjdbc.jmh;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a side-by-side trial proves before it measures: a peer that read or wrote elsewhere than the key's shard
 * would be measured doing different work, so the trial fails instead.
 */
final class PeerChecks {
    /** Fresh keys for the checks, far from any key a benchmark thread draws. */
    private static final long CHECK_KEYS = 1L << 50;

    private PeerChecks() {
    }

    static void pointOpsLandWhereTheyShould(PointOpsBenchmark bench) throws SQLException {
        PeerSources sources = bench.sources;
        for (long key = 0; key < PointOpsBenchmark.ACCOUNTS; key += 997) {
            if (bench.pointUpdate(fixed(key)) != 1) {
                throw new IllegalStateException(sources.peer + " updated no row of account " + key);
            }
            long expected = readBalance(sources, key);
            long seen = bench.pointSelect(fixed(key)) - ("account " + key).length();
            if (seen != expected || expected != 1) {
                throw new IllegalStateException(sources.peer + " read balance " + seen + " of account " + key
                        + "; its shard holds " + expected + " after one update");
            }
        }
        if (bench.insert(fixed(CHECK_KEYS)) != 1) {
            throw new IllegalStateException(sources.peer + " inserted no row");
        }
        int batched = bench.batchInsert(fixed(CHECK_KEYS + 1));
        int atomic = bench.batchInsertAtomic(fixed(CHECK_KEYS + 1 + PointOpsBenchmark.BATCH));
        if (batched != PointOpsBenchmark.BATCH || atomic != PointOpsBenchmark.BATCH) {
            throw new IllegalStateException(sources.peer + " reported " + batched + " and " + atomic
                    + " batch results of " + PointOpsBenchmark.BATCH);
        }
        for (int s = 0; s < PointOpsBenchmark.SHARDS; s++) {
            long onShard = PointOpsBenchmark.keysOn(s, CHECK_KEYS, 2 * PointOpsBenchmark.BATCH + 1).size();
            try (Connection c = sources.shardPools.get(s).getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE event_id % "
                         + PointOpsBenchmark.SHARDS + " <> " + s + ") FROM " + PointOpsBenchmark.EVENTS_TABLE)) {
                rs.next();
                if (rs.getLong(1) != onShard || rs.getLong(2) != 0) {
                    throw new IllegalStateException(sources.peer + " left " + rs.getLong(1) + " events on shard " + s
                            + " (" + rs.getLong(2) + " of another shard's keys); floorMod places " + onShard);
                }
            }
        }
        sources.onEveryShard("UPDATE " + PointOpsBenchmark.ACCOUNTS_TABLE + " SET balance = 0 WHERE balance <> 0");
    }

    /**
     * One same-shard and one cross-shard transfer debiting an account of each shard (so each shard keeps a
     * two-phase commit's decision once), each between accounts no other check uses; then every moved balance is
     * read from its shard directly, and every shard's total must have moved by exactly what its accounts did.
     */
    static void transfersLandWhereTheyShould(TransferBenchmark bench) throws SQLException {
        PeerSources sources = bench.sources;
        int shards = TransferBenchmark.SHARDS;
        long amount = TransferBenchmark.AMOUNT;
        java.util.Map<Long, Long> moved = new java.util.LinkedHashMap<>();
        for (int s = 0; s < shards; s++) {
            long[][] pairs = {
                    {s, s + 40L},                          // both on shard s
                    {200L + s, 300L + (s + 1) % shards},   // shard s to shard s + 1
            };
            for (long[] pair : pairs) {
                int rows = bench.transfer(pair[0], pair[1], amount);
                if (rows != 2) {
                    throw new IllegalStateException(sources.peer + " updated " + rows + " rows transferring from "
                            + pair[0] + " to " + pair[1]);
                }
                moved.merge(pair[0], -amount, Long::sum);
                moved.merge(pair[1], amount, Long::sum);
            }
        }
        long[] shardDelta = new long[shards];
        for (java.util.Map.Entry<Long, Long> e : moved.entrySet()) {
            long expected = TransferBenchmark.INITIAL_BALANCE + e.getValue();
            long seen = readBalance(sources, TransferBenchmark.TABLE, e.getKey());
            if (seen != expected) {
                throw new IllegalStateException(sources.peer + " left account " + e.getKey() + " at " + seen
                        + " on shard " + sources.shardOf(e.getKey()) + "; the transfers make it " + expected);
            }
            shardDelta[sources.shardOf(e.getKey())] += e.getValue();
        }
        long perShard = TransferBenchmark.ACCOUNTS / shards;
        for (int s = 0; s < shards; s++) {
            try (Connection c = sources.shardPools.get(s).getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), sum(balance) FROM " + TransferBenchmark.TABLE)) {
                rs.next();
                long expected = perShard * TransferBenchmark.INITIAL_BALANCE + shardDelta[s];
                if (rs.getLong(1) != perShard || rs.getLong(2) != expected) {
                    throw new IllegalStateException(sources.peer + " left " + rs.getLong(1) + " accounts holding "
                            + rs.getLong(2) + " on shard " + s + "; expected " + perShard + " holding " + expected);
                }
            }
        }
        sources.onEveryShard("UPDATE " + TransferBenchmark.TABLE + " SET balance = "
                + TransferBenchmark.INITIAL_BALANCE + " WHERE balance <> " + TransferBenchmark.INITIAL_BALANCE);
    }

    private static long readBalance(PeerSources sources, long key) throws SQLException {
        return readBalance(sources, PointOpsBenchmark.ACCOUNTS_TABLE, key);
    }

    private static long readBalance(PeerSources sources, String table, long key) throws SQLException {
        try (Connection c = sources.shardPools.get(sources.shardOf(key)).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT balance FROM " + table + " WHERE account_id = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("account " + key + " is not on shard " + sources.shardOf(key));
                }
                return rs.getLong(1);
            }
        }
    }

    /** A key source that always gives {@code key} (and counts up for fresh keys). */
    private static PointOpsBenchmark.Keys fixed(long key) {
        return new PointOpsBenchmark.Keys() {
            private long next = key;

            @Override
            long existing() {
                return key;
            }

            @Override
            long fresh() {
                return next++;
            }
        };
    }
}
