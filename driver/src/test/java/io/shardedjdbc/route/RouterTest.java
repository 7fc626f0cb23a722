package io.shardedjdbc.route;

import io.shardedjdbc.ShardHints;
import io.shardedjdbc.config.ScatterPolicy;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.placement.Algorithm;
import io.shardedjdbc.placement.KeyType;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.placement.Placement;
import io.shardedjdbc.sql.StatementAnalyzer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Route decisions from real plans and real placement, without servers. */
class RouterTest {
    private static final List<String> SHARDS = List.of("s0", "s1", "s2", "s3");
    private final Map<String, TableSpec> tables = Map.of(
            "users", new TableSpec("users", "user_id", "user", false, null),
            "posts", new TableSpec("posts", "user_id", "user", false, null),
            "likes", new TableSpec("likes", "post_id", "post", false, null),
            "countries", new TableSpec("countries", null, null, true, null),
            "events", new TableSpec("events", "user_id", "user", false, ScatterPolicy.ALLOW));
    private StatementAnalyzer analyzer;
    private KeyspacePlacement users;
    private Router router;
    private Router withDefault;

    @BeforeEach
    void setUp() throws SQLException {
        Placement placement = Placement.create(SHARDS, Algorithm.RING, 4096,
                java.util.Arrays.asList(new Long[4]), java.util.Arrays.asList(new Long[4]));
        users = placement.keyspace("user", KeyType.BIGINT, Map.of());
        Map<String, KeyspacePlacement> keyspaces = Map.of("user", users,
                "post", placement.keyspace("post", KeyType.BIGINT, Map.of("7", "s3")));
        analyzer = new StatementAnalyzer(tables::get, 100);
        router = new Router(SHARDS, -1, keyspaces, ScatterPolicy.DENY);
        withDefault = new Router(SHARDS, 1, keyspaces, ScatterPolicy.DENY);
    }

    private static ParameterSource longs(long... values) {
        return new ParameterSource() {
            @Override
            public boolean isLong(int index) {
                return true;
            }

            @Override
            public long longValue(int index) {
                return values[index - 1];
            }

            @Override
            public Object value(int index) {
                return values[index - 1];
            }
        };
    }

    private int route(Router r, String sql, ParameterSource params) throws SQLException {
        return r.route(analyzer.analyze(sql), params, -1);
    }

    private String state(Router r, String sql) {
        return assertThrows(SQLException.class, () -> route(r, sql, ParameterSource.NONE)).getSQLState();
    }

    @Test
    void keysFromParametersAndLiteralsPickTheKeysShard() throws SQLException {
        for (long key = -50; key < 50; key++) {
            int expected = users.shardOfLong(key);
            assertEquals(RouteKind.KEY.with(expected), route(router, "SELECT * FROM users WHERE user_id = ?", longs(key)));
            assertEquals(RouteKind.KEY.with(expected), route(router, "UPDATE posts SET body = 'x' WHERE user_id = " + key,
                    ParameterSource.NONE));
        }
    }

    @Test
    void overridesAndBroadcastAndDdl() throws SQLException {
        assertEquals(RouteKind.KEY.with(3), route(router, "SELECT * FROM likes WHERE post_id = 7", ParameterSource.NONE));
        assertEquals(RouteKind.ALL_SHARDS, RouteKind.of(route(router, "INSERT INTO countries VALUES ('FR', 'France')",
                ParameterSource.NONE)));
        assertEquals(RouteKind.BROADCAST_READ, RouteKind.of(route(router, "SELECT * FROM countries",
                ParameterSource.NONE)));
        assertEquals(RouteKind.ALL_SHARDS, RouteKind.of(route(router, "CREATE INDEX ON users (name)",
                ParameterSource.NONE)));
        assertEquals(RouteKind.DEFAULT.with(1), route(withDefault, "CREATE TABLE audit (id int)", ParameterSource.NONE));
        assertEquals(RouteKind.DEFAULT.with(1), route(withDefault, "SELECT * FROM audit", ParameterSource.NONE));
    }

    @Test
    void multiRowInsertsSplitOnlyWhenTheirRowsSpanShards() throws SQLException {
        long a = 1;
        long b = 2;
        while (users.shardOfLong(a) == users.shardOfLong(b)) {
            b++;
        }
        String sql = "INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'b')";
        assertEquals(RouteKind.SPLIT, RouteKind.of(route(router, sql, longs(a, b))));
        assertEquals(RouteKind.KEY.with(users.shardOfLong(a)), route(router, sql, longs(a, a)));
        int[] rows = router.rowShards(analyzer.analyze(sql), longs(a, b));
        assertEquals(users.shardOfLong(a), rows[0]);
        assertEquals(users.shardOfLong(b), rows[1]);
    }

    @Test
    void hintsWinOverKeysAndBadOnesAreRefused() throws SQLException {
        try (ShardHints.Scope h = ShardHints.shard("s2")) {
            assertEquals(RouteKind.HINT.with(2), route(router, "SELECT * FROM users WHERE user_id = ?", longs(1)));
            try (ShardHints.Scope inner = ShardHints.key("user", 5L)) {
                assertEquals(RouteKind.HINT.with(users.shardOfLong(5)), route(router, "SELECT * FROM users",
                        ParameterSource.NONE));
            }
            assertEquals(RouteKind.HINT.with(2), route(router, "SELECT * FROM users", ParameterSource.NONE));
        }
        assertEquals(RouteKind.HINT.with(users.shardOfLong(9)), route(router,
                "/* sharded: key=9 */ SELECT * FROM posts", ParameterSource.NONE));
        assertEquals("SJ009", state(router, "/* sharded: shard=s9 */ SELECT 1"));
        assertEquals("22023", state(router, "/* sharded: bogus=1 */ SELECT 1"));
    }

    @Test
    void missingKeysUnknownTablesAndUnparseableSqlAreRefusedWithTheirStates() {
        assertEquals("SJ002", state(router, "DELETE FROM users"));
        assertEquals("SJ005", state(router, "SELECT * FROM users"));
        assertEquals("SJ003", state(router, "SELECT * FROM audit"));
        assertEquals("SJ004", state(router, "SELEKT 1"));
        assertEquals("0A000", state(router, "UPDATE users SET user_id = 5 WHERE user_id = 4"));
        assertEquals("0A000", state(router, "BEGIN"));
        assertEquals("SJ007", state(router, "SELECT * FROM users u JOIN likes l ON true WHERE u.user_id = 1"
                + " AND l.post_id = " + otherShardKey()));
    }

    private long otherShardKey() {
        try {
            long k = 2;
            KeyspacePlacement post = router.keyspace("post");
            while (post.shardOfLong(k) == users.shardOfLong(1)) {
                k++;
            }
            return k;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void keyLessWritesRunEverywhereWhereScatterIsAllowed() throws SQLException {
        assertEquals(RouteKind.ALL_SHARDS, RouteKind.of(route(router, "DELETE FROM events", ParameterSource.NONE)));
        assertEquals("SJ005", state(router, "SELECT * FROM events"));
    }
}
