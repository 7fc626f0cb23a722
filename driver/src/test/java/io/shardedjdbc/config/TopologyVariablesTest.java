package io.shardedjdbc.config;

import io.shardedjdbc.placement.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ${NAME}} references in the values of a topology file, loaded from a real file. */
class TopologyVariablesTest {
    /** Characters that would change a YAML document if the value were pasted into the file's text. */
    private static final String YAML_SPECIAL = "p: #a'b\"c{d}[e],&*!|>%@`x\\y ${HOST} - ? ~";

    /** Fails the test if any variable is looked up. */
    private static final Variables NONE = name -> {
        throw new AssertionError("looked up " + name);
    };

    /** Every variable unset. */
    private static final Variables UNSET = name -> null;

    @TempDir
    Path dir;

    private TopologyFiles files;

    @BeforeEach
    void setUp() {
        files = new TopologyFiles(dir);
    }

    @Test
    void everyScalarValueIsSubstituted() throws Exception {
        Variables variables = Map.of(
                "PORT", "6432",
                "REPLICA_HOST", "10.0.0.2",
                "DB_USER", "app",
                "DB_PASSWORD", "s3cret",
                "OVERRIDE_SHARD", "s1",
                "CONSISTENCY", "eventual")::get;
        Topology t = files.load("""
                shards:
                  - name: ${SHARD0:-s0}
                    primary: jdbc:postgresql://${HOST:-localhost}:${PORT}/app
                    replicas:
                      - jdbc:postgresql://${REPLICA_HOST}:5432/app
                      - { url: "jdbc:postgresql://${REPLICA_HOST}:5433/app", weight: "${WEIGHT:-2}" }
                    user: ${DB_USER}
                    password: ${DB_PASSWORD}
                  - name: s1
                    primary: jdbc:postgresql://10.0.1.1:5432/app
                keyspaces:
                  user: { type: "${KEY_TYPE:-text}", overrides: { alice: "${OVERRIDE_SHARD}" } }
                tables:
                  users: { key: "${KEY_COLUMN:-user_id}", keyspace: user }
                  countries: { broadcast: "${BROADCAST:-true}" }
                defaultShard: ${DEFAULT_SHARD:-s1}
                consistency: ${CONSISTENCY}
                """, variables);

        ShardSpec s0 = t.shards().get(0);
        assertEquals("s0", s0.name());
        assertEquals("jdbc:postgresql://localhost:6432/app", s0.primary());
        assertEquals(List.of("jdbc:postgresql://10.0.0.2:5432/app", "jdbc:postgresql://10.0.0.2:5433/app"),
                s0.replicas());
        assertEquals(List.of(1, 2), s0.replicaWeights());
        assertEquals("app", s0.user());
        assertEquals("s3cret", s0.password());
        assertEquals(new KeyspaceSpec("user", KeyType.TEXT, Map.of("alice", "s1")),
                t.keyspaces().get("user"));
        assertEquals(new TableSpec("users", "user_id", "user", false, null), t.tables().get("users"));
        assertEquals(new TableSpec("countries", null, null, true, null), t.tables().get("countries"));
        assertEquals("s1", t.defaultShard());
        assertEquals("eventual", t.settings().get(Setting.CONSISTENCY));
    }

    @Test
    void numbersFromVariablesAreReadAsTheKeyExpects() throws Exception {
        String yaml = TopologyFiles.TWO_SHARDS + """
                pool:
                  maximumPoolSize: ${POOL:-8}
                  connectionTimeout: ${TIMEOUT}
                placement:
                  virtualNodes: ${VNODES:-16}
                planCacheSize: ${PLAN_CACHE:-100}
                """;
        Topology t = files.load(yaml, Map.of("TIMEOUT", "2500")::get);
        assertEquals(Map.of("maximumPoolSize", "8", "connectionTimeout", "2500"), t.pool(),
                "pool values are text, as when written in the file");
        assertEquals(16, t.virtualNodes());
        assertEquals(100, t.settings().getInt(Setting.PLAN_CACHE_SIZE));

        files.assertRefused(yaml, Map.of("TIMEOUT", "2500", "POOL", "many")::get, 7, "pool.maximumPoolSize",
                "expected an integer, got 'many'");
        files.assertRefused(yaml, Map.of("TIMEOUT", "2500", "VNODES", "1e3")::get, 10, "placement.virtualNodes",
                "expected a whole number");
    }

