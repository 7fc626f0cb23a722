package io.shardedjdbc.itest.scatter;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential oracle for reads through the driver: the same seeded rows on a 4-shard fleet (loaded through the
 * driver) and on one reference PostgreSQL server (loaded directly), the same queries on both. A driver answer
 * must equal the reference answer, or be an SQLException; a category in {@code oracle.mustMatch} must not be
 * refused, and queries no merge can answer must be refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScatterOracleTest {
    private static final int SHARDS = 4;
    /** On the reference server: the same rows stored in reverse order, to check the corpus' ordering claims. */
    private static final String REVERSED_SCHEMA = "reversed";

    private final long seed = OracleSettings.seed(System.getProperty(OracleSettings.SEED));
    private Fleet shardedFleet;
    private Fleet referenceFleet;
    private ShardedDataSource dataSource;
    private OracleData data;
    private String soloShard;

    @BeforeAll
    void setUp() throws Exception {
        System.out.println("scatter oracle seed " + seed + " (rerun with -D" + OracleSettings.SEED + "=" + seed + ")");
        CompletableFuture<Fleet> reference = CompletableFuture.supplyAsync(() -> Fleet.start(1, 0));
        try {
            shardedFleet = Fleet.start(SHARDS, 0);
        } finally {
            referenceFleet = reference.join();
        }
        Path topology;
        try {
            topology = shardedFleet.writeTopology(Files.createTempDirectory("sharded-jdbc-oracle").resolve("shards.yaml"),
                    OracleSchema.TOPOLOGY_YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataSource = new ShardedDataSource("jdbc:sharded:file:" + topology);
        dataSource.setUser(shardedFleet.user());
        dataSource.setPassword(shardedFleet.password());

        soloShard = dataSource.shardOf("default", 1L);
        data = OracleData.generate(new Random(seed), id -> soloShardOf(id).equals(soloShard));
        try (Connection sharded = dataSource.getConnection(); Connection ref = referenceFleet.shard(0).primary().connect()) {
            createTables(sharded);
            createTables(ref);
            data.insertInto(sharded);
            data.insertInto(ref);
            try (Statement st = ref.createStatement()) {
                st.execute("CREATE SCHEMA " + REVERSED_SCHEMA);
            }
            ref.setSchema(REVERSED_SCHEMA);
            createTables(ref);
            data.reversed().insertInto(ref);
        }
    }

    private String soloShardOf(long id) {
        try {
            return dataSource.shardOf("default", id);
        } catch (SQLException e) {
            throw new IllegalStateException("shardOf(" + id + "): " + e.getMessage(), e);
        }
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : OracleSchema.DDL) {
                st.execute(ddl);
            }
        }
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

    @Test
    void everyShardedAnswerEqualsTheReferenceOrIsRefused() throws SQLException {
        assertLoaded();
        Set<Category> mustMatch = OracleSettings.mustMatch(
                System.getProperty(OracleSettings.MUST_MATCH, OracleSettings.DEFAULT_MUST_MATCH));
        Corpus corpus = new Corpus();
        HandWrittenQueries.addTo(corpus, data);
        // the corpus has its own stream: adding data columns must not reshuffle the generated queries' shapes
        GeneratedQueries.addTo(corpus, data, new Random(seed ^ 0x5DEECE66DL));
        List<Outcome> outcomes = new ArrayList<>();
        try (Connection sharded = dataSource.getConnection(); Connection ref = referenceFleet.shard(0).primary().connect();
             Connection reversed = referenceFleet.shard(0).primary().connect()) {
            reversed.setSchema(REVERSED_SCHEMA);
            DifferentialRunner runner = new DifferentialRunner(ref, reversed, sharded);
            for (OracleQuery q : corpus.queries()) {
                outcomes.add(runner.run(q));
            }
        }
        OracleReport report = new OracleReport(seed, outcomes, mustMatch);
        System.out.print(report.summary());
        List<String> failures = report.failures();
        if (!failures.isEmpty()) {
            fail("scatter oracle seed " + seed + " (rerun with -D" + OracleSettings.SEED + "=" + seed + "): "
                    + failures.size() + " failure(s):\n" + String.join("\n", failures) + "\n" + report.summary());
        }
    }

    /** The sharded side really holds the reference's rows, spread over the shards, and solo on one shard only. */
    private void assertLoaded() throws SQLException {
        long[] accounts = new long[SHARDS];
        long[] solo = new long[SHARDS];
        long accountTotal = 0;
        long eventTotal = 0;
        for (int s = 0; s < SHARDS; s++) {
            try (Connection c = shardedFleet.shard(s).primary().connect()) {
                accounts[s] = count(c, "SELECT count(*) FROM accounts");
                solo[s] = count(c, "SELECT count(*) FROM solo");
                eventTotal += count(c, "SELECT count(*) FROM events");
                assertEquals(0, count(c, "SELECT count(*) FROM nothing"), "nothing on shard " + s);
            }
            accountTotal += accounts[s];
            assertTrue(accounts[s] > 0, "shard " + s + " holds no accounts");
            boolean isSoloShard = shardedFleet.shard(s).name().equals(soloShard);
            assertEquals(isSoloShard ? OracleData.SOLO_ROWS : 0, solo[s], "solo rows on shard " + s);
        }
        assertEquals(OracleData.ACCOUNTS, accountTotal, "accounts over all shards");
        assertEquals(OracleData.EVENTS, eventTotal, "events over all shards");
        try (Connection c = referenceFleet.shard(0).primary().connect()) {
            assertEquals(OracleData.ACCOUNTS, count(c, "SELECT count(*) FROM accounts"), "reference accounts");
            assertEquals(OracleData.EVENTS, count(c, "SELECT count(*) FROM events"), "reference events");
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
