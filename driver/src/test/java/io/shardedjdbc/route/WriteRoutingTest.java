package io.shardedjdbc.route;

import io.shardedjdbc.config.ScatterPolicy;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.placement.Algorithm;
import io.shardedjdbc.placement.KeyType;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.placement.Placement;
import io.shardedjdbc.sql.StatementAnalyzer;
import io.shardedjdbc.sql.StatementPlan;
import io.shardedjdbc.sql.TableCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where writes go, from real plans and real placement, under {@code scatter: allow} so that nothing is refused only
 * because scatter is denied: rows are placed by their key or refused, never copied to every shard.
 */
class WriteRoutingTest {
    private static final List<String> SHARDS = List.of("s0", "s1", "s2", "s3");
    private final Map<String, TableSpec> tables = Map.of(
            "users", new TableSpec("users", "user_id", "user", false, null),
            "posts", new TableSpec("posts", "user_id", "user", false, null),
            "likes", new TableSpec("likes", "post_id", "post", false, null),
            "countries", new TableSpec("countries", null, null, true, null));
    /** users' columns as a server's catalog would give them; posts' are "not read yet". */
    private final TableCatalog catalog = new TableCatalog() {
        @Override
        public TableSpec find(String table) {
            return tables.get(table);
        }

        @Override
        public List<String> columns(String table) {
            return table.equals("users") ? List.of("name", "user_id", "email") : null;
        }
    };
    private StatementAnalyzer analyzer;
    private KeyspacePlacement users;
    private Router router;

    @BeforeEach
    void setUp() throws SQLException {
        Placement placement = Placement.create(SHARDS, Algorithm.RING, 4096,
                java.util.Arrays.asList(new Long[4]), java.util.Arrays.asList(new Long[4]));
        users = placement.keyspace("user", KeyType.BIGINT, Map.of());
        router = new Router(SHARDS, -1, Map.of("user", users,
                "post", placement.keyspace("post", KeyType.BIGINT, Map.of())), ScatterPolicy.ALLOW);
        analyzer = new StatementAnalyzer(catalog, 100);
    }

    private Route route(String sql, long... params) throws SQLException {
        return router.route(analyzer.analyze(sql), TestParams.longs(params), -1);
    }

    private String state(String sql, long... params) {
        return assertThrows(SQLException.class, () -> route(sql, params)).getSQLState();
    }


    /** Two keys that live on different shards. */
    private long[] twoShards() throws SQLException {
        long b = 2;
        while (users.shardOfLong(b) == users.shardOfLong(1)) {
            b++;
        }
        return new long[]{1, b};
    }

    @Test
    void anInsertWithoutAColumnListFindsItsKeyByTheTablesColumnOrder() throws SQLException {
        Route route = route("INSERT INTO users VALUES (?, ?, ?)", 0, 42, 0);
        assertEquals(RouteKind.KEY, route.kind());
        assertEquals(users.shardOfLong(42), route.shard());
        assertEquals(users.shardOfLong(77), (route("INSERT INTO users VALUES ('n', 77, 'e')")).shard());
        long[] keys = twoShards();
        assertEquals(RouteKind.SPLIT, (route("INSERT INTO users VALUES ('a', " + keys[0] + ", 'x'),"
                + " ('b', " + keys[1] + ", 'y')")).kind());
        StatementPlan plan = analyzer.analyze("INSERT INTO users VALUES (?, ?, ?)");
        assertEquals("users", plan.writes().columnsOf());
        assertEquals(List.of("name", "user_id", "email"), plan.writes().columns());
    }

    @Test
    void anInsertWhoseKeyIsNotKnownIsRefusedWhateverScatterSays() {
        // posts' column order has not been read: the key position is unknown, so is the key
        assertEquals("SJ002", state("INSERT INTO posts VALUES (?, ?)", 1, 2));
        assertEquals("SJ002", state("INSERT INTO users (name) VALUES ('no key')"));
        assertEquals("SJ002", state("INSERT INTO users (user_id, name) VALUES (DEFAULT, 'x')"));
        assertEquals("SJ002", state("INSERT INTO users (user_id, name) VALUES (NULL, 'x')"));
        assertEquals("SJ002", state("INSERT INTO users (user_id, name) VALUES (? + 1, 'x')", 1));
        assertEquals("SJ002", state("INSERT INTO users DEFAULT VALUES"));
        assertEquals("SJ002", state("INSERT INTO users VALUES ('short row')"));
        assertEquals("SJ002", state("INSERT INTO posts (user_id, title) SELECT user_id, name FROM users"));
        assertEquals("SJ002", state("WITH n AS (INSERT INTO users (name) VALUES ('x') RETURNING name)"
                + " SELECT * FROM n"));
        assertEquals("SJ002", state("MERGE INTO users u USING likes l ON u.user_id = l.post_id"
                + " WHEN NOT MATCHED THEN INSERT (user_id, name) VALUES (l.post_id, 'x')"));
        assertEquals("SJ002", state("COPY users FROM '/tmp/users.csv'"));
    }

    @Test
    void aNullKeyIsRefused() {
        SQLException e = assertThrows(SQLException.class, () -> router.route(
                analyzer.analyze("INSERT INTO users (user_id, name) VALUES (?, 'x')"), TestParams.object(null), -1));
        assertEquals("SJ008", e.getSQLState(), e.getMessage());
    }

