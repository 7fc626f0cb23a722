package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cross-shard reads whose rows would not each come from one sharded row are refused, the rest are not. */
class ScatterSourcesTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer(Map.of(
            "users", new TableSpec("users", "user_id", "user", false, null),
            "countries", new TableSpec("countries", null, null, true, null),
            "currencies", new TableSpec("currencies", null, null, true, null))::get, 100);

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT c.code FROM countries c LEFT JOIN users u ON u.country = c.code",
            "SELECT c.code, count(u.user_id) FROM countries c LEFT OUTER JOIN users u ON u.country = c.code GROUP BY c.code",
            "SELECT c.code FROM countries c WHERE c.code IN (SELECT country FROM users)",
            "SELECT c.code FROM countries c WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.country = c.code)",
            "SELECT c.code, (SELECT count(*) FROM users u WHERE u.country = c.code) FROM countries c",
            "SELECT * FROM countries c FULL JOIN users u ON u.country = c.code",
            "SELECT * FROM users u FULL OUTER JOIN countries c ON u.country = c.code",
            "SELECT * FROM users u RIGHT JOIN countries c ON u.country = c.code",
            "SELECT * FROM users u JOIN currencies k ON k.code = u.currency RIGHT JOIN countries c ON u.country = c.code",
            "SELECT (SELECT max(user_id) FROM users)",
            "SELECT * FROM countries WHERE code = (SELECT max(country) FROM users)",
            "SELECT * FROM (SELECT * FROM users) x",
            "SELECT * FROM countries c JOIN (users u JOIN currencies k ON k.code = u.currency) ON u.country = c.code",
    })
    void readsWhoseRowsDoNotEachComeFromOneShardedRowAreRefused(String sql) {
        String refusal = analyzer.analyze(sql).scatter().refusal();
        assertNotNull(refusal, sql);
        assertTrue(refusal.contains("JOIN") || refusal.contains("subquery"), refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT u.name FROM users u JOIN countries c ON u.country = c.code",
            "SELECT u.name, c.name FROM countries c JOIN users u ON u.country = c.code",
            "SELECT u.name FROM users u LEFT JOIN countries c ON u.country = c.code",
            "SELECT u.name FROM countries c RIGHT JOIN users u ON u.country = c.code",
            "SELECT * FROM countries c CROSS JOIN users u",
            "SELECT * FROM countries c, users u WHERE u.country = c.code",
            "SELECT * FROM users u WHERE u.country IN (SELECT code FROM countries)",
            "SELECT u.name, (SELECT c.name FROM countries c WHERE c.code = u.country) FROM users u",
            "SELECT * FROM public.users",
    })
    void readsWhoseRowsEachComeFromOneShardedRowAreMerged(String sql) {
        assertNull(analyzer.analyze(sql).scatter().refusal(), sql);
    }
}
