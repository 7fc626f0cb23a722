package io.shardedjdbc.jmh.suite;

import io.shardedjdbc.config.Setting;
import io.shardedjdbc.config.ShardSpec;
import io.shardedjdbc.config.ShardedUrl;
import io.shardedjdbc.config.Topology;
import io.shardedjdbc.config.TopologyLoader;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetShard;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The PostgreSQL primaries the side-by-side benchmarks run on: either named by the suite (its own fleet, or the
 * shards of a topology file the user gave) in a properties file whose path is the system property
 * {@value #PROPERTY}, which JMH's forked JVMs inherit, or, when a benchmark runs alone, a fleet started here and
 * stopped by {@link #close()}. Every benchmark writes its own topology over these servers, so the user's file only
 * says where the servers are.
 */
public final class BenchServers implements AutoCloseable {
    public static final String PROPERTY = "sharded.bench.servers";
    private static final String URL_KEY = "shard.%d.primary";

    private final List<String> primaries;
    private final String user;
    private final String password;
    /** The fleet started for this benchmark alone; null when the servers are someone else's. */
    private final Fleet owned;

    private BenchServers(List<String> primaries, String user, String password, Fleet owned) {
        this.primaries = List.copyOf(primaries);
        this.user = user;
        this.password = password;
        this.owned = owned;
    }

    /** The servers the suite named, or a new local fleet of {@code shards} primaries. */
    public static BenchServers acquire(int shards) throws IOException {
        String named = System.getProperty(PROPERTY);
        BenchServers servers = named == null || named.isBlank() ? start(shards) : read(Path.of(named));
        if (servers.primaries.size() < shards) {
            servers.close();
            throw new IllegalStateException("the benchmark needs " + shards + " shards; " + named + " names "
                    + servers.primaries.size());
        }
        return servers.first(shards);
    }

    /** A local fleet of {@code shards} primaries without replicas, stopped by {@link #close()}. */
    public static BenchServers start(int shards) {
        Fleet fleet = Fleet.start(shards, 0);
        List<String> urls = new ArrayList<>();
        for (FleetShard shard : fleet.shards()) {
            urls.add(shard.primary().jdbcUrl());
        }
        return new BenchServers(urls, fleet.user(), fleet.password(), fleet);
    }

    /**
     * The shards' primaries of a sharded-jdbc topology file; {@code user} and {@code password} (either may be null)
     * take the place of credentials the file does not give.
     */
    public static BenchServers fromTopology(Path file, String user, String password) throws SQLException {
        Topology topology = TopologyLoader.load(ShardedUrl.parse("jdbc:sharded:file:" + file.toAbsolutePath()), null);
        List<String> urls = new ArrayList<>();
        for (ShardSpec shard : topology.shards()) {
            urls.add(shard.primary());
        }
        String fileUser = topology.settings().get(Setting.USER);
        String filePassword = topology.settings().get(Setting.PASSWORD);
        return new BenchServers(urls, user != null ? user : fileUser, password != null ? password : filePassword,
                null);
    }

    static BenchServers read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; p.getProperty(URL_KEY.formatted(i)) != null; i++) {
            urls.add(p.getProperty(URL_KEY.formatted(i)));
        }
        if (urls.isEmpty()) {
            throw new IllegalStateException(file + " names no server (" + URL_KEY.formatted(0) + ")");
        }
        return new BenchServers(urls, p.getProperty("user"), p.getProperty("password"), null);
    }

    /** Writes what {@link #read} reads, for the benchmark JVMs the suite forks. */
    public Path write(Path file) throws IOException {
        Properties p = new Properties();
        for (int i = 0; i < primaries.size(); i++) {
            p.setProperty(URL_KEY.formatted(i), primaries.get(i));
        }
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "servers of a benchmark run");
        }
        return file;
    }

    private BenchServers first(int shards) {
        return shards == primaries.size() ? this : new BenchServers(primaries.subList(0, shards), user, password, owned);
    }

    public List<String> primaries() {
        return primaries;
    }

    public int shardCount() {
        return primaries.size();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Who runs the servers, for the results' header. */
    public String origin() {
        return owned != null ? "a local fleet started by the benchmark" : "servers named by the suite";
    }

    /**
     * A topology for the driver over these servers: shards {@code s0..} in order, {@code extraYaml} after them.
     * Credentials travel as data-source properties, never in the file.
     */
    public String topologyYaml(String extraYaml) {
        StringBuilder yaml = new StringBuilder("shards:\n");
        for (int i = 0; i < primaries.size(); i++) {
            yaml.append("  - name: s").append(i).append('\n');
            yaml.append("    primary: \"").append(primaries.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
        }
        return yaml.append(extraYaml).toString();
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
