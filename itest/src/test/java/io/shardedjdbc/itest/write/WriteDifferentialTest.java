package io.shardedjdbc.itest.write;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential test of writes: seeded statements through the driver on a 4-shard fleet and straight into one
 * reference PostgreSQL server. After every statement its outcome (counts, RETURNING rows, generated keys, or the
 * SQLSTATE) must be the reference's, and the committed contents must be too: a sharded table's rows over all shards
 * the reference's as a multiset, each on the shard {@code shardOf} names; every broadcast copy the reference's.
 * Statements the contract refuses run on the driver only and must change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteDifferentialTest {
    private static final int SHARDS = 4;
    private static final int ITEM_POOL = 300;
    private static final int LOCK_POOL = 150;

    private final long seed = WriteSettings.seed();
    private Fleet shardedFleet;
    private Fleet referenceFleet;
    private ShardedDataSource dataSource;
    private final Map<String, String> placed = new HashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        System.out.println("write differential seed " + seed + " (rerun with -D" + WriteSettings.SEED + "=" + seed + ")");
        CompletableFuture<Fleet> reference = CompletableFuture.supplyAsync(() -> Fleet.start(1, 0));
        try {
            shardedFleet = Fleet.start(SHARDS, 0);
        } finally {
            referenceFleet = reference.join();
        }
        dataSource = dataSourceOverriding77To("s0");
        String ringShard = dataSource.shardOf("lock", WriteSchema.OVERRIDDEN_KEY);
        if (ringShard.equals("s0")) {
            // the override must move the key somewhere the ring does not put it
            dataSource.close();
            dataSource = dataSourceOverriding77To("s1");
        }
        assertNotEquals(ringShard, dataSource.shardOf("item", WriteSchema.OVERRIDDEN_KEY),
                "the directory override of key 77 must name another shard than the ring");
        try (Connection sharded = dataSource.getConnection(); Statement st = sharded.createStatement()) {
            for (String ddl : WriteSchema.DDL) {
                st.execute(ddl);
            }
            for (String ddl : TpccLoad.DDL) {
                st.execute(ddl);
            }
        }
        try (Connection ref = referenceFleet.shard(0).primary().connect(); Statement st = ref.createStatement()) {
            for (String ddl : WriteSchema.DDL) {
                st.execute(ddl);
            }
        }
    }

    private ShardedDataSource dataSourceOverriding77To(String shard) {
        Path topology;
        try {
            topology = shardedFleet.writeTopology(Files.createTempDirectory("sharded-jdbc-write-diff")
                    .resolve("shards-" + shard + ".yaml"), WriteSchema.TOPOLOGY_YAML.formatted(shard));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + topology);
        ds.setUser(shardedFleet.user());
        ds.setPassword(shardedFleet.password());
        return ds;
    }

    @AfterAll
    void tearDown() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (shardedFleet != null) {
            shardedFleet.close();
        }
        if (referenceFleet != null) {
            referenceFleet.close();
        }
    }

    /** shardOf, cached: the comparison asks for every row after every statement. */
    private String shardOf(String keyspace, Object key) throws SQLException {
        String cacheKey = keyspace + ":" + key;
        String shard = placed.get(cacheKey);
        if (shard == null) {
            shard = dataSource.shardOf(keyspace, key);
            placed.put(cacheKey, shard);
        }
        return shard;
    }

    private int shardIndex(String keyspace, long key) {
        try {
            String name = shardOf(keyspace, key);
            for (int s = 0; s < SHARDS; s++) {
                if (shardedFleet.shard(s).name().equals(name)) {
                    return s;
                }
            }
            throw new IllegalStateException("shardOf names " + name + ", which the fleet does not have");
        } catch (SQLException e) {
            throw new IllegalStateException("shardOf(" + keyspace + ", " + key + "): " + e.getMessage(), e);
        }
    }

    private List<String> shardNames() {
        List<String> names = new ArrayList<>();
        shardedFleet.shards().forEach(s -> names.add(s.name()));
        return names;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyWriteDoesWhatTheReferenceDoesOrIsRefusedAsTheContractSays() throws SQLException {
        int statements = WriteSettings.statements();
        Random rnd = new Random(seed);
        KeyPool items = new KeyPool(rnd, ITEM_POOL, List.of(WriteSchema.OVERRIDDEN_KEY), SHARDS, k -> shardIndex("item", k));
        KeyPool locks = new KeyPool(rnd, LOCK_POOL, List.of(), SHARDS, k -> shardIndex("lock", k));
        List<Connection> opened = new ArrayList<>();
        try {
            Connection reference = referenceFleet.shard(0).primary().connect();
            opened.add(reference);
            WriteData.load(reference, rnd, items, locks);
            Connection referenceSnapshot = snapshotConnection(referenceFleet, 0, opened);
            List<Connection> shardSnapshots = new ArrayList<>();
            for (int s = 0; s < SHARDS; s++) {
                shardSnapshots.add(snapshotConnection(shardedFleet, s, opened));
            }
            ShardComparison comparison = new ShardComparison(shardNames(), this::shardOf);
            TableSnapshot start = TableSnapshot.read(referenceSnapshot, WriteSchema.TABLES);
            for (WriteTable t : WriteSchema.TABLES) {
                comparison.repair(t, start, shardSnapshots);
            }
            DifferentialRun run = new DifferentialRun(() -> {
                Connection c = dataSource.getConnection();
                opened.add(c);
                return c;
            }, reference, referenceSnapshot, shardSnapshots, comparison);
            // the statements draw from a stream of their own, apart from the draws of the key pools and start rows
            WriteCorpus corpus = new WriteCorpus(new Random(seed ^ 0x5DEECE66DL), items, locks);
            while (run.verdicts().size() < statements) {
                run.run(corpus.next(run.reference()));
            }
            report(run, statements);
        } finally {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException | RuntimeException e) {
                    // closing is best effort; the verdicts above are what the test reports
                }
            }
        }
    }

    private static Connection snapshotConnection(Fleet fleet, int shard, List<Connection> opened) throws SQLException {
        Connection c = fleet.shard(shard).primary().connect();
        opened.add(c);
        try (Statement st = c.createStatement()) {
            // a repair waiting on a row lock the driver left behind fails with the reason instead of hanging
            st.execute("SET lock_timeout = '10s'");
        }
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return c;
    }

    private void report(DifferentialRun run, int statements) {
        WriteReport report = new WriteReport(seed, run.verdicts());
        TableSnapshot end = run.reference();
        StringBuilder sizes = new StringBuilder("reference rows at the end:");
        for (WriteTable t : WriteSchema.TABLES) {
            sizes.append(' ').append(t.name()).append('=').append(end.rows(t.name()).size());
        }
        String summary = report.summary() + sizes + "\n";
        if (WriteSettings.trace()) {
            System.out.print(report.trace());
        }
        System.out.print(summary);
        List<Verdict> failures = report.failures();
        if (!failures.isEmpty()) {
            System.out.print(report.firstDifferences());
            fail("write differential seed " + seed + " (rerun with -D" + WriteSettings.SEED + "=" + seed + "): "
                    + failures.size() + " of " + run.verdicts().size() + " statements wrong or broken\n" + summary
                    + report.firstDifferences());
        }
        assertTrue(run.verdicts().size() >= statements, "ran " + run.verdicts().size() + " statements");
    }

    /**
     * The load phase of a TPC-C-like client through the driver: nothing refused, every batch count 1, and each row
     * exactly once, on its warehouse's shard.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void tpccLoadPutsEveryRowOnceOnItsWarehouseShard() throws SQLException {
        Set<Integer> warehouseShards = new HashSet<>();
        for (long w = 1; w <= TpccLoad.WAREHOUSES; w++) {
            warehouseShards.add(shardIndex("warehouse", w));
        }
        assertTrue(warehouseShards.size() > 1, "the warehouses must span shards for the load to mean anything");
        TpccLoad.Result load;
        try (Connection c = dataSource.getConnection()) {
            load = TpccLoad.load(c);
        }
        List<String> problems = new ArrayList<>(load.errors());
        int entries = 0;
        for (int[] batch : load.counts()) {
            for (int n : batch) {
                entries++;
                if (n != 1) {
                    problems.add("a batch entry reported " + n + " rows instead of 1");
                }
            }
        }
        int loaded = 0;
        for (TpccLoad.Loaded t : TpccLoad.TABLES) {
            loaded += t.perWarehouse() * TpccLoad.WAREHOUSES;
        }
        if (load.errors().isEmpty() && entries != loaded) {
            problems.add(entries + " batch entries reported, " + loaded + " rows loaded");
        }
        for (TpccLoad.Loaded t : TpccLoad.TABLES) {
            long total = 0;
            for (int s = 0; s < SHARDS; s++) {
                try (Connection c = shardedFleet.shard(s).primary().connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT " + t.warehouseColumn() + ", count(*) FROM " + t.table()
                             + " GROUP BY 1 ORDER BY 1")) {
                    while (rs.next()) {
                        long w = rs.getLong(1);
                        long rows = rs.getLong(2);
                        if (shardIndex("warehouse", w) != s) {
                            problems.add(t.table() + ": " + rows + " row(s) of warehouse " + w + " on "
                                    + shardedFleet.shard(s).name() + ", shardOf names " + shardOf("warehouse", w));
                        }
                        total += rows;
                    }
                }
            }
            long expected = (long) t.perWarehouse() * TpccLoad.WAREHOUSES;
            if (total != expected) {
                problems.add(t.table() + ": " + total + " rows over all shards, " + expected + " loaded");
            }
        }
        String summary = "TPC-C-like load (" + TpccLoad.WAREHOUSES + " warehouses, " + loaded + " rows): " + entries
                + " batch entries reported, " + problems.size() + " problem(s)" + (problems.isEmpty() ? ""
                : ":\n  " + String.join("\n  ", problems));
        System.out.println(summary);
        if (!problems.isEmpty()) {
            fail("the load must be neither refused nor duplicated; " + summary);
        }
    }
}
