package io.shardedjdbc.config;

import io.shardedjdbc.placement.Algorithm;
import io.shardedjdbc.placement.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyLoaderTest {
    @TempDir
    Path dir;

    private Topology loadResource(String resource, String query, Properties info) throws SQLException {
        return TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:classpath:" + resource + query), info);
    }

    @Test
    void loadsTheDesignExampleVerbatim() throws SQLException {
        Topology t = loadResource("config/design-example.yaml", "", new Properties());

        assertEquals("classpath:config/design-example.yaml", t.source());
        assertEquals(2, t.shards().size());
        ShardSpec s0 = t.shards().get(0);
        assertEquals("s0", s0.name());
        assertEquals("jdbc:postgresql://10.0.0.1:5432/app", s0.primary());
        assertEquals(List.of("jdbc:postgresql://10.0.0.2:5432/app"), s0.replicas());
        assertNull(s0.user());
        assertNull(s0.rangeFrom());
        ShardSpec s1 = t.shards().get(1);
        assertEquals("s1", s1.name());
        assertEquals(List.of(), s1.replicas());
        assertEquals(1, t.shardIndex("s1"));

        assertEquals("s0", t.defaultShard());
        assertEquals(Algorithm.RING, t.algorithm());
        assertEquals(4096, t.virtualNodes());

        assertEquals(Map.of("user", new KeyspaceSpec("user", KeyType.BIGINT, Map.of()),
                "post", new KeyspaceSpec("post", KeyType.BIGINT, Map.of("7", "s1"))), t.keyspaces());

        assertEquals(6, t.tables().size());
        assertEquals(new TableSpec("users", "user_id", "user", false, null), t.tables().get("users"));
        assertEquals(new TableSpec("follows", "follower_id", "user", false, null), t.tables().get("follows"));
        assertEquals(new TableSpec("comments", "post_id", "post", false, null), t.tables().get("comments"));
        assertEquals(new TableSpec("countries", null, null, true, null), t.tables().get("countries"));

        assertEquals(Map.of("maximumPoolSize", "8"), t.pool());
        assertEquals("read-your-writes", t.settings().get(Setting.CONSISTENCY));
        assertEquals(ScatterPolicy.DENY, t.settings().scatter());
        assertEquals(2048, t.settings().getInt(Setting.PLAN_CACHE_SIZE));
    }

    @Test
    void loadsRangePlacementAndFoldsNamesToLowerCase() throws SQLException {
        Topology t = loadResource("/config/range.yaml", "", null);

        assertEquals(Algorithm.RANGE, t.algorithm());
        assertNull(t.shard("low").rangeFrom());
        assertEquals(1000L, t.shard("low").rangeTo());
        assertEquals(1000L, t.shard("mid").rangeFrom());
        assertEquals(2000L, t.shard("mid").rangeTo());
        assertEquals(5000L, t.shard("high").rangeFrom());
        assertNull(t.shard("high").rangeTo());
        assertEquals("high_owner", t.shard("high").user());
        assertEquals("high_secret", t.shard("high").password());

        assertEquals(new TableSpec("orders", "customer_id", "default", false, null), t.tables().get("orders"));
        assertEquals(new TableSpec("items", "order_id", "default", false, ScatterPolicy.WARN),
                t.tables().get("items"));
        // a table with key and no keyspace creates the default keyspace, bigint
        assertEquals(new KeyspaceSpec("default", KeyType.BIGINT, Map.of()), t.keyspaces().get("default"));
        assertNull(t.defaultShard());
    }

    @Test
    void minimalFileUsesDefaults() throws Exception {
        Topology t = new TopologyFiles(dir).load(TopologyFiles.TWO_SHARDS);
        assertEquals(Algorithm.RING, t.algorithm());
        assertEquals(4096, t.virtualNodes());
        assertTrue(t.tables().isEmpty());
        assertTrue(t.keyspaces().isEmpty());
        assertTrue(t.pool().isEmpty());
        assertNull(t.defaultShard());
        assertEquals("deny", t.settings().get(Setting.SCATTER));
        assertEquals(dir.resolve(TopologyFiles.FILE_NAME).toString(), t.source());
    }

    @Test
    void explicitDefaultKeyspaceKeepsItsType() throws Exception {
        Topology t = new TopologyFiles(dir).load(TopologyFiles.TWO_SHARDS + """
                keyspaces:
                  default: { type: text, overrides: { alice: s1 } }
                  tenant: { type: uuid, overrides: { "0A1B2C3D-0000-4000-8000-00000000000F": s0 } }
                  account:
                tables:
                  docs: { key: owner }
                """);
        assertEquals(KeyType.TEXT, t.keyspaces().get("default").type());
        assertEquals(Map.of("alice", "s1"), t.keyspaces().get("default").overrides());
        // uuid override keys are kept in canonical lower-case form
        assertEquals(Map.of("0a1b2c3d-0000-4000-8000-00000000000f", "s0"), t.keyspaces().get("tenant").overrides());
        assertEquals(KeyType.BIGINT, t.keyspaces().get("account").type());
        assertEquals("default", t.tables().get("docs").keyspace());
    }

    @Test
    void bigintOverrideKeysAreCanonical() throws Exception {
        Topology t = new TopologyFiles(dir).load(TopologyFiles.TWO_SHARDS + """
                keyspaces:
                  user: { overrides: { 007: s1, -3: s0 } }
                """);
        assertEquals(Map.of("7", "s1", "-3", "s0"), t.keyspaces().get("user").overrides());
    }

    @Test
    void settingsMergeFileThenUrlThenProperties() throws Exception {
        String yaml = TopologyFiles.TWO_SHARDS + """
                defaultShard: s0
                consistency: eventual
                scatter: warn
                planCacheSize: 10
                user: file_user
                password: file_password
                pool: { maximumPoolSize: 8, minimumIdle: 1 }
                """;
        Properties info = new Properties();
        info.setProperty("scatter", "allow");
        info.setProperty("user", "info_user");
        info.setProperty("password", "");
        info.setProperty("pool.minimumIdle", "3");
        info.setProperty("ApplicationName", "not ours: ignored");

        Topology t = new TopologyFiles(dir).load(yaml,
                "?consistency=causal&scatter=deny&defaultShard=s1&pool.maximumPoolSize=4&user=url_user", info);

        assertEquals("causal", t.settings().get(Setting.CONSISTENCY), "URL beats file");
        assertEquals(ScatterPolicy.ALLOW, t.settings().scatter(), "properties beat URL");
        assertEquals(10, t.settings().getInt(Setting.PLAN_CACHE_SIZE), "file beats default");
        assertEquals("s1", t.defaultShard());
        assertEquals("info_user", t.settings().get(Setting.USER));
        assertEquals("file_password", t.settings().get(Setting.PASSWORD), "an empty password property is no password");
        assertEquals(Map.of("maximumPoolSize", "4", "minimumIdle", "3"), t.pool());
    }

    @Test
    void urlCredentialsApplyWhenPropertiesHaveNone() throws Exception {
        Topology t = new TopologyFiles(dir).load(TopologyFiles.TWO_SHARDS, "?user=app&password=p%26ss", null);
        assertEquals("app", t.settings().get(Setting.USER));
        assertEquals("p&ss", t.settings().get(Setting.PASSWORD));
    }

    @Test
    void overridesOutsideTheFileAreValidated() throws Exception {
        TopologyFiles files = new TopologyFiles(dir);
        SQLException url = assertThrows(SQLException.class,
                () -> files.load(TopologyFiles.TWO_SHARDS, "?defaultShard=s9", null));
        assertEquals("SJ001", url.getSQLState());
        assertTrue(url.getMessage().contains("URL parameter defaultShard: unknown shard 's9'"), url.getMessage());
        assertTrue(url.getMessage().contains("(declared: s0, s1)"), url.getMessage());

        Properties info = new Properties();
        info.setProperty("consistency", "strongest");
        SQLException prop = assertThrows(SQLException.class, () -> files.load(TopologyFiles.TWO_SHARDS, "", info));
        assertEquals("SJ001", prop.getSQLState());
        assertTrue(prop.getMessage().startsWith("connection property consistency: 'strongest' is not one of"),
                prop.getMessage());

        Properties pool = new Properties();
        pool.setProperty("pool.maximumPoolSize", "many");
        SQLException poolError = assertThrows(SQLException.class,
                () -> files.load(TopologyFiles.TWO_SHARDS, "", pool));
        assertTrue(poolError.getMessage().contains("connection property pool.maximumPoolSize: expected an integer"),
                poolError.getMessage());
    }

    @Test
    void virtualNodesOutOfRangeAreClampedNotRefused() throws Exception {
        TopologyFiles files = new TopologyFiles(dir);
        assertEquals(65536, files.load(TopologyFiles.TWO_SHARDS + "placement: { virtualNodes: 100000 }\n")
                .virtualNodes());
        assertEquals(1, files.load(TopologyFiles.TWO_SHARDS + "placement: { virtualNodes: 0 }\n").virtualNodes());
        assertEquals(16, files.load(TopologyFiles.TWO_SHARDS + "placement: { virtualNodes: 16 }\n").virtualNodes());
    }

    @Test
    void nullValuesMeanAbsent() throws Exception {
        Topology t = new TopologyFiles(dir).load("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    replicas:
                    user: ~
                placement:
                keyspaces:
                tables:
                pool:
                scatter:
                """);
        assertEquals(List.of(), t.shards().get(0).replicas());
        assertNull(t.shards().get(0).user());
        assertEquals("deny", t.settings().get(Setting.SCATTER));
    }

    @Test
    void broadcastFalseWithKeyIsSharded() throws Exception {
        Topology t = new TopologyFiles(dir).load(TopologyFiles.TWO_SHARDS + """
                tables:
                  t: { key: id, broadcast: false }
                """);
        assertFalse(t.tables().get("t").broadcast());
        assertTrue(t.tables().get("t").sharded());
    }

    @Test
    void poolAcceptsDataSourceProperties() throws Exception {
        Topology t = new TopologyFiles(dir).load(TopologyFiles.TWO_SHARDS + """
                pool:
                  dataSource.sslmode: disable
                  autoCommit: true
                  connectionTimeout: 2500
                """);
        assertEquals(Map.of("dataSource.sslmode", "disable", "autoCommit", "true", "connectionTimeout", "2500"),
                t.pool());
    }

    @Test
    void secretsStayOutOfToString() throws Exception {
        Topology t = new TopologyFiles(dir).load("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app?password=url_secret
                    password: shard_secret
                password: file_secret
                """);
        String text = t.toString();
        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("password=***"), text);
    }

    @Test
    void missingUrlIsConfigInvalid() {
        SQLException e = assertThrows(SQLException.class, () -> TopologyLoader.load(null, null));
        assertEquals("SJ001", e.getSQLState());
    }
}
