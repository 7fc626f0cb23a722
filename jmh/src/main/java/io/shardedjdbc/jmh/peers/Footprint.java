package io.shardedjdbc.jmh.peers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each peer costs an application on its class path, as the build resolved it. The footprint modules write
 * one class path per peer at build time and the benchmarks jar carries them as {@code footprint/<name>.classpath}:
 * <ul>
 *   <li>{@value #SHARDED_JDBC}: the driver and its runtime dependencies;</li>
 *   <li>{@value #SHARDINGSPHERE}: ShardingSphere-JDBC with what it needs for PostgreSQL, pgjdbc and HikariCP.</li>
 * </ul>
 * A file holds absolute paths separated by the platform's path separator (Maven's {@code build-classpath} form,
 * one line); line breaks are accepted as separators too. The paths name the build machine's local repository and
 * reactor, so the sizes are meant to be read on the machine that built the jar.
 */
public final class Footprint {

    public static final String SHARDED_JDBC = "sharded-jdbc";
    public static final String SHARDINGSPHERE = "shardingsphere";

    private static final Pattern SEPARATORS = Pattern.compile("[" + Pattern.quote(File.pathSeparator) + "\\r\\n]+");

    private Footprint() {
    }

    /** The class path entries of peer {@code name}, in the order Maven resolved them. */
    public static List<Path> classpath(String name) {
        String resource = "/footprint/" + name + ".classpath";
        try (InputStream in = Footprint.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " in the benchmarks jar: build the footprint "
                        + "modules with jmh, e.g. mvn -B package -DskipTests from the repository root");
            }
            List<Path> entries = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (entries.isEmpty()) {
                throw new IllegalStateException(resource + " lists no class path entry");
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The entries of a class path written by {@code build-classpath}: path separators or line breaks between them. */
    static List<Path> parse(String text) {
        List<Path> entries = new ArrayList<>();
        for (String entry : SEPARATORS.split(text.strip())) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry.strip()));
            }
        }
        return List.copyOf(entries);
    }

    /**
     * The bytes the entries take on disk: a jar's size, or the sum of the regular files under a directory (a
     * reactor module that was compiled but not packaged). Fails when an entry no longer exists, since a total
     * without it would understate the footprint.
     */
    public static long bytes(List<Path> classpath) {
        long total = 0;
        for (Path entry : classpath) {
            try {
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> files = Files.walk(entry)) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            total += Files.size(file);
                        }
                    }
                } else {
                    total += Files.size(entry);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("class path entry " + entry + " cannot be measured (rebuild to "
                        + "refresh the footprint files)", e);
            }
        }
        return total;
    }
}
