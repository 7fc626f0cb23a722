package io.shardedjdbc.jmh.peers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FootprintTest {

    @Test
    void readsPathSeparatedAndLineSeparatedClassPaths() {
        String sep = File.pathSeparator;
        assertEquals(List.of(Path.of("/a/x.jar"), Path.of("/b/y.jar"), Path.of("/c/classes")),
                Footprint.parse("/a/x.jar" + sep + "/b/y.jar" + sep + "/c/classes\n"));
        assertEquals(List.of(Path.of("/a/x.jar"), Path.of("/b/y.jar")), Footprint.parse("/a/x.jar\r\n/b/y.jar\n\n"));
        assertEquals(List.of(), Footprint.parse("  \n"));
    }

    @Test
    void countsJarsAndTheFilesUnderDirectories(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("a.jar"), new byte[1000]);
        Path classes = Files.createDirectories(dir.resolve("classes/io/x"));
        Files.write(classes.resolve("A.class"), new byte[300]);
        Files.write(classes.resolve("B.class"), new byte[20]);
        assertEquals(1320, Footprint.bytes(List.of(jar, dir.resolve("classes"))));
        assertThrows(UncheckedIOException.class, () -> Footprint.bytes(List.of(dir.resolve("gone.jar"))));
    }

    @Test
    void namesTheMissingResource() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Footprint.classpath("no-such-peer"));
        assertTrue(e.getMessage().contains("/footprint/no-such-peer.classpath"), e.getMessage());
    }

    /** Runs when the build included the footprint modules (a build of driver, itest and jmh alone has no files). */
    @Test
    void packagedClassPathsHoldEachPeerAndNotTheOther() {
        assumeTrue(Footprint.class.getResource("/footprint/" + Footprint.SHARDED_JDBC + ".classpath") != null
                && Footprint.class.getResource("/footprint/" + Footprint.SHARDINGSPHERE + ".classpath") != null);
        List<String> driver = names(Footprint.classpath(Footprint.SHARDED_JDBC));
        List<String> peer = names(Footprint.classpath(Footprint.SHARDINGSPHERE));
        assertTrue(driver.stream().anyMatch(n -> n.startsWith("postgresql-")), driver.toString());
        assertTrue(driver.stream().anyMatch(n -> n.startsWith("jsqlparser-")), driver.toString());
        assertFalse(driver.stream().anyMatch(n -> n.startsWith("shardingsphere-") || n.startsWith("jmh-")
                || n.startsWith("sharded-jdbc-itest")), driver.toString());
        assertTrue(peer.stream().anyMatch(n -> n.startsWith("shardingsphere-jdbc-")), peer.toString());
        assertTrue(peer.stream().anyMatch(n -> n.startsWith("shardingsphere-parser-sql-postgresql-")), peer.toString());
        assertTrue(peer.stream().anyMatch(n -> n.startsWith("postgresql-")), peer.toString());
        assertTrue(peer.stream().anyMatch(n -> n.startsWith("HikariCP-")), peer.toString());
        assertFalse(peer.stream().anyMatch(n -> n.startsWith("jsqlparser-") || n.startsWith("sharded-jdbc")),
                peer.toString());
        assertTrue(Footprint.bytes(Footprint.classpath(Footprint.SHARDINGSPHERE))
                > Footprint.bytes(Footprint.classpath(Footprint.SHARDED_JDBC)));
    }

    private static List<String> names(List<Path> classpath) {
        return classpath.stream().map(p -> p.getFileName().toString()).toList();
    }
}
