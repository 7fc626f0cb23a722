package io.shardedjdbc.itest.compat;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hibernate ORM over an application HikariCP pool on jdbc:sharded:. Accounts and their orders are sharded by
 * account_id (co-located), currencies are broadcast. Every schema action (create, create again as after a restart,
 * update, validate, create-drop) must run without one schema-tool warning and leave the same tables on every
 * shard; entity work runs one transaction per account and lands on the account's shard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HibernateCompatTest {
    private static final HibernateLog LOG = HibernateLog.install();
    private static final List<Class<?>> ENTITIES = List.of(HbCurrency.class, HbAccount.class, HbOrder.class);
    private static final List<String> TABLES = List.of("hb_currencies", "hb_accounts", "hb_orders");
    private static final String TOPOLOGY = """
            defaultShard: s0
            keyspaces:
              account: { type: bigint }
            tables:
              hb_accounts: { key: account_id, keyspace: account }
              hb_orders: { key: account_id, keyspace: account }
              hb_currencies: { broadcast: true }
            """;

    private CompatFleet fx;
    private HikariDataSource pool;
    private javax.sql.DataSource toolDs;
    /** Built with hbm2ddl.auto=create in set-up; the entity tests use it. */
    private SessionFactory sessionFactory;
    private Throwable sessionFactoryFailure;
    private List<String> createWarnings = List.of();
    private String createSql = "";

    @BeforeAll
    void setUp() throws SQLException {
        fx = new CompatFleet("hb_", TOPOLOGY);
        fx.onEveryPrimary("DROP TABLE IF EXISTS hb_orders, hb_accounts, hb_currencies CASCADE");
        pool = fx.pool("hibernate", 4);
        toolDs = fx.tool(pool, "hibernate", 0);
        LOG.reset();
        try {
            sessionFactory = build("create");
        } catch (RuntimeException e) {
            sessionFactoryFailure = e;
        }
        createWarnings = LOG.warnings();
        createSql = LOG.recentSql();
        fx.awaitReplicas();
    }

    @AfterAll
    void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private SessionFactory build(String action) {
        Configuration configuration = new Configuration();
        ENTITIES.forEach(configuration::addAnnotatedClass);
        configuration.getProperties().put("hibernate.connection.datasource", toolDs);
        configuration.setProperty("hibernate.hbm2ddl.auto", action);
        // a DDL statement that fails throws instead of being logged and skipped
        configuration.setProperty("hibernate.hbm2ddl.halt_on_error", "true");
        configuration.setProperty("jakarta.persistence.sql-load-script-source", "compat/hibernate-currencies.sql");
        configuration.setProperty("hibernate.jdbc.batch_size", "20");
        configuration.setProperty("hibernate.order_inserts", "true");
        configuration.setProperty("hibernate.order_updates", "true");
        configuration.setProperty("hibernate.generate_statistics", "true");
        return configuration.buildSessionFactory();
    }

    private SessionFactory sessionFactory() {
        if (sessionFactory == null) {
            throw new AssertionError("the SessionFactory with hbm2ddl.auto=create did not start: "
                    + CompatFleet.describe(sessionFactoryFailure) + "\nlast SQL:\n" + createSql, sessionFactoryFailure);
        }
        return sessionFactory;
    }

    /** Runs one schema action in a SessionFactory of its own and fails on any exception or warning it logs. */
    private SessionFactory runSchemaAction(String action) {
        LOG.reset();
        SessionFactory factory;
        try {
            factory = build(action);
        } catch (RuntimeException e) {
            throw new AssertionError("hbm2ddl.auto=" + action + " failed: " + CompatFleet.describe(e)
                    + "\nlast SQL:\n" + LOG.recentSql(), e);
        }
        assertNoWarnings(action, LOG.warnings(), LOG.recentSql());
        return factory;
    }

    private static void assertNoWarnings(String action, List<String> warnings, String sql) {
        assertTrue(warnings.isEmpty(), "hbm2ddl.auto=" + action + " logged " + warnings.size() + " warning(s):\n"
                + String.join("\n", warnings) + "\nlast SQL:\n" + sql);
    }

    /** The schema Hibernate maps, on every shard's primary: same columns and constraints everywhere. */
    private void assertSchemaOnEveryShard(boolean withNote) throws SQLException {
        List<String> accounts = List.of("account_id bigint", "balance numeric", "currency_code character varying",
                "owner character varying", "version integer");
        List<String> orders = new ArrayList<>(List.of("account_id bigint", "amount numeric", "item character varying",
                "order_id bigint", "quantity integer"));
        if (withNote) {
            orders.add("note character varying");
        }
        for (int s = 0; s < fx.shardCount(); s++) {
            String on = " on " + fx.shardName(s);
            for (String table : TABLES) {
                assertTrue(fx.tableExists(s, table), table + " missing" + on);
            }
            assertEquals(sorted(List.of("code character varying", "minor_units integer", "name character varying")),
                    sorted(fx.columns(s, "hb_currencies")), "hb_currencies" + on);
            assertEquals(sorted(accounts), sorted(fx.columns(s, "hb_accounts")), "hb_accounts" + on);
            assertEquals(sorted(orders), sorted(fx.columns(s, "hb_orders")), "hb_orders" + on);
            assertEquals(List.of("f:currency_code->hb_currencies", "p:account_id"), fx.constraints(s, "hb_accounts"), on);
            assertEquals(List.of("f:account_id->hb_accounts", "p:account_id,order_id"), fx.constraints(s, "hb_orders"),
                    on);
            assertEquals(List.of("p:code"), fx.constraints(s, "hb_currencies"), on);
        }
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private void assertCurrenciesOnEveryShard() throws SQLException {
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(3, fx.count(s, "SELECT count(*) FROM hb_currencies WHERE code IN ('EUR', 'JPY', 'KWD')"),
                    "the load script's broadcast rows on " + fx.shardName(s));
        }
    }

    @Test
    @Order(1)
    void createBuildsTheSchemaOnEveryShardWithoutWarnings() throws SQLException {
        sessionFactory();
        assertNoWarnings("create", createWarnings, createSql);
        assertSchemaOnEveryShard(true);
        assertCurrenciesOnEveryShard();
    }

    @Test
    @Order(2)
    void createAgainOnTheSameServersAsAfterARestart() throws SQLException {
        sessionFactory();
        try (SessionFactory again = runSchemaAction("create")) {
            assertNotNull(again);
        }
        assertSchemaOnEveryShard(true);
        assertCurrenciesOnEveryShard();
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(0, fx.count(s, "SELECT count(*) FROM hb_orders"), "create starts from empty tables");
        }
    }

    @Test
    @Order(3)
    void updateAddsAMissingColumnOnEveryShardAndNothingElse() throws SQLException {
        sessionFactory();
        fx.onEveryPrimary("ALTER TABLE hb_orders DROP COLUMN note");
        try (SessionFactory updated = runSchemaAction("update")) {
            assertNotNull(updated);
        }
        assertSchemaOnEveryShard(true);
        fx.awaitReplicas();
        // a second update finds nothing to do
        try (SessionFactory again = runSchemaAction("update")) {
            assertNotNull(again);
        }
        assertSchemaOnEveryShard(true);
    }

    @Test
    @Order(4)
    void validateAcceptsTheSchema() throws SQLException {
        sessionFactory();
        fx.awaitReplicas();
        try (SessionFactory validated = runSchemaAction("validate")) {
            assertNotNull(validated);
        }
        assertSchemaOnEveryShard(true);
    }

    @Test
    @Order(10)
    void persistFindQueryUpdateAndRemoveLandOnTheAccountsShard() throws SQLException {
        sessionFactory();
        List<Long> accounts = fx.oneKeyPerShard("account", 1_000);
        for (long id : accounts) {
            tx("persist account " + id + " and its orders", session -> {
                HbCurrency eur = session.find(HbCurrency.class, "EUR");
                assertNotNull(eur, "broadcast row read through Hibernate");
                session.persist(new HbAccount(id, "owner" + id, new BigDecimal("100.00"), eur));
                session.persist(new HbOrder(id, 1, "book", 2, new BigDecimal("19.90")));
                session.persist(new HbOrder(id, 2, "pen", 10, new BigDecimal("4.50")));
            });
        }
        for (long id : accounts) {
            int shard = fx.shardOf("account", id);
            assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM hb_accounts WHERE account_id = " + id));
            assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM hb_orders WHERE account_id = " + id));
            assertEquals(2, fx.count(shard, "SELECT count(*) FROM hb_orders WHERE account_id = " + id));
        }
        long id = accounts.get(accounts.size() - 1);
        int shard = fx.shardOf("account", id);

        // find by id, by composite id; JPQL by key, with a fetch join of the co-located account and its currency
        tx("find and query by key", session -> {
            HbAccount account = session.find(HbAccount.class, id);
            assertNotNull(account);
            assertEquals("owner" + id, account.getOwner());
            assertEquals("EUR", account.getCurrency().getCode());
            assertEquals(2, account.getCurrency().getMinorUnits());
            HbOrder pen = session.find(HbOrder.class, new HbOrderId(id, 2));
            assertNotNull(pen, "find by the composite id");
            assertEquals("pen", pen.getItem());
            List<HbOrder> orders = session.createSelectionQuery(
                            "from HbOrder o join fetch o.account a join fetch a.currency"
                                    + " where o.accountId = :account order by o.orderId", HbOrder.class)
                    .setParameter("account", id).getResultList();
            assertEquals(List.of(1L, 2L), orders.stream().map(HbOrder::getOrderId).toList());
            assertEquals("owner" + id, orders.get(0).getAccount().getOwner());
        });

        // a key list across shards: one result over every account
        Long total = fromTx("count over a key list across shards", session -> session.createSelectionQuery(
                        "select count(o) from HbOrder o where o.accountId in :accounts", Long.class)
                .setParameter("accounts", accounts).getSingleResult());
        assertEquals(2L * accounts.size(), total);

        // dirty checking (versioned), a JPQL update and a remove
        tx("dirty-checked updates", session -> {
            HbAccount account = session.find(HbAccount.class, id);
            account.setOwner("renamed" + id);
            HbOrder book = session.find(HbOrder.class, new HbOrderId(id, 1));
            book.setQuantity(3);
            book.setNote("gift");
        });
        tx("JPQL update by key", session -> assertEquals(1, session.createMutationQuery(
                        "update HbAccount a set a.balance = a.balance + :amount where a.accountId = :account")
                .setParameter("amount", new BigDecimal("5.25")).setParameter("account", id).executeUpdate()));
        assertEquals(1, fx.count(shard, "SELECT count(*) FROM hb_accounts WHERE account_id = " + id
                + " AND owner = 'renamed" + id + "' AND balance = 105.25 AND version = 1"));
        assertEquals(1, fx.count(shard, "SELECT count(*) FROM hb_orders WHERE account_id = " + id
                + " AND order_id = 1 AND quantity = 3 AND note = 'gift'"));

        tx("remove", session -> session.remove(session.find(HbOrder.class, new HbOrderId(id, 2))));
        assertEquals(1, fx.count(shard, "SELECT count(*) FROM hb_orders WHERE account_id = " + id));
        tx("find a removed order", session -> assertNull(session.find(HbOrder.class, new HbOrderId(id, 2))));
        for (int s = 0; s < fx.shardCount(); s++) {
            if (s != shard) {
                assertEquals(0, fx.count(s, "SELECT count(*) FROM hb_accounts WHERE account_id = " + id));
            }
        }
    }

    @Test
    @Order(11)
    void batchedInsertsOneTransactionPerKeyLandOnTheKeysShard() throws SQLException {
        SessionFactory sf = sessionFactory();
        Statistics statistics = sf.getStatistics();
        List<Long> accounts = fx.oneKeyPerShard("account", 5_000);
        int ordersPerAccount = 45;
        for (long id : accounts) {
            long preparedBefore = statistics.getPrepareStatementCount();
            tx("batched inserts of account " + id, session -> {
                HbCurrency jpy = session.find(HbCurrency.class, "JPY");
                session.persist(new HbAccount(id, "batch" + id, BigDecimal.ZERO, jpy));
                for (int o = 1; o <= ordersPerAccount; o++) {
                    session.persist(new HbOrder(id, o, "item" + o, o, BigDecimal.valueOf(o)));
                }
            });
            long prepared = statistics.getPrepareStatementCount() - preparedBefore;
            assertTrue(prepared < 10, "the inserts of one account ran as JDBC batches of 20 (" + prepared
                    + " statements prepared for " + (ordersPerAccount + 1) + " rows)");
        }
        for (long id : accounts) {
            int shard = fx.shardOf("account", id);
            assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM hb_orders WHERE account_id = " + id));
            assertEquals(ordersPerAccount, fx.count(shard, "SELECT count(*) FROM hb_orders WHERE account_id = " + id));
            assertEquals(1, fx.count(shard, "SELECT count(*) FROM hb_accounts WHERE account_id = " + id));
        }
        long id = accounts.get(1);
        List<Integer> quantities = fromTx("ordered, limited read by key", session -> session.createSelectionQuery(
                        "select o.quantity from HbOrder o where o.accountId = :account order by o.orderId desc",
                        Integer.class)
                .setParameter("account", id).setMaxResults(3).getResultList());
        assertEquals(List.of(45, 44, 43), quantities);
    }

    @Test
    @Order(100)
    void createDropLeavesNoTableOnAnyShard() throws SQLException {
        sessionFactory();
        fx.awaitReplicas();
        SessionFactory factory = runSchemaAction("create-drop");
        try {
            assertSchemaOnEveryShard(true);
        } finally {
            LOG.reset();
            factory.close();
        }
        assertNoWarnings("create-drop (on close)", LOG.warnings(), LOG.recentSql());
        for (int s = 0; s < fx.shardCount(); s++) {
            for (String table : TABLES) {
                assertFalse(fx.tableExists(s, table), table + " left on " + fx.shardName(s) + " after create-drop");
            }
        }
    }

    /** One transaction; a failure names what failed, the driver's SQLSTATE and message, and the SQL sent. */
    private void tx(String what, Consumer<Session> work) {
        fromTx(what, session -> {
            work.accept(session);
            return null;
        });
    }

    private <T> T fromTx(String what, Function<Session, T> work) {
        LOG.reset();
        try {
            return sessionFactory().fromTransaction(work);
        } catch (RuntimeException e) {
            return fail(what + ": " + CompatFleet.describe(e) + "\nlast SQL:\n" + LOG.recentSql(), e);
        }
    }
}
