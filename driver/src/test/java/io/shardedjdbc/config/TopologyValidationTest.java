package io.shardedjdbc.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import static io.shardedjdbc.config.TopologyFiles.TWO_SHARDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a topology file is refused: SJ001, and the message names file, line and key. */
class TopologyValidationTest {
    @TempDir
    Path dir;

    private TopologyFiles files;

    @BeforeEach
    void setUp() {
        files = new TopologyFiles(dir);
    }

    // ---- unknown keys, with the closest known key suggested

    @Test
    void unknownTopLevelKey() {
        files.assertRefused(TWO_SHARDS + "defaultShards: s0\n", 6, "defaultShards",
                "unknown key 'defaultShards' (did you mean 'defaultShard'?)");
    }

    @Test
    void unknownShardKey() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primay: jdbc:postgresql://10.0.0.1:5432/app
                """, 3, "shards[0].primay", "(did you mean 'primary'?)");
    }

    @Test
    void unknownPlacementKey() {
        files.assertRefused(TWO_SHARDS + "placement:\n  virtualnodes: 8\n", 7, "placement.virtualnodes",
                "did you mean 'virtualNodes'?");
    }

    @Test
    void unknownKeyspaceKey() {
        files.assertRefused(TWO_SHARDS + "keyspaces:\n  user: { tpye: text }\n", 7, "keyspaces.user.tpye",
                "did you mean 'type'?");
    }

    @Test
    void unknownTableKey() {
        files.assertRefused(TWO_SHARDS + "tables:\n  users: { key: id, keyspce: user }\n", 7,
                "tables.users.keyspce", "did you mean 'keyspace'?");
    }

    @Test
    void unknownRangeKey() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    range: { form: 0 }
                placement: { algorithm: range }
                """, 4, "shards[0].range.form", "did you mean 'from'?");
    }

    @Test
    void unknownKeyWithoutCloseMatchListsKnownKeys() {
        String message = files.assertRefused(TWO_SHARDS + "zzzzzzzz: 1\n", 6, "zzzzzzzz", "known here: shards");
        assertFalse(message.contains("did you mean"), message);
    }

    @Test
    void duplicateKeyInAMapping() {
        files.assertRefused(TWO_SHARDS + "scatter: deny\nscatter: allow\n", 7, "scatter",
                "duplicate key 'scatter' (first at line 6)");
    }

    // ---- shards

    @Test
    void missingShards() {
        files.assertRefused("defaultShard: s0\n", 1, "shards", "required: list the shards");
    }

    @Test
    void emptyShardList() {
        files.assertRefused("shards: []\n", 1, "shards", "at least one shard");
    }

    @Test
    void shardWithoutName() {
        files.assertRefused("""
                shards:
                  - primary: jdbc:postgresql://10.0.0.1:5432/app
                """, 2, "shards[0].name", "every shard needs a name");
    }

    @Test
    void duplicateShardName() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                  - name: s0
                    primary: jdbc:postgresql://10.0.1.1:5432/app
                """, 4, "shards[1].name", "duplicate shard name 's0' (first at line 2)");
    }

    @Test
    void shardWithoutPrimary() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                  - name: s1
                    replicas: [jdbc:postgresql://10.0.1.2:5432/app]
                """, 4, "shards[1].primary", "shard 's1' has no primary");
    }

    @Test
    void primaryThatIsNotPostgresql() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:mysql://10.0.0.1:3306/app
                """, 3, "shards[0].primary", "must start with jdbc:postgresql:");
    }

    @Test
    void replicaWithInvalidPort() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    replicas:
                      - jdbc:postgresql://10.0.0.2:5432/app
                      - jdbc:postgresql://10.0.0.3:port/app
                """, 6, "shards[0].replicas[1]", "not a valid PostgreSQL JDBC URL");
    }

    @Test
    void urlNamingSeveralServers() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://h1:5432,h2:5432/app
                """, 3, "shards[0].primary", "names several servers");
    }

    @Test
    void badUrlDoesNotEchoItsPassword() {
        String message = files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://h1:bad/app?password=hunter2&ssl=true
                """, 3, "shards[0].primary", "password=***");
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void sameServerInTwoShards() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                  - name: s1
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                """, 5, "shards[1].primary", "already declared as shards[0].primary (line 3)");
    }

    @Test
    void replicasMustBeAList() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    replicas: jdbc:postgresql://10.0.0.2:5432/app
                """, 4, "shards[0].replicas", "expected a list");
    }

    @Test
    void shardsMustBeAList() {
        files.assertRefused("shards:\n  s0: jdbc:postgresql://10.0.0.1:5432/app\n", 2, "shards",
                "expected a list");
    }

    @Test
    void defaultShardNamingNoShard() {
        files.assertRefused(TWO_SHARDS + "defaultShard: s2\n", 6, "defaultShard",
                "unknown shard 's2' (did you mean 's0'?) (declared: s0, s1)");
    }

    // ---- placement

    @Test
    void unknownAlgorithm() {
        files.assertRefused(TWO_SHARDS + "placement:\n  algorithm: rnig\n", 7, "placement.algorithm",
                "unknown placement algorithm 'rnig' (did you mean 'ring'?); use one of ring, jump, modulo, range");
    }

    @Test
    void virtualNodesNotANumber() {
        files.assertRefused(TWO_SHARDS + "placement: { virtualNodes: lots }\n", 6, "placement.virtualNodes",
                "expected a whole number");
    }

    @Test
    void virtualNodesWithoutRing() {
        files.assertRefused(TWO_SHARDS + "placement:\n  algorithm: jump\n  virtualNodes: 64\n", 8,
                "placement.virtualNodes", "applies to algorithm ring only");
    }

    @Test
    void rangeAlgorithmNeedsRangeOnEveryShard() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    range: { to: 10 }
                  - name: s1
                    primary: jdbc:postgresql://10.0.1.1:5432/app
                placement: { algorithm: range }
                """, 5, "shards[1].range", "needs a range on every shard");
    }

    @Test
    void rangeWithoutRangeAlgorithm() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    range: { to: 10 }
                """, 4, "shards[0].range", "applies only to placement algorithm range (this topology uses ring)");
    }

    @Test
    void rangeFromNotBelowTo() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    range: { from: 10, to: 10 }
                placement: { algorithm: range }
                """, 4, "shards[0].range", "from (10) must be below to (10)");
    }

    @Test
    void rangeBoundNotAnInteger() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    range:
                      from: 1.5
                placement: { algorithm: range }
                """, 5, "shards[0].range.from", "expected a whole number");
    }

    @Test
    void overlappingRanges() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    range: { to: 100 }
                  - name: s1
                    primary: jdbc:postgresql://10.0.1.1:5432/app
                    range: { from: 99 }
                placement: { algorithm: range }
                """, 7, "shards[1].range", "overlaps the range of shard 's0' (line 4)");
    }

    @Test
    void rangeNeedsBigintKeyspaces() {
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    range: {}
                placement: { algorithm: range }
                keyspaces:
                  tenant: { type: text }
                """, 7, "keyspaces.tenant.type", "range places bigint keys only");
    }

    // ---- keyspaces

    @Test
    void unknownKeyType() {
        files.assertRefused(TWO_SHARDS + "keyspaces:\n  user: { type: int }\n", 7, "keyspaces.user.type",
                "unknown key type 'int'");
    }

    @Test
    void overrideNamingUnknownShard() {
        files.assertRefused(TWO_SHARDS + "keyspaces:\n  post:\n    overrides:\n      \"7\": s7\n", 9,
                "keyspaces.post.overrides.7", "unknown shard 's7'");
    }

    @Test
    void overrideKeyOfTheWrongType() {
        files.assertRefused(TWO_SHARDS + "keyspaces:\n  post:\n    overrides:\n      seven: s1\n", 9,
                "keyspaces.post.overrides.seven", "'seven' is not a bigint key");
    }

    @Test
    void overrideKeyGivenTwice() {
        files.assertRefused(TWO_SHARDS + "keyspaces:\n  post:\n    overrides:\n      7: s1\n      07: s0\n", 10,
                "keyspaces.post.overrides.07", "key 7 is overridden twice");
    }

    @Test
    void keyspacesMustBeAMapping() {
        files.assertRefused(TWO_SHARDS + "keyspaces:\n  - user\n", 7, "keyspaces", "expected a mapping");
    }

    // ---- tables

    @Test
    void tableReferringToUnknownKeyspace() {
        files.assertRefused(TWO_SHARDS + """
                keyspaces:
                  user: { type: bigint }
                  post: { type: bigint }
                tables:
                  posts: { key: user_id, keyspace: usr }
                """, 10, "tables.posts.keyspace", "unknown keyspace 'usr' (did you mean 'user'?) (declared: user, post)");
    }

    @Test
    void tableWithKeyAndBroadcast() {
        files.assertRefused(TWO_SHARDS + "tables:\n  countries: { key: code, broadcast: true }\n", 7,
                "tables.countries.key", "remove key or broadcast");
    }

    @Test
    void tableWithNeitherKeyNorBroadcast() {
        files.assertRefused(TWO_SHARDS + "tables:\n  countries: { broadcast: false }\n", 7, "tables.countries",
                "has neither key nor broadcast");
    }

    @Test
    void tableWithNothing() {
        files.assertRefused(TWO_SHARDS + "tables:\n  countries:\n", 7, "tables.countries",
                "{ key: <column> } or { broadcast: true }");
    }

    @Test
    void broadcastTableWithKeyspace() {
        files.assertRefused(TWO_SHARDS + "tables:\n  countries: { broadcast: true, keyspace: user }\n", 7,
                "tables.countries.keyspace", "belongs to no keyspace");
    }

    @Test
    void broadcastMustBeBoolean() {
        files.assertRefused(TWO_SHARDS + "tables:\n  countries: { broadcast: sure }\n", 7,
                "tables.countries.broadcast", "expected true or false");
    }

    @Test
    void invalidTableScatter() {
        files.assertRefused(TWO_SHARDS + "tables:\n  users: { key: id, scatter: maybe }\n", 7,
                "tables.users.scatter", "'maybe' is not one of allow, warn, deny");
    }

    @Test
    void scatterOnBroadcastTable() {
        files.assertRefused(TWO_SHARDS + "tables:\n  countries: { broadcast: true, scatter: allow }\n", 7,
                "tables.countries.scatter", "applies to sharded tables");
    }

    @Test
    void tableListedTwiceInDifferentCase() {
        files.assertRefused(TWO_SHARDS + "tables:\n  users: { key: id }\n  USERS: { key: id }\n", 8,
                "tables.USERS", "table 'users' is listed twice (first at line 7)");
    }

    // ---- pool

    @Test
    void poolValueMustBeScalar() {
        files.assertRefused(TWO_SHARDS + "pool:\n  maximumPoolSize: [8]\n", 7, "pool.maximumPoolSize",
                "expected a single value");
    }

    @Test
    void unknownPoolProperty() {
        files.assertRefused(TWO_SHARDS + "pool:\n  maxPoolSize: 8\n", 7, "pool.maxPoolSize",
                "unknown HikariCP property 'maxPoolSize'");
    }

    @Test
    void poolPropertyOwnedByTheDriver() {
        files.assertRefused(TWO_SHARDS + "pool:\n  jdbcUrl: jdbc:postgresql://x/app\n", 7, "pool.jdbcUrl",
                "cannot be set here");
    }

    @Test
    void poolValueOfTheWrongType() {
        files.assertRefused(TWO_SHARDS + "pool:\n  connectionTimeout: 30s\n", 7, "pool.connectionTimeout",
                "expected a number of milliseconds");
    }

    // ---- top-level settings

    @Test
    void invalidConsistency() {
        files.assertRefused(TWO_SHARDS + "consistency: strongest\n", 6, "consistency",
                "'strongest' is not one of eventual, read-your-writes, session, causal, strong");
    }

    @Test
    void invalidScatter() {
        files.assertRefused(TWO_SHARDS + "scatter: sometimes\n", 6, "scatter", "is not one of allow, warn, deny");
    }

    @Test
    void planCacheSizeNotPositive() {
        files.assertRefused(TWO_SHARDS + "planCacheSize: 0\n", 6, "planCacheSize", "must be a positive integer");
    }

    @Test
    void planCacheSizeNotANumber() {
        files.assertRefused(TWO_SHARDS + "planCacheSize: big\n", 6, "planCacheSize", "must be a positive integer");
    }

    @Test
    void settingMustBeScalar() {
        files.assertRefused(TWO_SHARDS + "user: { name: app }\n", 6, "user", "expected a single value");
    }

    // ---- the file itself

    @Test
    void emptyFile() {
        SQLException e = files.failure("");
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains(TopologyFiles.FILE_NAME + ": the topology file is empty"), e.getMessage());
    }

    @Test
    void commentsOnly() {
        SQLException e = files.failure("# nothing yet\n");
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        SQLException e = files.failure(TWO_SHARDS + "tables: { users: { key: id }\nscatter: deny\n");
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().matches("(?s).*" + TopologyFiles.FILE_NAME + ":\\d+: invalid YAML: .*"),
                e.getMessage());
    }

    @Test
    void badIndentationIsASyntaxError() {
        SQLException e = files.failure("""
                shards:
                  - name: s0
                     primary: jdbc:postgresql://10.0.0.1:5432/app
                """);
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains(TopologyFiles.FILE_NAME + ":3: invalid YAML"), e.getMessage());
    }

    @Test
    void severalDocuments() {
        SQLException e = files.failure(TWO_SHARDS + "---\n" + TWO_SHARDS);
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains(TopologyFiles.FILE_NAME + ":6: invalid YAML"), e.getMessage());
    }

    @Test
    void topLevelMustBeAMapping() {
        files.assertRefused("- s0\n- s1\n", 1, "", "expected a mapping");
    }

    @Test
    void yamlTagsDoNotInstantiateTypes() {
        SQLException e = files.failure(TWO_SHARDS + "user: !!javax.script.ScriptEngineManager [x]\n");
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains(TopologyFiles.FILE_NAME + ":6: invalid YAML: Global tag is not allowed"),
                e.getMessage());
    }

    @Test
    void fileNotFoundNamesThePath() {
        Path missing = dir.resolve("missing.yaml");
        SQLException e = assertThrows(SQLException.class,
                () -> TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:" + missing), null));
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void relativeFileNotFoundNamesTheResolvedPath() {
        SQLException e = assertThrows(SQLException.class,
                () -> TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:no/such/shards.yaml"), null));
        assertTrue(e.getMessage().contains(Path.of("no/such/shards.yaml").toAbsolutePath().toString()),
                e.getMessage());
    }

    @Test
    void directoryInsteadOfFile() throws Exception {
        Files.createDirectory(dir.resolve("conf"));
        SQLException e = assertThrows(SQLException.class,
                () -> TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:" + dir.resolve("conf")), null));
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void classpathResourceNotFound() {
        SQLException e = assertThrows(SQLException.class,
                () -> TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:classpath:config/nope.yaml"), null));
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains("config/nope.yaml not found on the class path"), e.getMessage());
    }

    @Test
    void notUtf8() throws Exception {
        Path file = dir.resolve(TopologyFiles.FILE_NAME);
        Files.write(file, new byte[] {'u', 's', 'e', 'r', ':', ' ', (byte) 0xff, '\n'});
        SQLException e = assertThrows(SQLException.class,
                () -> TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:" + file), null));
        assertEquals("SJ001", e.getSQLState());
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }
}