    @Test
    void aWriteIsPlacedByTheTableItWritesNotTheFirstTableItNames() throws SQLException {
        Route route = route("WITH c AS (SELECT code FROM countries) UPDATE users SET name = (SELECT code FROM c"
                + " LIMIT 1) WHERE user_id = 115");
        assertEquals(RouteKind.KEY, route.kind());
        assertEquals(users.shardOfLong(115), route.shard());
        assertEquals(RouteKind.KEY, route("UPDATE users u SET name = c.name FROM countries c"
                + " WHERE c.code = u.email AND u.user_id = ?", 5).kind());
        assertEquals(RouteKind.KEY, route("DELETE FROM users u USING countries c"
                + " WHERE c.code = u.email AND u.user_id = 5").kind());
        assertEquals("users", analyzer.analyze("DELETE FROM users u USING countries c WHERE u.user_id = 5")
                .writes().target());
        assertEquals(RouteKind.ALL_SHARDS, route("UPDATE countries SET name = 'x' RETURNING *").kind());
    }

    @Test
    void keyListWritesRunOnTheKeysOwnersWhateverScatterSays() throws SQLException {
        Router denying = new Router(SHARDS, -1, Map.of("user", users), ScatterPolicy.DENY);
        long[] keys = twoShards();
        for (String sql : List.of("UPDATE users SET name = 'x' WHERE user_id IN (?, ?)",
                "DELETE FROM users WHERE user_id IN (?, ?) RETURNING *")) {
            StatementPlan plan = analyzer.analyze(sql);
            assertEquals(RouteKind.KEY_LIST, (denying.route(plan, TestParams.longs(keys), -1)).kind(), sql);
            boolean[] shards = denying.scatterShards(plan, TestParams.longs(keys));
            boolean[] expected = new boolean[SHARDS.size()];
            expected[users.shardOfLong(keys[0])] = true;
            expected[users.shardOfLong(keys[1])] = true;
            assertArrayEquals(expected, shards, sql);
        }
        assertEquals(RouteKind.KEY_LIST, (route("DELETE FROM users WHERE user_id IN ("
                + keys[0] + ", " + keys[1] + ")")).kind());
        // one shard's keys are one shard's statement
        assertEquals(RouteKind.KEY, (route("UPDATE users SET name = 'x' WHERE user_id IN (?, ?)",
                keys[0], keys[0])).kind());
    }

    @Test
    void writesThatCannotRunAsOneServerRunsThemAreRefusedBeforeAnythingIsWritten() {
        long[] keys = twoShards0();
        assertEquals("SJ012", state("UPDATE users SET user_id = 5 WHERE user_id = 4"));
        assertEquals("SJ012", state("INSERT INTO users (user_id, name) VALUES (1, 'a') ON CONFLICT (user_id)"
                + " DO UPDATE SET user_id = 9"));
        assertEquals("SJ012", state("UPDATE countries SET name = 'x' WHERE code IN (SELECT email FROM users"
                + " WHERE user_id = 5)"));
        assertEquals("SJ012", state("INSERT INTO countries (code) SELECT email FROM users"));
        assertEquals("SJ012", state("UPDATE users SET name = 'x' WHERE user_id = 5 AND name IN"
                + " (SELECT title FROM posts)"));
        assertEquals("SJ012", state("UPDATE users u SET name = 'x' FROM posts p WHERE p.user_id = u.user_id"
                + " AND u.user_id IN (" + keys[0] + ", " + keys[1] + ")"));
    }

    private long[] twoShards0() {
        try {
            return twoShards();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHintPlacesKeylessRowsButNeverRowsWhoseKeyBelongsElsewhere() throws SQLException {
        long[] keys = twoShards();
        String hinted = "/* sharded: shard=" + SHARDS.get(users.shardOfLong(keys[0])) + " */ ";
        assertEquals(RouteKind.HINT, (route(hinted + "INSERT INTO users (user_id, name) VALUES"
                + " (DEFAULT, 'x')")).kind());
        assertEquals(RouteKind.HINT, (route(hinted + "INSERT INTO users (user_id, name) VALUES ("
                + keys[0] + ", 'x')")).kind());
        assertEquals("SJ007", state(hinted + "INSERT INTO users (user_id, name) VALUES (" + keys[0] + ", 'x'), ("
                + keys[1] + ", 'y')"));
    }

    @Test
    void aSplitInsertThatAlsoReadsAnotherShardedTableIsRefused() throws SQLException {
        long[] keys = twoShards();
        assertEquals("SJ012", state("WITH p AS (SELECT title FROM posts) INSERT INTO users (user_id, name)"
                + " VALUES (" + keys[0] + ", 'a'), (" + keys[1] + ", 'b')"));
        assertEquals(RouteKind.KEY, (route("WITH p AS (SELECT title FROM posts WHERE user_id = "
                + keys[0] + ") INSERT INTO users (user_id, name) VALUES (" + keys[0] + ", 'a'), (" + keys[0]
                + ", 'b')")).kind());
    }

    @Test
    void partitionsAreNamedByTheirDdl() {
        StatementPlan create = analyzer.analyze("CREATE TABLE users_2026_12 PARTITION OF users"
                + " FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')");
        assertEquals(List.of("users_2026_12", "users"), create.tables());
        assertEquals("users_2026_12", create.writes().partitions().get(0).child());
        assertEquals("users", create.writes().partitions().get(0).parent());
        StatementPlan attach = analyzer.analyze("ALTER TABLE users ATTACH PARTITION users_old"
                + " FOR VALUES FROM (MINVALUE) TO ('2026-01-01')");
        assertEquals("users_old", attach.writes().partitions().get(0).child());
        StatementPlan detach = analyzer.analyze("ALTER TABLE users DETACH PARTITION users_old");
        assertTrue(detach.writes().partitions().isEmpty());
        assertEquals(List.of("users", "users_old"), detach.tables());
        assertNull(analyzer.analyze("SELECT 1").writes().target());
    }
}
