package io.shardedjdbc.itest.compat;

import com.zaxxer.hikari.HikariDataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.shardedjdbc.itest.compat.JqTables.Categories.CATEGORIES;
import static io.shardedjdbc.itest.compat.JqTables.Products.PRODUCTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jOOQ's DSL with SQLDialect.POSTGRES over an application HikariCP pool on jdbc:sharded:: quoted, schema-qualified
 * names everywhere (as generated code renders them), DDL, INSERT ... RETURNING, IN lists across shards, LIMIT,
 * reads, updates and deletes by key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JooqCompatTest {
    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private static final String TOPOLOGY = """
            keyspaces:
              shop: { type: bigint }
            tables:
              jq_products: { key: shop_id, keyspace: shop }
              jq_categories: { broadcast: true }
            """;

    private CompatFleet fx;
    private HikariDataSource pool;
    private DSLContext ctx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new CompatFleet("jq_", TOPOLOGY);
        pool = fx.pool("jooq", 4);
        ctx = DSL.using(fx.tool(pool, "jooq", 0), SQLDialect.POSTGRES);
        ctx.dropTableIfExists(PRODUCTS).execute();
        ctx.dropTableIfExists(CATEGORIES).execute();
        ctx.createTable(CATEGORIES).columns(CATEGORIES.fields()).primaryKey(CATEGORIES.CODE).execute();
        ctx.createTable(PRODUCTS).columns(PRODUCTS.fields())
                .primaryKey(PRODUCTS.SHOP_ID, PRODUCTS.PRODUCT_ID).execute();
        ctx.insertInto(CATEGORIES, CATEGORIES.CODE, CATEGORIES.LABEL)
                .values("tools", "Tools").values("food", "Food").execute();
        fx.awaitReplicas();
    }

    @AfterAll
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void jooqRendersQuotedSchemaQualifiedNames() {
        String sql = ctx.render(ctx.selectFrom(PRODUCTS).where(PRODUCTS.SHOP_ID.eq(1L)));
        assertTrue(sql.contains("from \"public\".\"jq_products\""), sql);
        assertTrue(sql.contains("where \"public\".\"jq_products\".\"shop_id\" = ?"), sql);
    }

    @Test
    void ddlAndBroadcastRowsAreOnEveryShard() throws SQLException {
        for (int s = 0; s < fx.shardCount(); s++) {
            assertEquals(List.of("shop_id bigint", "product_id bigint", "name text", "price numeric", "category text"),
                    fx.columns(s, "jq_products"), "jq_products on " + fx.shardName(s));
            assertEquals(2, fx.count(s, "SELECT count(*) FROM jq_categories"), "broadcast rows on " + fx.shardName(s));
        }
    }

    @Test
    void insertReturningGivesTheRowTheKeysShardGenerated() throws SQLException {
        List<Long> shops = fx.oneKeyPerShard("shop", 1_000);
        for (long shop : shops) {
            Record row = ctx.insertInto(PRODUCTS, PRODUCTS.SHOP_ID, PRODUCTS.NAME, PRODUCTS.PRICE, PRODUCTS.CATEGORY)
                    .values(shop, "hammer", new BigDecimal("9.99"), "tools")
                    .returning()
                    .fetchOne();
            assertNotNull(row);
            assertEquals(shop, row.get(PRODUCTS.SHOP_ID));
            assertEquals("hammer", row.get(PRODUCTS.NAME));
            Long productId = row.get(PRODUCTS.PRODUCT_ID);
            assertNotNull(productId, "the identity value generated on the shard");
            assertEquals(List.of(fx.shardOf("shop", shop)), fx.shardsWithRows("SELECT count(*) FROM jq_products"
                    + " WHERE shop_id = " + shop + " AND product_id = " + productId + " AND name = 'hammer'"));
        }
        // one multi-row INSERT over every shard: RETURNING rows in the order of the VALUES rows
        var insert = ctx.insertInto(PRODUCTS, PRODUCTS.SHOP_ID, PRODUCTS.NAME, PRODUCTS.PRICE, PRODUCTS.CATEGORY);
        for (long shop : shops) {
            insert = insert.values(shop, "saw" + shop, new BigDecimal("19.99"), "tools");
        }
        Result<?> returned = insert.returning(PRODUCTS.SHOP_ID, PRODUCTS.NAME).fetch();
        assertEquals(shops, returned.getValues(PRODUCTS.SHOP_ID));
        assertEquals(shops.stream().map(shop -> "saw" + shop).toList(), returned.getValues(PRODUCTS.NAME));
        for (long shop : shops) {
            assertEquals(List.of(fx.shardOf("shop", shop)), fx.shardsWithRows(
                    "SELECT count(*) FROM jq_products WHERE shop_id = " + shop + " AND name = 'saw" + shop + "'"));
        }
    }

    @Test
    void selectByKeyInListAcrossShardsAndLimit() throws SQLException {
        List<Long> shops = new ArrayList<>();
        for (int s = 0; s < fx.shardCount(); s++) {
            shops.addAll(fx.keysOn("shop", s, 2_000, 2));
        }
        for (long shop : shops) {
            ctx.insertInto(PRODUCTS, PRODUCTS.SHOP_ID, PRODUCTS.NAME, PRODUCTS.PRICE, PRODUCTS.CATEGORY)
                    .values(shop, "apple" + shop, BigDecimal.valueOf(shop * 10, 2), "food")
                    .values(shop, "pear" + shop, BigDecimal.valueOf(shop * 10 + 1, 2), "food")
                    .execute();
        }
        long shop = shops.get(3);
        List<String> byKey = ctx.select(PRODUCTS.NAME).from(PRODUCTS).where(PRODUCTS.SHOP_ID.eq(shop))
                .orderBy(PRODUCTS.NAME).fetch(PRODUCTS.NAME);
        assertEquals(List.of("apple" + shop, "pear" + shop), byKey);

        var joined = ctx.select(PRODUCTS.NAME, CATEGORIES.LABEL).from(PRODUCTS)
                .join(CATEGORIES).on(CATEGORIES.CODE.eq(PRODUCTS.CATEGORY))
                .where(PRODUCTS.SHOP_ID.eq(shop)).and(PRODUCTS.NAME.eq("pear" + shop)).fetchOne();
        assertNotNull(joined);
        assertEquals("Food", joined.get(CATEGORIES.LABEL));

        List<Long> inList = ctx.selectDistinct(PRODUCTS.SHOP_ID).from(PRODUCTS).where(PRODUCTS.SHOP_ID.in(shops))
                .orderBy(PRODUCTS.SHOP_ID).fetch(PRODUCTS.SHOP_ID);
        assertEquals(shops.stream().sorted().toList(), inList);
        assertEquals(2 * shops.size(), ctx.fetchCount(PRODUCTS, PRODUCTS.SHOP_ID.in(shops)));

        List<String> top = ctx.select(PRODUCTS.NAME).from(PRODUCTS).where(PRODUCTS.SHOP_ID.in(shops))
                .orderBy(PRODUCTS.PRICE.desc()).limit(3).fetch(PRODUCTS.NAME);
        List<Long> descending = shops.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        assertEquals(List.of("pear" + descending.get(0), "apple" + descending.get(0), "pear" + descending.get(1)), top);
        List<String> page = ctx.select(PRODUCTS.NAME).from(PRODUCTS).where(PRODUCTS.SHOP_ID.in(shops))
                .orderBy(PRODUCTS.PRICE.desc()).limit(2).offset(2).fetch(PRODUCTS.NAME);
        assertEquals(List.of("pear" + descending.get(1), "apple" + descending.get(1)), page);
    }

    @Test
    void updateAndDeleteByKey() throws SQLException {
        long shop = fx.oneKeyPerShard("shop", 3_000).get(2);
        int shard = fx.shardOf("shop", shop);
        ctx.insertInto(PRODUCTS, PRODUCTS.SHOP_ID, PRODUCTS.NAME, PRODUCTS.PRICE)
                .values(shop, "drill", new BigDecimal("50.00")).values(shop, "nail", new BigDecimal("0.10")).execute();
        assertEquals(1, ctx.update(PRODUCTS).set(PRODUCTS.PRICE, PRODUCTS.PRICE.mul(2))
                .where(PRODUCTS.SHOP_ID.eq(shop)).and(PRODUCTS.NAME.eq("drill")).execute());
        assertEquals(1, fx.count(shard,
                "SELECT count(*) FROM jq_products WHERE shop_id = " + shop + " AND name = 'drill' AND price = 100.00"));
        assertEquals(1, ctx.deleteFrom(PRODUCTS).where(PRODUCTS.SHOP_ID.eq(shop)).and(PRODUCTS.NAME.eq("nail"))
                .execute());
        assertEquals(List.of("drill"), ctx.select(PRODUCTS.NAME).from(PRODUCTS).where(PRODUCTS.SHOP_ID.eq(shop))
                .fetch(PRODUCTS.NAME));
    }

    @Test
    void transactionByKeyCommitsOrRollsBack() throws SQLException {
        List<Long> shops = fx.oneKeyPerShard("shop", 4_000);
        long committed = shops.get(0);
        long rolledBack = shops.get(1);
        ctx.transaction(trx -> {
            trx.dsl().insertInto(PRODUCTS, PRODUCTS.SHOP_ID, PRODUCTS.NAME, PRODUCTS.PRICE)
                    .values(committed, "kept", BigDecimal.ONE).execute();
            trx.dsl().update(PRODUCTS).set(PRODUCTS.CATEGORY, "tools")
                    .where(PRODUCTS.SHOP_ID.eq(committed)).execute();
        });
        assertEquals(1, fx.count(fx.shardOf("shop", committed),
                "SELECT count(*) FROM jq_products WHERE shop_id = " + committed + " AND category = 'tools'"));
        assertThrows(IllegalStateException.class, () -> ctx.transaction(trx -> {
            trx.dsl().insertInto(PRODUCTS, PRODUCTS.SHOP_ID, PRODUCTS.NAME, PRODUCTS.PRICE)
                    .values(rolledBack, "gone", BigDecimal.ONE).execute();
            throw new IllegalStateException("the application fails after its write");
        }));
        assertEquals(List.of(), fx.shardsWithRows("SELECT count(*) FROM jq_products WHERE shop_id = " + rolledBack));
    }
}