    @Test
    void passwordWithYamlSpecialCharactersRoundTrips() throws Exception {
        Topology t = files.load("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    user: ${DB_USER}
                    password: ${DB_PASSWORD}
                password: "${DB_PASSWORD}"
                user: '${DB_USER}'
                """, Map.of("DB_PASSWORD", YAML_SPECIAL, "DB_USER", "app #1: 'x'", "HOST", "not expanded")::get);
        assertEquals(YAML_SPECIAL, t.shards().get(0).password(), "a variable's value is neither YAML nor expanded");
        assertEquals("app #1: 'x'", t.shards().get(0).user());
        assertEquals(YAML_SPECIAL, t.settings().get(Setting.PASSWORD), "quoted references are substituted too");
        assertEquals("app #1: 'x'", t.settings().get(Setting.USER));
    }

    @Test
    void emptyResultLeavesAnOptionalValueUnset() throws Exception {
        Topology t = files.load("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    password: ${DB_PASSWORD:-}
                placement:
                  virtualNodes: ${VNODES:-}
                defaultShard: "${DEFAULT_SHARD:-}"
                """, Map.of("VNODES", "")::get);
        assertNull(t.shards().get(0).password());
        assertEquals(TopologyFileParser.DEFAULT_VIRTUAL_NODES, t.virtualNodes());
        assertNull(t.defaultShard());

        files.assertRefused("""
                shards:
                  - name: s0
                    primary: ${PRIMARY:-}
                """, UNSET, 2, "shards[0].primary", "shard 's0' has no primary");
    }

    @Test
    void keysAreNotSubstituted() {
        files.assertRefused(TopologyFiles.TWO_SHARDS + "pool:\n  ${PROPERTY}: 8\n", NONE, 7, "pool.${PROPERTY}",
                "unknown HikariCP property '${PROPERTY}'");
    }

    @Test
    void escapeWritesALiteralReferenceOnceEvenThroughAnAlias() throws Exception {
        Topology t = files.load("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    user: &literal $${DB_USER}
                    password: *literal
                """, NONE);
        assertEquals("${DB_USER}", t.shards().get(0).user());
        assertEquals("${DB_USER}", t.shards().get(0).password());
    }

    @Test
    void unsetVariableIsRefusedWithItsPlaceAndNoValue() {
        Variables variables = Map.of("DB_USER", "user-value", "HOST", "host-value")::get;
        String message = files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://${HOST}:5432/app
                    user: ${DB_USER}
                    password: ${DB_PASSWORD}
                """, variables, 5, "shards[0].password", "variable DB_PASSWORD is not set");
        assertFalse(message.contains("user-value") || message.contains("host-value"), message);
    }

    @Test
    void malformedReferenceIsRefusedWithItsPlace() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://${HOST/app
                """, NONE, 3, "shards[0].primary", "the reference at character 19 is not closed");
        files.assertRefused(TopologyFiles.TWO_SHARDS + "defaultShard: ${}\n", NONE, 6, "defaultShard",
                "empty reference ${}");
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    replicas:
                      - jdbc:postgresql://10.0.0.2:5432/app
                      - jdbc:postgresql://${REPLICA-HOST}:5432/app
                """, NONE, 6, "shards[0].replicas[1]", "'${REPLICA-' is not a valid reference");
    }

    @Test
    void fileLoadedThroughThePublicEntryPointReadsSystemProperties() throws Exception {
        String name = "shardedjdbc.test.password";
        System.setProperty(name, YAML_SPECIAL);
        try {
            Path file = files.write(TopologyFiles.TWO_SHARDS + "password: ${" + name + "}\n");
            Topology t = TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:" + file), null);
            assertEquals(YAML_SPECIAL, t.settings().get(Setting.PASSWORD));
            assertFalse(t.settings().toString().contains(YAML_SPECIAL), "settings in logs hide the password");
        } finally {
            System.clearProperty(name);
        }
        SQLException unset = files.failure(TopologyFiles.TWO_SHARDS + "password: ${" + name + "}\n");
        assertEquals("SJ001", unset.getSQLState());
        assertTrue(unset.getMessage().contains("variable " + name + " is not set"), unset.getMessage());
    }
}
