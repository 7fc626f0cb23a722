package io.shardedjdbc.itest.demo;

import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.SharedFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo end to end on the shared fleet, with tiny sizes: rows land on every shard and every count moves. */
class DemoSmokeTest {
    private static final long USERS = 300;
    private final Fleet fleet = SharedFleet.get();

    @Test
    void demoOnAStartedFleetFillsEveryShardAndComparesWithOneServer(@TempDir Path dir) throws Exception {
        DemoTarget target = DemoTarget.ofFleet(fleet, new SocialSchema(DemoRun.SHARDED_PREFIX),
                dir.resolve("shards.yaml"));
        DemoReport report = run(target);

        assertEverythingMoved(report);
        assertNotNull(report.direct(), report.directNote());
        assertTrue(report.direct().totalOperations() > 0, "direct workload ran");
        assertEquals(0, report.direct().totalErrors(), report.direct().firstError());
        String text = Report.render(report);
        assertTrue(text.contains("throughput") && text.contains("direct") && text.contains("demo_likes"), text);
    }

    @Test
    void demoOnAUsersOwnTopologyFileTakesItsServersAndCredentials(@TempDir Path dir) throws Exception {
        Path userFile = dir.resolve("mine.yaml");
        Files.writeString(userFile, fleet.topologyYaml("user: " + fleet.user() + "\npassword: " + fleet.password()
                + "\ntables:\n  unrelated: { key: id }\n"));
        DemoTarget target = UserTopology.prepare(userFile, null, null, new SocialSchema(DemoRun.SHARDED_PREFIX),
                dir.resolve("derived.yaml"));
        assertEquals(fleet.shards().size(), target.shards().size());
        assertEquals(fleet.shard(0).primary().jdbcUrl(), target.direct().primaryUrl());
        assertEquals(fleet.user(), target.direct().user(), "credentials taken from the file");
        String derived = Files.readString(dir.resolve("derived.yaml"));
        assertTrue(derived.contains("unrelated") && derived.contains("demo_users"), derived);

        DemoReport report = run(target);

        assertEverythingMoved(report);
        assertNotNull(report.direct(), report.directNote());
    }

    private static DemoReport run(DemoTarget target) throws Exception {
        DemoOptions options = DemoOptions.parse(List.of("--users", String.valueOf(USERS), "--seconds", "2",
                "--threads", "2"));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
            return new DemoRun(target, options, DataShape.forUsers(options.users()), out,
                    ProgressBar.Style.PLAIN_LINES).run();
        }
    }

    private void assertEverythingMoved(DemoReport report) {
        assertEquals(fleet.nodes().size(), report.serversWorkload().size(), report.serversWorkload().toString());
        assertTrue(report.serversWorkload().values().stream().mapToLong(Long::longValue).sum() > 0);
        assertEquals(0, report.sharded().totalErrors(), report.sharded().firstError());
        // replicas do the reading: other users' data at eventual, and most reads overall
        Map<String, Long> reads = report.readsWorkload();
        long eventualOnReplicas = reads.getOrDefault("eventual/replica", 0L);
        assertTrue(eventualOnReplicas > 10 * reads.getOrDefault("eventual/primary", 0L), reads.toString());
        long onReplicas = reads.entrySet().stream().filter(e -> e.getKey().endsWith("/replica"))
                .mapToLong(Map.Entry::getValue).sum();
        long all = reads.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(onReplicas * 2 > all, "most reads on replicas: " + reads);
        // without weakening a guarantee: a user's read of their own profile, with their token, shows their change
        assertTrue(report.sharded().latency(Operation.READ_OWN).count() > 0);
        assertEquals(0L, report.sharded().emptyReads().get(Operation.READ_OWN), "own reads that missed the change");
        if (report.direct() != null) {
            assertEquals(0L, report.direct().emptyReads().get(Operation.READ_OWN));
        }
        SocialSchema schema = report.schema();
        RowCensus.Result census = report.census();
        for (String table : schema.tables()) {
            Map<String, Long> perShard = census.rows().get(table);
            assertEquals(fleet.shards().size(), perShard.size(), table);
            perShard.forEach((shard, rows) -> assertTrue(rows > 0, table + " has no rows on " + shard));
        }
        assertEquals(USERS, census.total(schema.users()), "every loaded user exactly once");
        census.rows().get(schema.countries()).forEach((shard, rows) ->
                assertEquals(DataShape.COUNTRIES.size(), rows, "full copy of the broadcast table on " + shard));
        assertEquals(0, census.totalMisplaced(), "misplaced keys: " + census.misplaced());
        assertTrue(census.keysChecked() >= USERS, "placement checked");

        assertTrue(report.routesLoad().get("key") > 0, "load routed by key: " + report.routesLoad());
        assertTrue(report.routesLoad().get("all_shards") > 0, "DDL and broadcast insert: " + report.routesLoad());
        for (String kind : List.of("key", "broadcast_read", "split")) {
            assertTrue(report.routesWorkload().get(kind) > 0, kind + " in " + report.routesWorkload());
        }

        WorkloadResult sharded = report.sharded();
        assertEquals(0, sharded.totalErrors(), sharded.firstError());
        for (Operation op : Operation.values()) {
            assertTrue(sharded.latency(op).count() > 0, op + " never ran");
            assertTrue(sharded.latency(op).percentileNanos(99) >= sharded.latency(op).percentileNanos(50), op.name());
        }
        assertTrue(sharded.throughput() > 0);
    }
}
