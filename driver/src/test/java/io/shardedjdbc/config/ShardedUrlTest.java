package io.shardedjdbc.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardedUrlTest {
    @Test
    void acceptsOnlyShardedUrls() {
        assertTrue(ShardedUrl.accepts("jdbc:sharded:file:/etc/app/shards.yaml"));
        assertTrue(ShardedUrl.accepts("jdbc:sharded:anything"));
        assertFalse(ShardedUrl.accepts("jdbc:postgresql://localhost/app"));
        assertFalse(ShardedUrl.accepts("jdbc:shardedx:file:a.yaml"));
        assertFalse(ShardedUrl.accepts("xjdbc:sharded:file:a.yaml"));
        assertFalse(ShardedUrl.accepts(""));
        assertFalse(ShardedUrl.accepts(null));
    }

    @Test
    void parsesAbsoluteFile() throws SQLException {
        ShardedUrl url = ShardedUrl.parse("jdbc:sharded:file:/etc/app/shards.yaml");
        assertEquals(ShardedUrl.Kind.FILE, url.kind());
        assertEquals("/etc/app/shards.yaml", url.location());
        assertEquals(Path.of("/etc/app/shards.yaml"), url.path());
        assertEquals(Map.of(), url.parameters());
    }

    @Test
    void relativeFileResolvesAgainstWorkingDirectory() throws SQLException {
        ShardedUrl url = ShardedUrl.parse("jdbc:sharded:file:conf/../shards.yaml");
        assertEquals("conf/../shards.yaml", url.location());
        assertEquals(Path.of(System.getProperty("user.dir"), "shards.yaml"), url.path());
    }

    @Test
    void fileUrlWithEmptyAuthority() throws SQLException {
        assertEquals("/etc/app/shards.yaml", ShardedUrl.parse("jdbc:sharded:file:///etc/app/shards.yaml").location());
    }

    @Test
    void prefixIsCutByPositionOnly() throws SQLException {
        // the prefix text appearing again later must survive: it is part of the path
        ShardedUrl url = ShardedUrl.parse("jdbc:sharded:file:/tmp/jdbc:sharded:file:/x.yaml");
        assertEquals("/tmp/jdbc:sharded:file:/x.yaml", url.location());
    }

    @Test
    void parsesClasspathResource() throws SQLException {
        ShardedUrl url = ShardedUrl.parse("jdbc:sharded:classpath:/config/shards.yaml?scatter=warn");
        assertEquals(ShardedUrl.Kind.CLASSPATH, url.kind());
        assertEquals("/config/shards.yaml", url.location());
        assertEquals("config/shards.yaml", url.resource());
        assertEquals(Map.of("scatter", "warn"), url.parameters());
        SQLException e = assertThrows(SQLException.class, url::path);
        assertEquals("SJ001", e.getSQLState());
    }

    @Test
    void queryParametersKeepOrderAndAreDecoded() throws SQLException {
        ShardedUrl url = ShardedUrl.parse("jdbc:sharded:file:shards.yaml?consistency=causal&planCacheSize=64"
                + "&pool.maximumPoolSize=4&pool.dataSource.ApplicationName=my+app%2Fv2&user=%C3%A9mile&defaultShard=s%200&");
        assertEquals(List.of("consistency", "planCacheSize", "pool.maximumPoolSize",
                "pool.dataSource.ApplicationName", "user", "defaultShard"), List.copyOf(url.parameters().keySet()));
        assertEquals("causal", url.parameters().get("consistency"));
        assertEquals("my app/v2", url.parameters().get("pool.dataSource.ApplicationName"));
        assertEquals("émile", url.parameters().get("user"));
        assertEquals("s 0", url.parameters().get("defaultShard"));
        assertEquals("shards.yaml", url.location());
    }

    @Test
    void encodedKeysAreDecodedToo() throws SQLException {
        assertEquals(Map.of("scatter", "allow"), ShardedUrl.parse("jdbc:sharded:file:a.yaml?sc%61tter=allow")
                .parameters());
    }

    @Test
    void emptyQueryIsNoParameters() throws SQLException {
        assertEquals(Map.of(), ShardedUrl.parse("jdbc:sharded:file:a.yaml?").parameters());
    }

    @Test
    void consistencyTokenIsAKnownParameter() throws SQLException {
        assertEquals(Map.of("consistencyToken", "s0:16B374D8,s2:3000060"),
                ShardedUrl.parse("jdbc:sharded:file:a.yaml?consistencyToken=s0%3A16B374D8%2Cs2%3A3000060")
                        .parameters());
        assertEquals("s1:20", ShardedUrl.parse("jdbc:sharded:file:a.yaml?consistencyToken=s1:20").parameters()
                .get("consistencyToken"));
    }

    @Test
    void withoutParameterKeepsTheRestAsWritten() {
        String key = "consistencyToken";
        assertEquals("jdbc:sharded:file:a.yaml", ShardedUrl.withoutParameter("jdbc:sharded:file:a.yaml", key));
        assertEquals("jdbc:sharded:file:a.yaml",
                ShardedUrl.withoutParameter("jdbc:sharded:file:a.yaml?consistencyToken=s0:10", key));
        assertEquals("jdbc:sharded:file:a.yaml?scatter=allow&pool.maximumPoolSize=3",
                ShardedUrl.withoutParameter(
                        "jdbc:sharded:file:a.yaml?scatter=allow&consistencyToken=s0:10&pool.maximumPoolSize=3", key));
        assertEquals("jdbc:sharded:file:a.yaml?user=%C3%A9mile",
                ShardedUrl.withoutParameter("jdbc:sharded:file:a.yaml?consistency%54oken=s0:10&user=%C3%A9mile", key));
        String untouched = "jdbc:sharded:file:a.yaml?consistency=causal&&scatter=allow";
        assertEquals(untouched, ShardedUrl.withoutParameter(untouched, key));
    }

    @Test
    void toStringHidesPassword() throws SQLException {
        String text = ShardedUrl.parse("jdbc:sharded:file:a.yaml?user=app&password=hunter2").toString();
        assertEquals("jdbc:sharded:file:a.yaml?user=app&password=***", text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://localhost/app",
            "jdbc:sharded:",
            "jdbc:sharded:file:",
            "jdbc:sharded:file:?scatter=deny",
            "jdbc:sharded:classpath:",
            "jdbc:sharded:classpath:/",
            "jdbc:sharded:http://example.com/shards.yaml",
            "jdbc:sharded:shards.yaml",
            "jdbc:sharded:file://server/share/shards.yaml",
            "jdbc:sharded:file:a.yaml?scatter",
            "jdbc:sharded:file:a.yaml?=deny",
            "jdbc:sharded:file:a.yaml?scatter=deny&scatter=allow",
            "jdbc:sharded:file:a.yaml?scatter=sometimes",
            "jdbc:sharded:file:a.yaml?scatter=",
            "jdbc:sharded:file:a.yaml?consistncy=causal",
            "jdbc:sharded:file:a.yaml?planCacheSize=-1",
            "jdbc:sharded:file:a.yaml?virtualNodes=16",
            "jdbc:sharded:file:a.yaml?pool.maximumPoolSize=lots",
            "jdbc:sharded:file:a.yaml?pool.jdbcUrl=jdbc:postgresql://x/y",
            "jdbc:sharded:file:a.yaml?pool.dataSource.password=x",
            "jdbc:sharded:file:a.yaml?pool.=1",
            "jdbc:sharded:file:a.yaml?user=%zz",
    })
    void malformedUrlsAreConfigInvalid(String url) {
        SQLException e = assertThrows(SQLException.class, () -> ShardedUrl.parse(url));
        assertEquals("SJ001", e.getSQLState(), e.getMessage());
    }

    @Test
    void unknownParameterSuggestsTheClosest() {
        SQLException e = assertThrows(SQLException.class,
                () -> ShardedUrl.parse("jdbc:sharded:file:a.yaml?consistncy=causal"));
        assertTrue(e.getMessage().contains("unknown URL parameter 'consistncy' (did you mean 'consistency'?)"),
                e.getMessage());
    }

    @Test
    void malformedPasswordIsNotEchoed() {
        SQLException e = assertThrows(SQLException.class,
                () -> ShardedUrl.parse("jdbc:sharded:file:a.yaml?password=hunter2%zz"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        SQLException noEquals = assertThrows(SQLException.class,
                () -> ShardedUrl.parse("jdbc:sharded:file:a.yaml?passwordhunter2"));
        assertFalse(noEquals.getMessage().contains("hunter2"), noEquals.getMessage());
    }

    @Test
    void messagesForForeignUrlsSayWhatIsExpected() {
        SQLException e = assertThrows(SQLException.class, () -> ShardedUrl.parse("jdbc:sharded:shards.yaml"));
        assertTrue(e.getMessage().contains("jdbc:sharded:file:<path> or jdbc:sharded:classpath:<resource>"),
                e.getMessage());
    }
}
