package io.shardedjdbc.itest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-row INSERTs split per shard and batches grouped per shard, with counts and keys in the caller's order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchAndSplitTest {
    private FleetDriverSupport fx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("bs_", "");
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    /** post ids chosen so that they fall on at least two different shards. */
    private long[] postIdsOnSeveralShards(int n) throws SQLException {
        long[] ids = new long[n];
        Set<String> shards = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids[i] = 5000 + i;
            shards.add(fx.dataSource.shardOf("post", ids[i]));
        }
        assertTrue(shards.size() > 1, "test keys must span shards");
        return ids;
    }

    @Test
    void multiRowInsertIsSplitPerShardWithKeysInRowOrder() throws SQLException {
        long[] posts = postIdsOnSeveralShards(8);
        StringBuilder sql = new StringBuilder("INSERT INTO bs_comments (post_id, user_id, body) VALUES ");
        for (int i = 0; i < posts.length; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?)");
        }
        List<Long> commentIds = new ArrayList<>();
        try (Connection c = fx.connect();
             PreparedStatement ps = c.prepareStatement(sql.toString(), Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < posts.length; i++) {
                ps.setLong(i * 3 + 1, posts[i]);
                ps.setLong(i * 3 + 2, 1);
                ps.setString(i * 3 + 3, "row" + i);
            }
            assertEquals(posts.length, ps.executeUpdate());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < posts.length; i++) {
                    assertTrue(keys.next(), "key of row " + i);
                    commentIds.add(keys.getLong("comment_id"));
                }
                assertFalse(keys.next());
            }
        }
        for (int i = 0; i < posts.length; i++) {
            int shard = fx.shardIndex(fx.dataSource.shardOf("post", posts[i]));
            assertEquals(1, fx.count(shard, "SELECT count(*) FROM bs_comments WHERE post_id = " + posts[i]
                    + " AND comment_id = " + commentIds.get(i) + " AND body = 'row" + i + "'"), "row " + i);
        }
    }

    @Test
    void plainMultiRowInsertWithLiteralsIsSplitToo() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            assertEquals(4, st.executeUpdate("INSERT INTO bs_users (user_id, name) VALUES"
                    + " (101, 'a'), (102, 'b'), (103, 'c'), (104, 'd')"));
        }
        for (long id = 101; id <= 104; id++) {
            int shard = fx.shardIndex(fx.dataSource.shardOf("user", id));
            assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM bs_users WHERE user_id = " + id));
        }
    }

    @Test
    void batchIsGroupedPerShardWithCountsAndKeysInTheCallersOrder() throws SQLException {
        long[] posts = postIdsOnSeveralShards(12);
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bs_likes (post_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < posts.length; i++) {
                ps.setLong(1, posts[i]);
                ps.setLong(2, 7);
                ps.addBatch();
            }
            // a duplicate of entry 0: counted 0, in its own place
            ps.setLong(1, posts[0]);
            ps.setLong(2, 7);
            ps.addBatch();
            int[] counts = ps.executeBatch();
            int[] expected = new int[posts.length + 1];
            java.util.Arrays.fill(expected, 1);
            expected[posts.length] = 0;
            assertArrayEquals(expected, counts);
        }
        for (long post : posts) {
            int shard = fx.shardIndex(fx.dataSource.shardOf("post", post));
            assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM bs_likes WHERE post_id = " + post));
        }
    }

    @Test
    void anEmptyBatchReturnsNoCounts() throws SQLException {
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bs_likes (post_id, user_id) VALUES (?, ?)")) {
            assertEquals(0, ps.executeBatch().length);
            ps.setLong(1, 1);
            ps.setLong(2, 1);
            ps.addBatch();
            ps.clearBatch();
            assertEquals(0, ps.executeLargeBatch().length);
        }
    }

    /**
     * A batch over several shards sends every shard its part at once: with each shard's table locked, every
     * shard's INSERT is seen waiting at the same time (one after the other, only the first shard would be).
     */
    @Test
    void aBatchOverSeveralShardsRunsTheShardsAtOnce() throws Exception {
        int shards = fx.shardCount();
        long[] postOnShard = new long[shards];
        int found = 0;
        for (long post = 90_000; found < shards; post++) {
            int s = fx.shardIndex(fx.dataSource.shardOf("post", post));
            if (postOnShard[s] == 0) {
                postOnShard[s] = post;
                found++;
            }
        }
        List<Connection> lockers = new ArrayList<>();
        java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int s = 0; s < shards; s++) {
                Connection locker = fx.primary(s).connect();
                lockers.add(locker);
                locker.setAutoCommit(false);
                try (Statement st = locker.createStatement()) {
                    st.execute("LOCK TABLE bs_likes IN EXCLUSIVE MODE");
                }
            }
            java.util.concurrent.Future<int[]> batch = caller.submit(() -> {
                try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO bs_likes (post_id, user_id) VALUES (?, ?)")) {
                    for (long post : postOnShard) {
                        ps.setLong(1, post);
                        ps.setLong(2, 11);
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
            io.shardedjdbc.itest.fleet.Poll.until(java.time.Duration.ofSeconds(20),
                    "every shard's part of the batch waiting for the table lock", () -> {
                        try {
                            for (int s = 0; s < shards; s++) {
                                if (fx.count(s, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                        + " AND query LIKE 'INSERT INTO bs_likes%'") != 1) {
                                    return false;
                                }
                            }
                            return true;
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            for (Connection locker : lockers) {
                locker.rollback();
            }
            int[] expected = new int[shards];
            java.util.Arrays.fill(expected, 1);
            assertArrayEquals(expected, batch.get(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            for (Connection locker : lockers) {
                locker.close();
            }
            caller.shutdownNow();
        }
        for (int s = 0; s < shards; s++) {
            assertEquals(1, fx.count(s, "SELECT count(*) FROM bs_likes WHERE post_id = " + postOnShard[s]
                    + " AND user_id = 11"), "shard " + s);
        }
    }

    @Test
    void batchReturnsGeneratedKeysInTheCallersOrder() throws SQLException {
        long[] posts = postIdsOnSeveralShards(6);
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bs_comments (post_id, user_id, body) VALUES (?, ?, ?)", new String[]{"comment_id"})) {
            for (int i = 0; i < posts.length; i++) {
                ps.setLong(1, posts[i]);
                ps.setLong(2, 9);
                ps.setString(3, "batch" + i);
                ps.addBatch();
            }
            assertEquals(posts.length, ps.executeBatch().length);
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < posts.length; i++) {
                    assertTrue(keys.next());
                    int shard = fx.shardIndex(fx.dataSource.shardOf("post", posts[i]));
                    assertEquals(1, fx.count(shard, "SELECT count(*) FROM bs_comments WHERE comment_id = "
                            + keys.getLong(1) + " AND body = 'batch" + i + "'"), "entry " + i);
                }
            }
        }
    }

    @Test
    void plainStatementBatchRoutesEachStatement() throws SQLException {
        try (Connection c = fx.connect(); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO bs_users (user_id, name) VALUES (201, 'x')");
            st.addBatch("INSERT INTO bs_users (user_id, name) VALUES (202, 'y')");
            st.addBatch("INSERT INTO bs_countries (code, name) VALUES ('DE', 'Germany')");
            assertArrayEquals(new int[]{1, 1, 1}, st.executeBatch());
        }
        assertEquals(fx.shardCount(), fx.shardsWithRows("SELECT count(*) FROM bs_countries WHERE code = 'DE'").size());
        assertEquals(1, fx.shardsWithRows("SELECT count(*) FROM bs_users WHERE user_id = 202").size());
    }

    @Test
    void aFailingBatchChangesNothingOnAnyShard() throws SQLException {
        long[] posts = postIdsOnSeveralShards(6);
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bs_likes (post_id, user_id) VALUES (?, ?)")) {
            for (long post : posts) {
                ps.setLong(1, post);
                ps.setLong(2, 42);
                ps.addBatch();
            }
            ps.setLong(1, posts[posts.length - 1]);
            ps.setLong(2, 42); // duplicate primary key: fails on its shard
            ps.addBatch();
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, ps::executeBatch);
            assertEquals("23505", e.getSQLState(), e.getMessage());
        }
        long rows = 0;
        for (int s = 0; s < fx.shardCount(); s++) {
            rows += fx.count(s, "SELECT count(*) FROM bs_likes WHERE user_id = 42");
        }
        assertEquals(0, rows, "no shard may keep part of a failed batch");
    }
}
