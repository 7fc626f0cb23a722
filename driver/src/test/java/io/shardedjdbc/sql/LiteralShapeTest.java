package io.shardedjdbc.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiteralShapeTest {

    private static void assertShape(String sql, String shape, Object... values) {
        LiteralShape s = LiteralShape.of(sql);
        assertNotNull(s, sql);
        assertEquals(shape, s.text());
        assertArrayEquals(values, s.slotValues(), sql);
    }

    @Test
    void valueLiteralsBecomeSlots() {
        assertShape("SELECT * FROM users WHERE user_id = 42", "SELECT * FROM users WHERE user_id = ?", 42L);
        assertShape("UPDATE users SET name = 'O''Brien' WHERE user_id = 7",
                "UPDATE users SET name = ? WHERE user_id = ?", "O'Brien", 7L);
        assertShape("INSERT INTO users (user_id, name) VALUES (5,'x')",
                "INSERT INTO users (user_id, name) VALUES (?,?)", 5L, "x");
        assertShape("SELECT * FROM posts WHERE user_id >= 3 AND title <> 'a' AND n<4",
                "SELECT * FROM posts WHERE user_id >= ? AND title <> ? AND n<?", 3L, "a", 4L);
        assertShape("/* sharded: shard=s1 */ DELETE FROM users WHERE user_id IN (1, 2)",
                "/* sharded: shard=s1 */ DELETE FROM users WHERE user_id IN (?)", java.util.List.of(1L, 2L));
        assertShape("SELECT * FROM users WHERE user_id = '9223372036854775807'",
                "SELECT * FROM users WHERE user_id = ?", "9223372036854775807");
    }

    @Test
    void literalsThatChangeWhatTheStatementIsStayInTheShape() {
        for (String sql : new String[] {
                "SELECT * FROM users ORDER BY 2 LIMIT 5 OFFSET 10",
                "SELECT * FROM posts WHERE created = DATE '2026-01-01'",
                "SELECT * FROM posts WHERE created > now() - INTERVAL '1 day'",
                "SELECT * FROM users WHERE name = E'a\\nb'",
                "SELECT * FROM users WHERE name = 'a\\b'",
                "SELECT * FROM users WHERE score = 1.5",
                "SELECT * FROM users WHERE score = 1e5",
                "SELECT * FROM users WHERE user_id = 99999999999999999999",
                "SELECT * FROM users WHERE name = $$x$$",
                "SELECT * FROM users WHERE user_id BETWEEN 1 AND 5",
                "SELECT * FROM users WHERE score = rank - 5",
                "SELECT * FROM users WHERE user_id = -/* sharded: shard=s3 */1",
                "SELECT * FROM users WHERE user_id = - -- sharded: shard=s3\n 1",
                "SELECT * FROM users WHERE user_id = 1\u0663",
                "SELECT * FROM users WHERE name = 'abc''",
                "SELECT * FROM users WHERE name = 'abc",
                "SELECT 1"}) {
            assertNull(LiteralShape.of(sql), sql);
        }
    }

    @Test
    void inListsOfAnyLengthAreOneSlot() {
        assertShape("SELECT * FROM users WHERE user_id IN (1, -2, 3) AND name IN ('a')",
                "SELECT * FROM users WHERE user_id IN (?) AND name IN (?)", java.util.List.of(1L, -2L, 3L),
                java.util.List.of("a"));
        assertShape("SELECT * FROM users WHERE user_id IN (1, n) AND x = 2",
                "SELECT * FROM users WHERE user_id IN (?, n) AND x = ?", 1L, 2L);
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);
        analyzer.analyzePlain("SELECT name FROM users WHERE user_id IN (1, 2, 3)");
        for (String list : new String[] {"7", "7, 8", "9, 10, 11, 12"}) {
            StatementPlan p = analyzer.analyzePlain("SELECT name FROM users WHERE user_id IN (" + list + ")");
            assertNotNull(p.literals(), list + " shares the shape of a three-item list");
            assertEquals(list.split(", ").length, ((Object[]) p.literals().slotValue(1)).length);
        }
    }

    @Test
    void aMinusSignInAValuePositionIsPartOfTheSlot() {
        assertShape("SELECT * FROM users WHERE user_id = -5 AND f(-6, 1) > - 7",
                "SELECT * FROM users WHERE user_id = ? AND f(?, ?) > ?", -5L, -6L, 1L, -7L);
    }

    @Test
    void aPreparedTextKeepsItsParametersBesideTheSlots() {
        LiteralShape s = LiteralShape.of("SELECT * FROM users WHERE user_id = ? AND name = 'x' AND n > ?");
        assertNotNull(s);
        assertEquals("SELECT * FROM users WHERE user_id = ? AND name = ? AND n > ?", s.text());
        assertEquals(2, s.textParameterCount());
        assertEquals(1, s.textParameter(1));
        assertEquals(0, s.textParameter(2));
        assertEquals("x", s.slotValue(2));
        assertEquals(2, s.textParameter(3));
        assertNull(LiteralShape.of("SELECT * FROM users WHERE user_id = ?"), "no slot, no shape");
        assertNull(LiteralShape.of("SELECT * FROM users WHERE tags ?? 'x' AND user_id = 1"), "?? is rewritten by pgjdbc");
    }

    @Test
    void preparedTextsOfOneShapeShareItAndKeepTheirParameterKeys() {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);
        analyzer.analyzePlain("SELECT name FROM users WHERE user_id = ? AND hits > -1");
        StatementPlan p = analyzer.analyzePlain("SELECT name FROM users WHERE user_id = ? AND hits > -2");
        assertNotNull(p.literals(), "shared");
        assertEquals("?1", TestCatalog.format(p.shardedTables().get(0).key()));
        assertEquals(1, p.literals().textParameter(1), "the key is the text's own parameter 1");
        assertEquals(-2L, p.literals().slotValue(2));
    }

    @Test
    void textsOfOneShapeShareOneAnalysisAndKeepTheirOwnText() {
        AtomicInteger lookups = new AtomicInteger();
        StatementAnalyzer analyzer = new StatementAnalyzer(name -> {
            lookups.incrementAndGet();
            return TestCatalog.TABLES.get(name);
        }, 100);
        StatementPlan first = analyzer.analyzePlain("SELECT name FROM users WHERE user_id = 1");
        assertNull(first.literals(), "the first text of a shape gets its own analysis");
        int afterFirst = lookups.get();
        int cachedAfterFirst = analyzer.cachedPlanCount();
        for (long key = 2; key < 200; key++) {
            String sql = "SELECT name FROM users WHERE user_id = " + key;
            StatementPlan p = analyzer.analyzePlain(sql);
            assertEquals(sql, p.sql(), "the text itself runs");
            assertArrayEquals(new Object[] {key}, p.literals().slotValues());
            assertEquals("?1", TestCatalog.format(p.shardedTables().get(0).key()));
        }
        assertEquals(afterFirst, lookups.get(), "no text after the first was parsed");
        assertEquals(cachedAfterFirst, analyzer.cachedPlanCount(), "one-off texts stay out of the text cache");
    }

    @Test
    void insertsAndUpdatesShareTheirShapeToo() {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);
        analyzer.analyzePlain("INSERT INTO posts (user_id, title) VALUES (1, 'a')");
        StatementPlan insert = analyzer.analyzePlain("INSERT INTO posts (user_id, title) VALUES (2, 'b')");
        assertArrayEquals(new Object[] {2L, "b"}, insert.literals().slotValues());
        assertEquals("?1", TestCatalog.format(insert.insertRows().keyOf(0)));
        analyzer.analyzePlain("UPDATE posts SET title = 'x' WHERE user_id = 1");
        StatementPlan update = analyzer.analyzePlain("UPDATE posts SET title = 'y' WHERE user_id = 3");
        assertArrayEquals(new Object[] {"y", 3L}, update.literals().slotValues());
    }

    @Test
    void shapesWhosePlanDependsOnMoreThanKeysAreNotShared() {
        for (String[] pair : new String[][] {
                {"SELECT set_config('a.b', 'x', false) FROM users WHERE user_id = 1",
                        "SELECT set_config('a.b', 'y', false) FROM users WHERE user_id = 2"},
                {"UPDATE users SET user_id = 5 WHERE user_id = 3", "UPDATE users SET user_id = 6 WHERE user_id = 4"},
                {"SET application_name = 'a'", "SET application_name = 'b'"},
                {"SELECT * FROM users WHERE user_id = (1", "SELECT * FROM users WHERE user_id = (2"}}) {
            StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);
            analyzer.analyzePlain(pair[0]);
            StatementPlan second = analyzer.analyzePlain(pair[1]);
            assertNull(second.literals(), pair[1]);
            assertEquals(pair[1], second.sql());
        }
    }

    @Test
    void withoutAPlanCacheEveryTextIsAnalysedAsItself() {
        StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 0);
        analyzer.analyzePlain("SELECT name FROM users WHERE user_id = 1");
        assertNull(analyzer.analyzePlain("SELECT name FROM users WHERE user_id = 2").literals());
    }
}
