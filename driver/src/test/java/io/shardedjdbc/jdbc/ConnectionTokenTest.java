package io.shardedjdbc.jdbc;

import io.shardedjdbc.ShardedConnection;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.ShardedDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consistencyToken setting: per connection through the driver (property or URL parameter, properties win),
 * without a cluster per token; from the file or a data source's settings for each of their connections. Nothing
 * here reaches a server: pools open lazily and exporting a token given to a connection needs no round trip.
 */
class ConnectionTokenTest {
    private static final String TWO_SHARDS = """
            shards:
              - name: s0
                primary: jdbc:postgresql://127.0.0.1:1/app
              - name: s1
                primary: jdbc:postgresql://127.0.0.1:2/app
            """;

    @TempDir
    Path dir;

    private final ShardedDriver driver = new ShardedDriver();

    @AfterEach
    void closePools() {
        ShardedDriver.shutdown();
    }

    private String url(String yaml) throws IOException {
        Path file = dir.resolve("shards.yaml");
        Files.writeString(file, yaml);
        return "jdbc:sharded:file:" + file;
    }

    private static String token(Connection c) throws SQLException {
        return c.unwrap(ShardedConnection.class).consistencyToken();
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    @Test
    void urlTokenIsPerConnectionAndSharesTheCluster() throws Exception {
        String url = url(TWO_SHARDS);
        try (Connection plain = driver.connect(url, null);
             Connection a = driver.connect(url + "?consistencyToken=s0:10", null);
             Connection b = driver.connect(url + "?consistencyToken=s1%3A20", new Properties());
             Connection c = driver.connect(url + "?scatter=allow&consistencyToken=s1:30", null);
             Connection d = driver.connect(url + "?scatter=allow", null)) {
            assertEquals("", token(plain));
            assertEquals("s0:10", token(a));
            assertEquals("s1:20", token(b));
            assertEquals("s1:30", token(c));
            assertEquals("", token(d));
            assertSame(((LogicalConnection) plain).cluster, ((LogicalConnection) a).cluster);
            assertSame(((LogicalConnection) plain).cluster, ((LogicalConnection) b).cluster);
            assertSame(((LogicalConnection) d).cluster, ((LogicalConnection) c).cluster);
            assertEquals(url + "?consistencyToken=s0:10", ((LogicalConnection) a).url(),
                    "getMetaData().getURL() is the URL as the caller gave it");
        }
    }

    @Test
    void propertyTokenIsPerConnectionAndWinsOverTheUrl() throws Exception {
        String url = url(TWO_SHARDS);
        Properties info = props("consistencyToken", "s1:20");
        try (Connection plain = driver.connect(url, null);
             Connection a = driver.connect(url, info);
             Connection b = driver.connect(url + "?consistencyToken=s0:10", info)) {
            assertEquals("s1:20", token(a));
            assertEquals("s1:20", token(b));
            assertSame(((LogicalConnection) plain).cluster, ((LogicalConnection) a).cluster);
            assertSame(((LogicalConnection) plain).cluster, ((LogicalConnection) b).cluster);
        }
        assertEquals(1, info.size(), "the caller's properties are left as they were");
    }

    @Test
    void fileTokenAppliesUnlessTheConnectionGivesOne() throws Exception {
        String url = url(TWO_SHARDS + "consistencyToken: \"s0:5\"\n");
        try (Connection a = driver.connect(url, null);
             Connection b = driver.connect(url + "?consistencyToken=s1:7", null);
             Connection c = driver.connect(url, props("consistencyToken", "s0:9"))) {
            assertEquals("s0:5", token(a));
            assertEquals("s1:7", token(b));
            assertEquals("s0:9", token(c));
        }
    }

    @Test
    void aTokenOfAnotherClusterIsAnInvalidArgumentNotAnUnknownSetting() throws Exception {
        String url = url(TWO_SHARDS);
        SQLException inUrl = assertThrows(SQLException.class,
                () -> driver.connect(url + "?consistencyToken=s9:1", null));
        assertEquals("22023", inUrl.getSQLState(), inUrl.getMessage());
        assertTrue(inUrl.getMessage().contains("shard 's9' is not in this topology"), inUrl.getMessage());
        SQLException inProps = assertThrows(SQLException.class,
                () -> driver.connect(url, props("consistencyToken", "s9:1")));
        assertEquals("22023", inProps.getSQLState(), inProps.getMessage());
        SQLException empty = assertThrows(SQLException.class,
                () -> driver.connect(url + "?consistencyToken=", null));
        assertEquals("SJ001", empty.getSQLState(), empty.getMessage());
    }

    @Test
    void dataSourceTokenAppliesToEachConnection() throws Exception {
        String url = url(TWO_SHARDS);
        try (ShardedDataSource ds = new ShardedDataSource(url)) {
            ds.setProperty("consistencyToken", "s1:7");
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection("app", null)) {
                assertEquals("s1:7", token(a));
                assertEquals("s1:7", token(b));
            }
        }
        try (ShardedDataSource ds = new ShardedDataSource(url + "?consistencyToken=s0:3");
             Connection a = ds.getConnection()) {
            assertEquals("s0:3", token(a));
        }
    }
}
