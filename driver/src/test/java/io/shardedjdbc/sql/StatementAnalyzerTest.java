package io.shardedjdbc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatementAnalyzerTest {

    @Test
    void theWarmUpStatementsParse() {
        for (String sql : StatementAnalyzer.WARM_UP) {
            StatementPlan plan = Analysis.analyze(sql, table -> null);
            assertFalse(plan.kind() == StatementKind.UNPARSEABLE, sql + ": " + plan.error());
        }
    }

    @Test
    void theWarmUpRunsOncePerJvmAndEnds() throws InterruptedException {
        Thread first = StatementAnalyzer.warmUpInBackground();
        if (first != null) {
            first.join(60_000);
            assertFalse(first.isAlive());
        }
        assertEquals(null, StatementAnalyzer.warmUpInBackground());
    }

    @Test
    void cacheHitReturnsTheSamePlanWithoutAnalysingAgain() {
        AtomicInteger lookups = new AtomicInteger();
        StatementAnalyzer analyzer = new StatementAnalyzer(name -> {
            lookups.incrementAndGet();
            return TestCatalog.TABLES.get(name);
        }, 10);
        String sql = "select * from users where user_id = ?";
        StatementPlan first = analyzer.analyze(sql);
        int afterFirst = lookups.get();
        assertSame(first, analyzer.analyze(sql));
        assertEquals(afterFirst, lookups.get());
    }

    @Test
    void cacheIsBoundedAndKeepsPlansInUse() {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 16);
        String hot = "select * from users where user_id = ?";
        StatementPlan hotPlan = analyzer.analyze(hot);
        for (int i = 0; i < 500; i++) {
            analyzer.analyze("select * from posts where user_id = " + i);
            assertSame(hotPlan, analyzer.analyze(hot), "a statement in use was evicted after " + i);
            assertTrue(analyzer.cachedPlanCount() <= 16, "cache grew to " + analyzer.cachedPlanCount());
        }
        assertEquals(16, analyzer.cachedPlanCount());
    }

    @Test
    void zeroCacheAnalysesEveryTime() {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 0);
        StatementPlan a = analyzer.analyze("select 1");
        StatementPlan b = analyzer.analyze("select 1");
        assertEquals(a.kind(), b.kind());
        assertFalse(a == b);
        assertEquals(0, analyzer.cachedPlanCount());
    }

    @Test
    void rejectsBadConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new StatementAnalyzer(null, 1));
        assertThrows(IllegalArgumentException.class, () -> new StatementAnalyzer(TestCatalog.CATALOG, -1));
    }

    @Test
    void functionsDeclaredAsWritingMakeASelectAWrite() {
        StatementAnalyzer analyzer = new StatementAnalyzer(new TableCatalog() {
            @Override
            public io.shardedjdbc.config.TableSpec find(String table) {
                return TestCatalog.CATALOG.find(table);
            }

            @Override
            public boolean writes(String function) {
                return function.equals("touch_user");
            }
        }, 10);
        assertTrue(analyzer.analyze("select name from users where user_id = ?").isRead());
        assertFalse(analyzer.analyze("select app.Touch_User(?) from users where user_id = ?").isRead());
        assertFalse(analyzer.analyze("select nextval('s')").isRead(), "built-in writing functions stay writes");
        assertTrue(new StatementAnalyzer(TestCatalog.CATALOG, 10)
                .analyze("select app.touch_user(?) from users where user_id = ?").isRead(), "not declared: a read");
    }

    @Test
    void neverThrowsForBadSql() {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 10);
        for (String sql : new String[] {null, "", "   ", "(((", "select 'unterminated", "select /* open comment",
                "insert into users (user_id) values (", "select * from users where user_id = ?)", ")", ";;",
                "select $$ open dollar", "explain", "explain (analyze", "update", "with x as", "\"", "?"}) {
            StatementPlan plan = analyzer.analyze(sql);
            assertNotNull(plan, String.valueOf(sql));
            assertNotNull(plan.kind(), String.valueOf(sql));
            if (plan.kind() == StatementKind.UNPARSEABLE) {
                assertNotNull(plan.error(), String.valueOf(sql));
            }
        }
        assertEquals(StatementKind.UNPARSEABLE, analyzer.analyze(null).kind());
    }

    @Test
    void parserMessageIsShort() {
        StatementPlan plan = new StatementAnalyzer(TestCatalog.CATALOG, 10).analyze("select from from where");
        assertEquals(StatementKind.UNPARSEABLE, plan.kind());
        assertTrue(plan.error().length() <= 303, plan.error());
        assertFalse(plan.error().contains("Was expecting"), plan.error());
    }

    @Test
    void plansAreImmutable() {
        StatementPlan plan = new StatementAnalyzer(TestCatalog.CATALOG, 10)
                .analyze("select * from users u join posts p on p.user_id = u.user_id where u.user_id = 1");
        assertThrows(UnsupportedOperationException.class, () -> plan.tables().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> plan.shardedTables().clear());
        assertThrows(UnsupportedOperationException.class, () -> plan.unknownTables().add("x"));
    }

    @Test
    void flagsUpdatesOfTheShardKey() {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 10);
        assertTrue(analyzer.analyze("update posts set title = ?, user_id = ? where id = ?").changesShardKey());
        assertFalse(analyzer.analyze("update posts set title = ? where user_id = ?").changesShardKey());
        // EXCLUDED's key is the key the INSERT was routed by, so the row it updates stays on its shard
        assertFalse(analyzer.analyze("insert into users (user_id) values (?) on conflict (name) do update "
                + "set user_id = excluded.user_id").changesShardKey());
        assertTrue(analyzer.analyze("insert into users (user_id) values (?) on conflict (name) do update "
                + "set user_id = 7").changesShardKey());
        assertTrue(analyzer.analyze("merge into users u using (select 1 as id) s on u.user_id = 1"
                + " when matched then update set user_id = 2").changesShardKey());
    }

    @Test
    void concurrentCallersGetConsistentPlans() throws Exception {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 32);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        int id = i % 64;
                        StatementPlan plan = analyzer.analyze("select * from users where user_id = " + id);
                        assertEquals(new KeyExpr.Literal((long) id), plan.shardedTables().get(0).key());
                        assertTrue(analyzer.cachedPlanCount() <= 32 + 4);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(analyzer.cachedPlanCount() <= 32);
    }
}
