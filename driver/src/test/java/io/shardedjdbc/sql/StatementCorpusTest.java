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
