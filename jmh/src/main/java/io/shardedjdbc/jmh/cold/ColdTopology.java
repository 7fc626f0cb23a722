package io.shardedjdbc.jmh.cold;

import io.shardedjdbc.config.ScatterPolicy;
import io.shardedjdbc.config.Setting;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.placement.Algorithm;
import io.shardedjdbc.placement.KeyType;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.placement.Placement;
import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.Route;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.StatementAnalyzer;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyzer and router of a 4-shard ring topology (4096 virtual nodes, the default plan cache size,
 * {@code scatter: allow}), assembled as {@code Cluster} assembles them from a topology file, minus the node pools:
 * {@code users} and {@code posts} co-located by {@code user_id}, {@code countries} broadcast.
 */
public final class ColdTopology {
    private static final List<String> SHARDS = List.of("s0", "s1", "s2", "s3");
    private static final int VIRTUAL_NODES = 4096;

    private final StatementAnalyzer analyzer;
    private final Router router;
    private final KeyspacePlacement users;

    private ColdTopology(StatementAnalyzer analyzer, Router router, KeyspacePlacement users) {
        this.analyzer = analyzer;
        this.router = router;
        this.users = users;
    }

    /** Builds the placement, router and an empty analyzer; analyses nothing, so the SQL parser stays unloaded. */
    public static ColdTopology create() throws SQLException {
        Placement placement = Placement.create(SHARDS, Algorithm.RING, VIRTUAL_NODES, null, null);
        Map<String, KeyspacePlacement> keyspaces = new HashMap<>();
        keyspaces.put("user", placement.keyspace("user", KeyType.BIGINT, Map.of()));
        Router router = new Router(SHARDS, 0, keyspaces, ScatterPolicy.ALLOW);
        Map<String, TableSpec> tables = Map.of(
                "users", new TableSpec("users", "user_id", "user", false, null),
                "posts", new TableSpec("posts", "user_id", "user", false, null),
                "countries", new TableSpec("countries", null, null, true, null));
        StatementAnalyzer analyzer = new StatementAnalyzer(tables::get, planCacheSize());
        return new ColdTopology(analyzer, router, keyspaces.get("user"));
    }

    /** The plan cache size a topology gets when it sets none. */
    public static int planCacheSize() {
        return Integer.parseInt(Setting.PLAN_CACHE_SIZE.defaultValue());
    }

    public StatementAnalyzer analyzer() {
        return analyzer;
    }

    /** What {@code prepareStatement} and the first execution decide before any server: plan, then route. */
    public Route analyzeAndRoute(String sql) throws SQLException {
        StatementPlan plan = analyzer.analyze(sql);
        return router.route(plan, ParameterSource.NONE, -1);
    }

    /**
     * @throws IllegalStateException unless the route has the shape's kind and, for a keyed shape, goes to the shard
     *                               placement gives the text's number
     */
    public void checkRoute(ColdShape shape, long number, String sql, Route route) throws SQLException {
        RouteKind kind = route.kind();
        int expectedShard = shape.keyed() ? users.shardOfLong(number) : route.shard();
        if (kind != shape.expectedRoute() || route.shard() != expectedShard) {
            throw new IllegalStateException(shape + " routes " + kind + " to shard " + route.shard()
                    + ", expected " + shape.expectedRoute() + (shape.keyed() ? " to shard " + expectedShard : "")
                    + ": " + sql);
        }
    }
}
