package io.shardedjdbc.exec;

import io.shardedjdbc.config.ShardedUrl;
import io.shardedjdbc.config.Topology;
import io.shardedjdbc.config.TopologyLoader;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The JVM's clusters, one per topology source + settings + credentials, reference-counted: every data source
 * and the driver hold a reference; the last release closes the cluster's pools. Like DriverManager's registry,
 * this is process-wide on purpose: two data sources over one file must share pools.
 */
public final class ClusterRegistry {
    private static final Map<String, Entry> CLUSTERS = new HashMap<>();
    /** Identities the driver holds one reference to: DriverManager connections share it until shutdown. */
    private static final java.util.Set<String> DRIVER_HELD = new java.util.HashSet<>();

    private ClusterRegistry() {
    }

    private static final class Entry {
        final Cluster cluster;
        int references;

        Entry(Cluster cluster) {
            this.cluster = cluster;
        }
    }

    /** Loads (or reuses) the cluster for a URL; the caller must {@link #release} it once. */
    public static Cluster acquire(String url, Properties info) throws SQLException {
        return acquire(identity(url, info), url, info);
    }

    /** The cluster for DriverManager connections: referenced once per identity, released by {@link #shutdownDriver}. */
    public static Cluster forDriver(String url, Properties info) throws SQLException {
        String identity = identity(url, info);
        synchronized (CLUSTERS) {
            Entry entry = CLUSTERS.get(identity);
            if (entry != null && DRIVER_HELD.contains(identity)) {
                return entry.cluster;
            }
            Cluster cluster = acquire(identity, url, info);
            DRIVER_HELD.add(identity);
            return cluster;
        }
    }

    /** Releases the driver's references: clusters no data source uses any more close their pools. */
    public static void shutdownDriver() {
        synchronized (CLUSTERS) {
            for (String identity : new java.util.ArrayList<>(DRIVER_HELD)) {
                Entry entry = CLUSTERS.get(identity);
                if (entry != null) {
                    release(entry.cluster);
                }
            }
            DRIVER_HELD.clear();
        }
    }

    // The file is read once per identity: a changed topology file takes effect when its cluster is reopened.
    private static String identity(String url, Properties info) {
        return url + "\u0000" + new java.util.TreeMap<>(info);
    }

    private static Cluster acquire(String identity, String url, Properties info) throws SQLException {
        synchronized (CLUSTERS) {
            Entry entry = CLUSTERS.get(identity);
            if (entry == null) {
                Topology topology = TopologyLoader.load(ShardedUrl.parse(url), info);
                entry = new Entry(new Cluster(topology));
                CLUSTERS.put(identity, entry);
            }
            entry.references++;
            return entry.cluster;
        }
    }

    public static void release(Cluster cluster) {
        synchronized (CLUSTERS) {
            var it = CLUSTERS.entrySet().iterator();
            while (it.hasNext()) {
                Entry entry = it.next().getValue();
                if (entry.cluster == cluster && --entry.references == 0) {
                    it.remove();
                    cluster.close();
                    DRIVER_HELD.removeIf(id -> !CLUSTERS.containsKey(id));
                    return;
                }
            }
        }
    }
}
