package io.shardedjdbc.sql;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/** Runs every case of {@code sql/corpus.txt} through the analyzer. */
class StatementCorpusTest {

    private record Case(int line, String sql, Map<String, String> expected) {
    }

    private static final StatementAnalyzer ANALYZER = new StatementAnalyzer(TestCatalog.CATALOG, 1000);

    @Test
    void corpusIsLargeAndCoversEveryKind() throws IOException {
        List<Case> cases = load();
        assertTrue(cases.size() >= 150, "corpus has " + cases.size() + " cases");
        for (StatementKind kind : StatementKind.values()) {
            assertTrue(cases.stream().anyMatch(c -> c.expected.get("kind").equals(kind.name())), "no case of " + kind);
        }
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        return load().stream().map(c -> DynamicTest.dynamicTest("line " + c.line + ": " + c.sql, () -> check(c)));
    }

    /**
     * Every corpus text whose literal shape is shared is placed as its own analysis places it: another text of the
     * same shape (other values) is analysed first, then the text gets the shape's plan, whose keys read from the
     * text's slots must be the keys of the text's own plan.
     */
    @TestFactory
    Stream<DynamicTest> sharedShapesPlaceEveryTextAsItsOwnAnalysis() throws IOException {
        return load().stream().filter(c -> LiteralShape.of(c.sql) != null).map(c -> DynamicTest.dynamicTest(
                "line " + c.line + ": " + c.sql, () -> {
                    StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);
                    analyzer.analyzePlain(otherValues(c.sql));
                    StatementPlan shared = analyzer.analyzePlain(c.sql);
                    if (shared.literals() == null) {
                        return; // not shared: analysed as itself
                    }
                    StatementPlan own = Analysis.analyze(c.sql, TestCatalog.CATALOG);
                    assertEquals(keys(own, null), keys(shared, shared.literals()), c.sql);
                    assertEquals(own.kind(), shared.kind());
                    assertEquals(own.isRead(), shared.isRead());
                    assertEquals(own.tables(), shared.tables());
                }));
    }

    @Test
    void manyCorpusTextsShareTheirShape() throws IOException {
        long shared = 0;
        long shaped = 0;
        for (Case c : load()) {
            if (LiteralShape.of(c.sql) == null) {
                continue;
            }
            shaped++;
            StatementAnalyzer analyzer = new StatementAnalyzer(TestCatalog.CATALOG, 100);
            analyzer.analyzePlain(otherValues(c.sql));
            shared += analyzer.analyzePlain(c.sql).literals() != null ? 1 : 0;
        }
        System.out.println("corpus: " + shaped + " texts with literal slots, " + shared + " share their shape's plan");
        assertTrue(shared >= 20, shared + " of " + shaped + " texts share their shape's plan");
    }

    /** The text with each slot literal changed: numbers plus 1000, strings with a character more. */
    private static String otherValues(String sql) {
        LexedSql lexed = SqlLexer.lex(sql);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i < lexed.tokens().size(); i++) {
            Token t = lexed.tokens().get(i);
            if (LiteralShape.slotStart(sql, lexed.tokens(), i) != 0) {
                out.append(sql, copied, t.start());
                String text = t.text(sql);
                out.append(t.type() == Token.Type.NUMBER ? Long.toString(Long.parseLong(text) / 2 + 1000)
                        : text.substring(0, text.length() - 1) + "z'");
                copied = t.end();
            }
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The plan's keys with slot parameters read from the slots, as routing reads them. */
    private static String keys(StatementPlan plan, LiteralShape slots) {
        StringBuilder out = new StringBuilder();
        for (TableKey t : plan.shardedTables()) {
            out.append(t.table().name()).append('=').append(resolve(t.key(), slots)).append(' ');
        }
        if (plan.insertRows() != null) {
            for (int row = 0; row < plan.insertRows().rowCount(); row++) {
                out.append("row").append(row).append('=').append(resolve(plan.insertRows().keyOf(row), slots))
                        .append(' ');
            }
        }
        return out.toString();
    }

    private static String resolve(KeyExpr key, LiteralShape slots) {
        if (slots != null && key instanceof KeyExpr.Param p) {
            int own = slots.textParameter(p.index());
            if (own != 0) {
                return "?" + own;
            }
            Object v = slots.slotValue(p.index());
            if (v instanceof Object[] list) {
                // an IN list slot: what the text's own analysis makes of the list (one item: that item)
                List<KeyExpr> items = new ArrayList<>();
                for (Object item : list) {
                    items.add(new KeyExpr.Literal(item));
                }
                return TestCatalog.format(items.size() == 1 ? items.get(0) : new KeyExpr.InList(items));
            }
            return TestCatalog.format(new KeyExpr.Literal(v));
        }
        if (slots != null && key instanceof KeyExpr.AnyArray a) {
            return "any?" + slots.textParameter(a.index());
        }
        if (slots != null && key instanceof KeyExpr.InList in) {
            return in.items().stream().map(k -> resolve(k, slots)).collect(Collectors.joining(",", "[", "]"));
        }
        return TestCatalog.format(key);
    }

    private static void check(Case c) {
        StatementPlan plan = ANALYZER.analyze(c.sql);
        Map<String, String> e = c.expected;
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(e.get("kind"), plan.kind().name(), msg(plan)));
        checks.add(() -> assertEquals(Boolean.parseBoolean(e.get("read")), plan.isRead(), msg(plan)));
        checks.add(() -> assertEquals(e.get("tables"), String.join(", ", plan.tables()), msg(plan)));
        checks.add(() -> assertEquals(e.get("keys"), plan.shardedTables().stream()
                .map(t -> t.table().name() + "=" + TestCatalog.format(t.key())).collect(Collectors.joining(" ")),
                msg(plan)));
        if (e.containsKey("params")) {
            checks.add(() -> assertEquals(Integer.parseInt(e.get("params")), plan.parameterCount(), msg(plan)));
        }
        String unknown = e.getOrDefault("unknown", "");
        checks.add(() -> assertEquals(unknown, String.join(", ", plan.unknownTables()), msg(plan)));
        if (e.containsKey("broadcast")) {
            checks.add(() -> assertEquals(Boolean.parseBoolean(e.get("broadcast")), plan.touchesBroadcast(), msg(plan)));
        }
        if (e.containsKey("rows")) {
            checks.add(() -> {
                if (e.get("rows").equals("none")) {
                    assertNull(plan.insertRows(), msg(plan));
                } else {
                    assertNotNull(plan.insertRows(), msg(plan));
                    List<String> keys = new ArrayList<>();
                    for (int r = 0; r < plan.insertRows().rowCount(); r++) {
                        keys.add(TestCatalog.format(plan.insertRows().keyOf(r)));
                    }
                    assertEquals(e.get("rows"), String.join(" ", keys), msg(plan));
                }
            });
        } else if (plan.kind() != StatementKind.INSERT) {
            checks.add(() -> assertNull(plan.insertRows(), msg(plan)));
        }
        checks.add(() -> assertEquals(e.getOrDefault("hint", ""), formatHint(plan.hint()), msg(plan)));
        checks.add(() -> assertNull(plan.hintError(), msg(plan)));
        checks.add(() -> assertEquals(plan.kind() == StatementKind.UNPARSEABLE, plan.error() != null, msg(plan)));
        assertAll(checks);
    }

    private static Supplier<String> msg(StatementPlan plan) {
        return plan::toString;
    }

    private static String formatHint(SqlHint hint) {
        if (hint == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (hint.shard() != null) {
            parts.add("shard=" + hint.shard());
        }
        if (hint.keyspace() != null) {
            parts.add("keyspace=" + hint.keyspace());
        }
        if (hint.key() != null) {
            parts.add("key=" + hint.key());
        }
        if (hint.primary()) {
            parts.add("primary");
        }
        return String.join(" ", parts);
    }

    private static List<Case> load() throws IOException {
        String text;
        try (InputStream in = StatementCorpusTest.class.getResourceAsStream("/sql/corpus.txt")) {
            assertNotNull(in, "sql/corpus.txt is missing from the test resources");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String sql = null;
        int sqlLine = 0;
        Map<String, String> expected = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : "";
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (sql != null) {
                    for (String required : List.of("kind", "read", "tables", "keys")) {
                        assertTrue(expected.containsKey(required), "case at line " + sqlLine + " lacks " + required);
                    }
                    cases.add(new Case(sqlLine, sql, expected));
                }
                sql = null;
                expected = new LinkedHashMap<>();
                continue;
            }
            if (line.startsWith("| ")) {
                assertNotNull(sql, "continuation without sql at line " + (i + 1));
                sql = sql + "\n" + line.substring(2);
                continue;
            }
            int colon = line.indexOf(':');
            assertTrue(colon > 0, "line " + (i + 1) + " is not name: value");
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equals("sql")) {
                sql = value;
                sqlLine = i + 1;
            } else {
                expected.put(name, value);
            }
        }
        return cases;
    }
}
