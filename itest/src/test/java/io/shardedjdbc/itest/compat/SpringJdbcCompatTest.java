package io.shardedjdbc.itest.compat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSourceUtils;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Spring's JdbcTemplate, NamedParameterJdbcTemplate and DataSourceTransactionManager + TransactionTemplate over an
 * application HikariCP pool on jdbc:sharded:. Customers and their invoices are sharded by customer_id, regions are
 * broadcast; the schema is created through the template (DDL reaches every shard).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringJdbcCompatTest {
    private static final String TOPOLOGY = """
            keyspaces:
              customer: { type: bigint }
            tables:
              sj_customers: { key: customer_id, keyspace: customer }
              sj_invoices: { key: customer_id, keyspace: customer }
              sj_regions: { broadcast: true }
            """;

    private CompatFleet fx;
    private HikariDataSource pool;
    private JdbcTemplate jdbc;
    private NamedParameterJdbcTemplate named;
    private TransactionTemplate tx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new CompatFleet("sj_", TOPOLOGY);
        pool = fx.pool("spring", 4);
        javax.sql.DataSource toolDs = fx.tool(pool, "spring", 0);
        jdbc = new JdbcTemplate(toolDs);
        named = new NamedParameterJdbcTemplate(jdbc);
        tx = new TransactionTemplate(new DataSourceTransactionManager(toolDs));
        jdbc.execute("DROP TABLE IF EXISTS sj_invoices, sj_customers, sj_regions");
        jdbc.execute("CREATE TABLE sj_regions (code text PRIMARY KEY, name text NOT NULL)");
        jdbc.execute("CREATE TABLE sj_customers (customer_id bigint PRIMARY KEY, name text NOT NULL,"
                + " region text REFERENCES sj_regions (code), credit numeric(12,2) NOT NULL DEFAULT 0)");
        jdbc.execute("CREATE TABLE sj_invoices (customer_id bigint NOT NULL REFERENCES sj_customers,"
                + " invoice_no int NOT NULL, total numeric(12,2) NOT NULL, PRIMARY KEY (customer_id, invoice_no))");
        jdbc.update("INSERT INTO sj_regions (code, name) VALUES ('eu', 'Europe'), ('us', 'Americas')");
        fx.awaitReplicas();
    }

    @AfterAll
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void schemaAndBroadcastRowsAreOnEveryShard() throws SQLException {
        for (int s = 0; s < fx.shardCount(); s++) {
            for (String table : List.of("sj_regions", "sj_customers", "sj_invoices")) {
                assertEquals(true, fx.tableExists(s, table), table + " on " + fx.shardName(s));
            }
            assertEquals(2, fx.count(s, "SELECT count(*) FROM sj_regions"), "broadcast rows on " + fx.shardName(s));
        }
        assertEquals("Europe", jdbc.queryForObject("SELECT name FROM sj_regions WHERE code = ?", String.class, "eu"));
    }

    @Test
    void updatesAndQueriesByKeyLandOnTheKeysShard() throws SQLException {
        List<Long> ids = fx.oneKeyPerShard("customer", 1_000);
        for (long id : ids) {
            assertEquals(1, jdbc.update("INSERT INTO sj_customers (customer_id, name, region) VALUES (?, ?, ?)",
                    id, "customer" + id, "eu"));
        }
        for (long id : ids) {
            int shard = fx.shardOf("customer", id);
            assertEquals(List.of(shard),
                    fx.shardsWithRows("SELECT count(*) FROM sj_customers WHERE customer_id = " + id));
            assertEquals("customer" + id,
                    jdbc.queryForObject("SELECT name FROM sj_customers WHERE customer_id = ?", String.class, id));
        }
        long id = ids.get(2);
        assertEquals(1, named.update("UPDATE sj_customers SET credit = credit + :amount WHERE customer_id = :id",
                new MapSqlParameterSource("id", id).addValue("amount", new BigDecimal("12.50"))));
        Map<String, Object> row = named.queryForMap(
                "SELECT c.name, c.credit, r.name AS region_name FROM sj_customers c JOIN sj_regions r"
                        + " ON r.code = c.region WHERE c.customer_id = :id", Map.of("id", id));
        assertEquals(new BigDecimal("12.50"), row.get("credit"));
        assertEquals("Europe", row.get("region_name"));
        assertEquals(1, fx.count(fx.shardOf("customer", id),
                "SELECT count(*) FROM sj_customers WHERE customer_id = " + id + " AND credit = 12.50"));
        assertEquals(1, jdbc.update("DELETE FROM sj_customers WHERE customer_id = ?", id));
        assertEquals(List.of(), fx.shardsWithRows("SELECT count(*) FROM sj_customers WHERE customer_id = " + id));
    }

    @Test
    void batchUpdateAcrossShardsAndInOneTransaction() throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int s = 0; s < fx.shardCount(); s++) {
            ids.addAll(fx.keysOn("customer", s, 2_000, 3));
        }
        List<Object[]> rows = ids.stream().map(id -> new Object[]{id, "batch" + id, "us"}).toList();
        int[] counts = jdbc.batchUpdate("INSERT INTO sj_customers (customer_id, name, region) VALUES (?, ?, ?)", rows);
        int[] ones = new int[ids.size()];
        java.util.Arrays.fill(ones, 1);
        assertArrayEquals(ones, counts);
        for (long id : ids) {
            assertEquals(List.of(fx.shardOf("customer", id)),
                    fx.shardsWithRows("SELECT count(*) FROM sj_customers WHERE customer_id = " + id));
        }

        // a named batch of one customer's invoices in one transaction
        long customer = ids.get(0);
        List<Map<String, Object>> invoices = new ArrayList<>();
        for (int n = 1; n <= 25; n++) {
            invoices.add(Map.of("customer", customer, "no", n, "total", BigDecimal.valueOf(n * 10L)));
        }
        int[] invoiceCounts = tx.execute(status -> named.batchUpdate(
                "INSERT INTO sj_invoices (customer_id, invoice_no, total) VALUES (:customer, :no, :total)",
                SqlParameterSourceUtils.createBatch(invoices)));
        assertEquals(25, invoiceCounts.length);
        int shard = fx.shardOf("customer", customer);
        assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM sj_invoices WHERE customer_id = " + customer));
        assertEquals(25, fx.count(shard, "SELECT count(*) FROM sj_invoices WHERE customer_id = " + customer));
    }

    @Test
    void transactionTemplateCommitsAndRollsBackOnTheKeysShard() throws SQLException {
        List<Long> ids = fx.oneKeyPerShard("customer", 3_000);
        long committed = ids.get(1);
        long rolledBack = ids.get(3);
        long failed = ids.get(0);

        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO sj_customers (customer_id, name) VALUES (?, ?)", committed, "committed");
            jdbc.update("INSERT INTO sj_invoices (customer_id, invoice_no, total) VALUES (?, 1, 99.00)", committed);
            assertEquals("committed", jdbc.queryForObject(
                    "SELECT name FROM sj_customers WHERE customer_id = ?", String.class, committed));
        });
        int committedShard = fx.shardOf("customer", committed);
        assertEquals(1, fx.count(committedShard, "SELECT count(*) FROM sj_customers WHERE customer_id = " + committed));
        assertEquals(1, fx.count(committedShard, "SELECT count(*) FROM sj_invoices WHERE customer_id = " + committed));

        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO sj_customers (customer_id, name) VALUES (?, ?)", rolledBack, "rolled back");
            status.setRollbackOnly();
        });
        assertEquals(0, fx.count(fx.shardOf("customer", rolledBack),
                "SELECT count(*) FROM sj_customers WHERE customer_id = " + rolledBack), "rolled-back row on its shard");

        assertThrows(IllegalStateException.class, () -> tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO sj_customers (customer_id, name) VALUES (?, ?)", failed, "failed");
            throw new IllegalStateException("the application fails after its write");
        }));
        assertEquals(0, fx.count(fx.shardOf("customer", failed),
                "SELECT count(*) FROM sj_customers WHERE customer_id = " + failed), "rolled back on an exception");

        // a read-only transaction reads across shards
        TransactionTemplate readOnly = new TransactionTemplate(tx.getTransactionManager());
        readOnly.setReadOnly(true);
        Long names = readOnly.execute(status -> named.queryForObject(
                "SELECT count(*) FROM sj_customers WHERE customer_id IN (:ids)", Map.of("ids", ids), Long.class));
        assertEquals(1L, names);
    }

    @Test
    void inListWithIdsAcrossShardsReturnsEveryRow() throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int s = 0; s < fx.shardCount(); s++) {
            ids.addAll(fx.keysOn("customer", s, 4_000, 2));
        }
        for (long id : ids) {
            jdbc.update("INSERT INTO sj_customers (customer_id, name, credit) VALUES (?, ?, ?)",
                    id, "in" + id, BigDecimal.valueOf(id));
        }
        List<Long> found = named.queryForList(
                "SELECT customer_id FROM sj_customers WHERE customer_id IN (:ids) ORDER BY customer_id",
                Map.of("ids", ids), Long.class);
        assertEquals(ids.stream().sorted().toList(), found);
        List<String> names = named.query(
                "SELECT name FROM sj_customers WHERE customer_id IN (:ids) ORDER BY credit DESC LIMIT 3",
                Map.of("ids", ids), (rs, n) -> rs.getString(1));
        assertEquals(ids.stream().sorted(java.util.Comparator.reverseOrder()).limit(3).map(id -> "in" + id).toList(),
                names);
        Integer total = named.queryForObject("SELECT count(*) FROM sj_customers WHERE customer_id IN (:ids)",
                Map.of("ids", ids), Integer.class);
        assertEquals(ids.size(), total);
    }
}
