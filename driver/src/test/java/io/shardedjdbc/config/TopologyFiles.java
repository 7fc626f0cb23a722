package io.shardedjdbc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes topology files into a test's temporary directory and loads them. */
final class TopologyFiles {
    static final String FILE_NAME = "shards.yaml";

    /** Two shards in the first five lines, so tests can append sections at known line numbers. */
    static final String TWO_SHARDS = """
            shards:
              - name: s0
                primary: jdbc:postgresql://10.0.0.1:5432/app
              - name: s1
                primary: jdbc:postgresql://10.0.1.1:5432/app
            """;

    private final Path dir;

    TopologyFiles(Path dir) {
        this.dir = dir;
    }

    Path write(String yaml) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    Topology load(String yaml) throws IOException, SQLException {
        return load(yaml, "", new Properties());
    }

    Topology load(String yaml, String query, Properties info) throws IOException, SQLException {
        Path file = write(yaml);
        return TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:" + file + query), info);
    }

    /** Loads with the {@code ${NAME}} references of the file read from {@code variables}, not from the JVM. */
    Topology load(String yaml, Variables variables) throws IOException, SQLException {
        Path file = write(yaml);
        return TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:" + file), new Properties(), variables);
    }

    SQLException failure(String yaml) {
        return failure(yaml, Variables.system());
    }

    SQLException failure(String yaml, Variables variables) {
        return assertThrows(SQLException.class, () -> load(yaml, variables));
    }

    /** Asserts CONFIG_INVALID with "shards.yaml:<line>: <keyPath>: " and the given fragment; returns the message. */
    String assertRefused(String yaml, int line, String keyPath, String fragment) {
        return assertRefused(yaml, Variables.system(), line, keyPath, fragment);
    }

    String assertRefused(String yaml, Variables variables, int line, String keyPath, String fragment) {
        SQLException e = failure(yaml, variables);
        assertEquals("SJ001", e.getSQLState(), e.getMessage());
        String message = e.getMessage();
        String where = FILE_NAME + ":" + line + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ");
        assertTrue(message.contains(where), () -> "expected '" + where + "' in: " + message);
        assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        return message;
    }
}
