package io.shardedjdbc.route;

import io.shardedjdbc.ShardHints;
import io.shardedjdbc.config.ScatterPolicy;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.placement.Algorithm;
import io.shardedjdbc.placement.KeyType;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.placement.Placement;
import io.shardedjdbc.sql.StatementAnalyzer;
import io.shardedjdbc.sql.StatementPlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private Router allowing;

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
        allowing = new Router(SHARDS, -1, keyspaces, ScatterPolicy.ALLOW);
    }


    private Route route(Router r, String sql, ParameterSource params) throws SQLException {
        return r.route(analyzer.analyze(sql), params, -1);
    }

    private static void assertRoute(RouteKind kind, int shard, Route route) {
        assertEquals(kind + " " + shard, route.kind() + " " + route.shard());
    }

    private String state(Router r, String sql) {
        return assertThrows(SQLException.class, () -> route(r, sql, ParameterSource.NONE)).getSQLState();
    }

    @Test
    void keysFromParametersAndLiteralsPickTheKeysShard() throws SQLException {
        for (long key = -50; key < 50; key++) {
            int expected = users.shardOfLong(key);
            assertRoute(RouteKind.KEY, expected, route(router, "SELECT * FROM users WHERE user_id = ?", TestParams.longs(key)));
            assertRoute(RouteKind.KEY, expected, route(router, "UPDATE posts SET body = 'x' WHERE user_id = " + key,
                    ParameterSource.NONE));
            // Hibernate's find by a composite id
            assertRoute(RouteKind.KEY, expected, route(router, "SELECT * FROM posts p WHERE (p.user_id, p.post_id)"
                    + " IN ((?, ?))", TestParams.longs(key, 7)));
        }
    }

    @Test
    void overridesAndBroadcastAndDdl() throws SQLException {
        assertRoute(RouteKind.KEY, 3, route(router, "SELECT * FROM likes WHERE post_id = 7", ParameterSource.NONE));
        assertEquals(RouteKind.ALL_SHARDS, (route(router, "INSERT INTO countries VALUES ('FR', 'France')",
                ParameterSource.NONE)).kind());
        assertEquals(RouteKind.BROADCAST_READ, route(router, "SELECT * FROM countries",
                ParameterSource.NONE).kind());
        assertEquals(RouteKind.ALL_SHARDS, (route(router, "CREATE INDEX ON users (name)",
                ParameterSource.NONE)).kind());
        assertRoute(RouteKind.DEFAULT, 1, route(withDefault, "CREATE TABLE audit (id int)", ParameterSource.NONE));
        assertRoute(RouteKind.DEFAULT, 1, route(withDefault, "SELECT * FROM audit", ParameterSource.NONE));
    }

    @Test
    void multiRowInsertsSplitOnlyWhenTheirRowsSpanShards() throws SQLException {
        long a = 1;
        long b = 2;
        while (users.shardOfLong(a) == users.shardOfLong(b)) {
            b++;
        }
        String sql = "INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'b')";
        assertEquals(RouteKind.SPLIT, (route(router, sql, TestParams.longs(a, b))).kind());
        assertRoute(RouteKind.KEY, users.shardOfLong(a), route(router, sql, TestParams.longs(a, a)));
        int[] rows = router.rowShards(analyzer.analyze(sql), TestParams.longs(a, b));
        assertEquals(users.shardOfLong(a), rows[0]);
        assertEquals(users.shardOfLong(b), rows[1]);
    }

    @Test
    void hintsWinOverKeysAndBadOnesAreRefused() throws SQLException {
        try (ShardHints.Scope h = ShardHints.shard("s2")) {
            assertRoute(RouteKind.HINT, 2, route(router, "SELECT * FROM users WHERE user_id = ?", TestParams.longs(1)));
            try (ShardHints.Scope inner = ShardHints.key("user", 5L)) {
                assertRoute(RouteKind.HINT, users.shardOfLong(5), route(router, "SELECT * FROM users",
                        ParameterSource.NONE));
            }
            assertRoute(RouteKind.HINT, 2, route(router, "SELECT * FROM users", ParameterSource.NONE));
        }
        assertRoute(RouteKind.HINT, users.shardOfLong(9), route(router,
                "/* sharded: key=9 */ SELECT * FROM posts", ParameterSource.NONE));
        assertEquals("SJ009", state(router, "/* sharded: shard=s9 */ SELECT 1"));
        assertEquals("22023", state(router, "/* sharded: bogus=1 */ SELECT 1"));
    }

    @Test
    void missingKeysUnknownTablesAndUnparseableSqlAreRefusedWithTheirStates() throws SQLException {
        assertEquals("SJ002", state(router, "DELETE FROM users"));
        assertEquals("SJ002", state(router, "SELECT * FROM users"));
        assertEquals(RouteKind.SCATTER, route(allowing, "SELECT * FROM users", ParameterSource.NONE).kind());
        assertEquals("SJ005", state(allowing, "SELECT string_agg(name, ',') FROM users"));
        assertEquals("SJ003", state(router, "SELECT * FROM audit"));
        assertEquals("SJ004", state(router, "SELEKT 1"));
        assertEquals("SJ012", state(router, "UPDATE users SET user_id = 5 WHERE user_id = 4"));
        assertEquals("SJ014", state(router, "BEGIN"));
        assertEquals(RouteKind.DEFAULT, route(router, "SET search_path TO public", ParameterSource.NONE).kind());
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
        assertEquals(RouteKind.ALL_SHARDS, route(router, "DELETE FROM events", ParameterSource.NONE).kind());
        assertEquals(RouteKind.SCATTER, route(router, "SELECT * FROM events", ParameterSource.NONE).kind());
    }

    @Test
    void keyLessReadsScatterWhenTheirResultsMergeExactly() throws SQLException {
        for (String sql : new String[]{"SELECT * FROM users", "SELECT name FROM users ORDER BY name LIMIT 10",
                "SELECT count(*), max(user_id) FROM users", "SELECT name, count(*) FROM users GROUP BY name",
                "SELECT DISTINCT name FROM users ORDER BY 1", "SELECT * FROM users WHERE user_id IN (1, 2, 3, 4, 5, 6)",
                "SELECT name FROM users ORDER BY user_id", "SELECT name, avg(user_id) FROM users GROUP BY name",
                "SELECT avg(DISTINCT user_id) FROM users", "SELECT count(DISTINCT name) FROM users",
                "SELECT name, count(*) FROM users GROUP BY name HAVING count(*) > 1"}) {
            assertEquals(RouteKind.SCATTER, route(allowing, sql, ParameterSource.NONE).kind(), sql);
        }
        for (String sql : new String[]{"SELECT string_agg(name, ',') FROM users",
                "SELECT name, row_number() OVER (ORDER BY name) FROM users",
                "SELECT DISTINCT name FROM users ORDER BY user_id",
                "SELECT name, count(*) FROM users GROUP BY name HAVING count(*) > (SELECT 1)",
                "SELECT * FROM users u JOIN posts p ON p.user_id = u.user_id",
                "SELECT name FROM users UNION SELECT name FROM users",
                "SELECT count(*) FROM users GROUP BY name"}) {
            SQLException e = assertThrows(SQLException.class, () -> route(allowing, sql, ParameterSource.NONE), sql);
            assertEquals("SJ005", e.getSQLState(), sql);
            assertTrue(e.getMessage().contains("several shards"), e.getMessage());
        }
    }

    @Test
    void keyListsScatterOnlyToTheShardsTheirValuesLiveOn() throws SQLException {
        long other = 2;
        while (users.shardOfLong(other) == users.shardOfLong(1)) {
            other++;
        }
        StatementPlan plan = analyzer.analyze("SELECT * FROM users WHERE user_id IN (1, " + other + ")");
        assertEquals(RouteKind.SCATTER, (router.route(plan, ParameterSource.NONE, -1)).kind(),
                "a key list is no accidental fan-out: scatter: deny lets it through");
        boolean[] shards = router.scatterShards(plan, ParameterSource.NONE);
        for (int s = 0; s < shards.length; s++) {
            assertEquals(s == users.shardOfLong(1) || s == users.shardOfLong(other), shards[s], "shard " + s);
        }
        StatementPlan any = analyzer.analyze("SELECT * FROM users WHERE user_id = ANY(?)");
        boolean[] viaArray = router.scatterShards(any, TestParams.object(new Long[]{1L, other}));
        assertTrue(java.util.Arrays.equals(shards, viaArray));
        boolean[] all = router.scatterShards(analyzer.analyze("SELECT * FROM users"), ParameterSource.NONE);
        for (boolean b : all) {
            assertTrue(b);
        }
    }

    /** Keys 1.. in order, the first two on one shard and the third on another. */
    private long[] twoShardKeys() throws SQLException {
        long a = 1;
        long b = 2;
        while (users.shardOfLong(b) != users.shardOfLong(a)) {
            b++;
        }
        long c = 2;
        while (users.shardOfLong(c) == users.shardOfLong(a)) {
            c++;
        }
        return new long[]{a, b, c};
    }

    @Test
    void eachShardIsSentOnlyTheInListValuesItOwns() throws SQLException {
        long[] k = twoShardKeys();
        int sa = users.shardOfLong(k[0]);
        int sc = users.shardOfLong(k[2]);
        StatementPlan plan = analyzer.analyze("SELECT * FROM users WHERE user_id IN (?, ?, ?) AND name <> ?");
        ScatterTargets targets = router.scatterTargets(plan, TestParams.longs(k[0], k[2], k[1], 99));
        int[] all = {1, 2, 3, 4};
        assertEquals(List.of(1, 1, 3, 4), boxed(targets.parameters(sa, all)),
                "shard " + sa + " owns parameters 1 and 3; parameter 2 becomes its first own value");
        assertEquals(List.of(2, 2, 2, 4), boxed(targets.parameters(sc, all)));
        for (String unsafe : new String[]{
                "SELECT * FROM users WHERE user_id IN (?, ?, ?) OR name <> ?",
                "SELECT * FROM users WHERE NOT user_id IN (?, ?, ?) AND name <> ?",
                "SELECT * FROM users WHERE name IN (?, ?, ?) AND user_id <> ?"}) {
            ScatterTargets t = allowing.scatterTargets(analyzer.analyze(unsafe), TestParams.longs(k[0], k[2], k[1], 99));
            for (int s = 0; s < SHARDS.size(); s++) {
                assertEquals(List.of(1, 2, 3, 4), boxed(t.parameters(s, all)), unsafe + " must reach shard " + s
                        + " unchanged: the list is not a condition every row meets");
            }
        }
    }

    @Test
    void eachShardIsSentOnlyTheLiteralInListValuesItOwns() throws SQLException {
        long[] k = twoShardKeys();
        int sa = users.shardOfLong(k[0]);
        int sc = users.shardOfLong(k[2]);
        String sql = "SELECT * FROM users WHERE user_id IN (" + k[0] + ", " + k[2] + ", " + k[1]
                + ") AND name <> 'a, b' ORDER BY name LIMIT 5";
        StatementPlan plan = analyzer.analyze(sql);
        ScatterTargets targets = router.scatterTargets(plan, ParameterSource.NONE);
        String shardSql = plan.scatter().shardSql();
        assertEquals(shardSql.replace(", " + k[2] + ",", ", " + k[0] + ","), targets.sql(sa, shardSql));
        assertEquals(shardSql.replace("(" + k[0] + ", ", "(" + k[2] + ", ").replace(", " + k[1] + ")", ", " + k[2] + ")"),
                targets.sql(sc, shardSql));
        for (String unsafe : new String[]{
                "SELECT * FROM users WHERE (user_id IN (" + k[0] + ", " + k[2] + ") OR name = 'x') AND user_id IN ("
                        + k[0] + ", " + k[2] + ")",
                "SELECT * FROM users WHERE user_id IN (" + k[0] + ", " + k[2] + ") OR name = 'x'",
                "SELECT * FROM users WHERE NOT user_id IN (" + k[0] + ", " + k[2] + ")"}) {
            StatementPlan p = analyzer.analyze(unsafe);
            ScatterTargets t = allowing.scatterTargets(p, ParameterSource.NONE);
            for (int s = 0; s < SHARDS.size(); s++) {
                assertEquals(p.scatter().shardSql(), t.sql(s, p.scatter().shardSql()), unsafe);
            }
        }
    }

    @Test
    void eachShardIsSentOnlyTheAnyArrayElementsItOwns() throws SQLException {
        long[] k = twoShardKeys();
        int sa = users.shardOfLong(k[0]);
        int sc = users.shardOfLong(k[2]);
        StatementPlan plan = analyzer.analyze("SELECT * FROM users WHERE user_id = ANY(?)");
        ScatterTargets targets = router.scatterTargets(plan, TestParams.object(new Long[]{k[0], k[2], k[1]}));
        assertTrue(targets.shards()[sa] && targets.shards()[sc]);
        assertEquals(List.of(k[0], k[1]), List.of((Object[]) targets.arrays(sa).get(1).elements()));
        assertEquals(List.of(k[2]), List.of((Object[]) targets.arrays(sc).get(1).elements()));
        assertNull(targets.arrays(sa).get(1).sqlBaseType());
    }

    @Test
    void conditionsAfterAnInListStillBindTheKey() throws SQLException {
        // A parser release read "a IN (...) AND b = ?" as "a IN ((...) AND b = ?)", which lost the key.
        int shard = users.shardOfLong(42);
        assertRoute(RouteKind.KEY, shard, route(router, "SELECT * FROM users WHERE name IN ('a', 'b') AND user_id = ?", TestParams.longs(42)));
        assertRoute(RouteKind.KEY, shard, route(router, "UPDATE users SET name = 'x' WHERE status IN (1, 2) AND user_id = ?",
                TestParams.longs(42)));
        assertEquals(1, analyzer.analyze("SELECT * FROM users WHERE user_id IN (?, ?) AND name = ?").keyLists()
                .parameterLists().size());
    }

    private static List<Integer> boxed(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

}
