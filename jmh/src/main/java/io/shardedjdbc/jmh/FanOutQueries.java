package io.shardedjdbc.jmh;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The two reads of {@link FanOutBenchmark} as one connection source runs them (borrow, prepare, execute, read every
 * row, close), and the by-hand merge the direct fan-out needs to give the driver's answer.
 */
final class FanOutQueries {
    static final String TABLE = "bench_events";
    static final int TOP = 10;
    static final String TOP_TEN = "SELECT event_id, score FROM " + TABLE + " ORDER BY score LIMIT " + TOP;
    static final String COUNT = "SELECT count(*) FROM " + TABLE;

    private FanOutQueries() {
    }

    private static final long SCORE_FACTOR = 7_919;
    /** A prime above the number of events, so no two events share a score and the top ten has no ties. */
    private static final long SCORE_MODULUS = 100_003;
    /** {@link #score} in SQL, of a bigint {@code id}. */
    static final String SCORE_SQL = "id * " + SCORE_FACTOR + " % " + SCORE_MODULUS;

    /** Creates the events table on one shard's connection with these events, its score index, and statistics. */
    static void createEvents(Connection c, List<Long> eventIds) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + TABLE + " (event_id bigint PRIMARY KEY, score bigint NOT NULL,"
                    + " name text NOT NULL)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (event_id, score, name)"
                + " SELECT id, " + SCORE_SQL + ", 'event ' || id FROM unnest(?::bigint[]) AS id")) {
            ps.setArray(1, c.createArrayOf("bigint", eventIds.toArray()));
            ps.executeUpdate();
        }
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE INDEX ON " + TABLE + " (score)");
            st.execute("VACUUM ANALYZE " + TABLE);
        }
    }

    /** The score of an event, scattered over the ids so every shard holds low and high scores. */
    static long score(long eventId) {
        return eventId * SCORE_FACTOR % SCORE_MODULUS;
    }

    /** Rows of {@code (event_id, score)} in the order the server returned them, at most {@link #TOP}. */
    static long[][] topTen(DataSource source, String sql) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            long[][] rows = new long[TOP][];
            int n = 0;
            while (rs.next()) {
                if (n == TOP) {
                    throw new IllegalStateException(sql + " returned more than " + TOP + " rows");
                }
                rows[n++] = new long[]{rs.getLong(1), rs.getLong(2)};
            }
            return n == TOP ? rows : Arrays.copyOf(rows, n);
        }
    }

    static long count(DataSource source, String sql) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException(sql + " returned no row");
            }
            long n = rs.getLong(1);
            if (rs.next()) {
                throw new IllegalStateException(sql + " returned more than one row");
            }
            return n;
        }
    }

    /** The first {@link #TOP} rows by score of all shards' top tens. */
    static long[][] mergeTopTen(List<long[][]> parts) {
        int total = 0;
        for (long[][] part : parts) {
            total += part.length;
        }
        long[][] all = new long[total][];
        int n = 0;
        for (long[][] part : parts) {
            System.arraycopy(part, 0, all, n, part.length);
            n += part.length;
        }
        Arrays.sort(all, (a, b) -> Long.compare(a[1], b[1]));
        return all.length <= TOP ? all : Arrays.copyOf(all, TOP);
    }

    static long sum(List<Long> counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The event ids of a top ten, to compare answers. */
    static List<Long> ids(long[][] rows) {
        return Arrays.stream(rows).map(r -> r[0]).toList();
    }
}
