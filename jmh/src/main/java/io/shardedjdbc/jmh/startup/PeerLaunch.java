package io.shardedjdbc.jmh.startup;

import io.shardedjdbc.jmh.peers.FloorModShardingAlgorithm;
import io.shardedjdbc.jmh.peers.Footprint;
import io.shardedjdbc.jmh.peers.ShardingSphereSetup;
import io.shardedjdbc.jmh.suite.BenchServers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM that runs {@link FirstResultMain} for one peer with that peer's class path only: pgjdbc's jar for
 * {@code direct}, the driver's runtime class path for {@code sharded}, ShardingSphere-JDBC's for
 * {@code shardingsphere} (the footprint files the build writes). Each peer is configured through its JDBC URL, as an
 * application that swaps its URL would be: the sharded-jdbc topology and the ShardingSphere YAML are files written
 * here. The table {@value #TABLE} must exist on every server, its rows placed by {@code floorMod(key, shards)}.
 */
public final class PeerLaunch {
    public static final String TABLE = "bench_startup";
    public static final String SELECT = "SELECT name FROM " + TABLE + " WHERE item_id = ?";
    public static final long KEY = 42;
    private static final long TIMEOUT_SECONDS = 120;

    private final String peer;
    private final List<Path> classpath;
    private final List<String> command;

    /** Lines of a child's output, and what it printed as figures. */
    public record Outcome(long firstResultMillis, long loadedClasses, long heapUsedBytes) {
    }

    /**
     * @param workDir a directory this launch may write its class and configuration files to
     */
    public PeerLaunch(String peer, BenchServers servers, Path workDir) throws IOException, SQLException {
        this.peer = peer;
        Path classes = copyClass(FirstResultMain.class, workDir.resolve("classes"));
        String url;
        switch (peer) {
            case "direct" -> {
                classpath = List.of(pgjdbcJar());
                url = servers.primaries().get((int) Math.floorMod(KEY, servers.shardCount()));
            }
            case "sharded" -> {
                classpath = Footprint.classpath(Footprint.SHARDED_JDBC);
                Path topology = Files.writeString(workDir.resolve("shards.yaml"), servers.topologyYaml("""
                        placement: { algorithm: modulo }
                        tables:
                          %s: { key: item_id }
                        """.formatted(TABLE)));
                url = "jdbc:sharded:file:" + topology.toAbsolutePath();
            }
            case "shardingsphere" -> {
                classpath = Footprint.classpath(Footprint.SHARDINGSPHERE);
                Path config = Files.writeString(workDir.resolve("shardingsphere.yaml"), ShardingSphereSetup.yaml(
                        servers.primaries(), servers.user(), servers.password(), Map.of(TABLE, "item_id"), 8,
                        ShardingSphereSetup.Routing.CLASS_BASED));
                copyClass(FloorModShardingAlgorithm.class, classes);
                url = "jdbc:shardingsphere:absolutepath:" + config.toAbsolutePath();
            }
            default -> throw new IllegalArgumentException("no peer named " + peer);
        }
        List<String> entries = new ArrayList<>();
        entries.add(classes.toString());
        classpath.forEach(p -> entries.add(p.toString()));
        command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, entries),
                FirstResultMain.class.getName(), url, nullToEmpty(servers.user()), nullToEmpty(servers.password()),
                SELECT, Long.toString(KEY));
    }

    /** Creates {@value #TABLE} on every server, its rows placed by {@code floorMod(key, shards)}. */
    public static void createTable(BenchServers servers) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", nullToEmpty(servers.user()));
        credentials.setProperty("password", nullToEmpty(servers.password()));
        for (int s = 0; s < servers.shardCount(); s++) {
            try (Connection c = DriverManager.getConnection(servers.primaries().get(s), credentials);
                 Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
                st.execute("CREATE TABLE " + TABLE + " (item_id bigint PRIMARY KEY, name text NOT NULL)");
                st.execute("INSERT INTO " + TABLE + " SELECT g, 'item ' || g FROM generate_series(0, 999) g"
                        + " WHERE g % " + servers.shardCount() + " = " + s);
            }
        }
    }

    /** The peer's class path without the measuring program. */
    public List<Path> classpath() {
        return classpath;
    }

    /** Starts the JVM, waits for it and returns its figures; fails unless it found the row and exited with 0. */
    public Outcome run() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(peer + ": the start-up JVM did not exit within " + TIMEOUT_SECONDS + " s");
        }
        String figures = output.lines().filter(l -> l.startsWith("first-result-ms=")).reduce((a, b) -> b).orElse(null);
        if (process.exitValue() != 0 || figures == null) {
            throw new IllegalStateException(peer + ": the start-up JVM exited with " + process.exitValue()
                    + ":\n" + output);
        }
        return new Outcome(figure(figures, "first-result-ms"), figure(figures, "loaded-classes"),
                figure(figures, "heap-used-bytes"));
    }

    private static long figure(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new IllegalStateException("no " + name + " in '" + line + "'");
    }

    private static Path pgjdbcJar() {
        for (Path entry : Footprint.classpath(Footprint.SHARDED_JDBC)) {
            String file = entry.getFileName().toString();
            if (file.startsWith("postgresql-") && file.endsWith(".jar")) {
                return entry;
            }
        }
        throw new IllegalStateException("no pgjdbc jar (postgresql-*.jar) on the driver's class path");
    }

    /**
     * A class of ours as a class file in {@code dir}: the measuring program, and ShardingSphere's sharding algorithm
     * (the benchmarks jar holds every peer at once, so it cannot be the child's class path).
     */
    private static Path copyClass(Class<?> type, Path dir) throws IOException {
        String name = type.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the class path");
            }
            Files.write(target, in.readAllBytes());
        }
        return dir;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
