package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.KeyspaceSpec;
import io.shardedjdbc.config.Consistency;
import io.shardedjdbc.config.Setting;
import io.shardedjdbc.config.Settings;
import io.shardedjdbc.config.ShardSpec;
import io.shardedjdbc.config.Topology;
import io.shardedjdbc.node.HealthMonitor;
import io.shardedjdbc.node.Node;
import io.shardedjdbc.node.ReplicaSelector;
import io.shardedjdbc.node.Shard;
import io.shardedjdbc.placement.KeyspacePlacement;
import io.shardedjdbc.placement.Placement;
import io.shardedjdbc.route.RouteKind;
import io.shardedjdbc.route.Router;
import io.shardedjdbc.sql.StatementAnalyzer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything one topology needs at run time: shards and their node pools, placement, the analyzer and the
 * router. One per topology (file + credentials) per JVM, shared by the driver and data sources.
 */
public final class Cluster implements AutoCloseable {
    private final Topology topology;
    private final List<Shard> shards;
    private final StatementAnalyzer analyzer;
    private final Router router;
    private final Map<RouteKind, LongAdder> routeCounts = new EnumMap<>(RouteKind.class);
    private final ReplicaSelector replicaSelector;
    /** Runs the shards' parts of cross-shard reads; created on first use. */
    private java.util.concurrent.ExecutorService scatterExecutor;
    /** Every new connection starts at it; read once, since a connection is often opened per statement. */
    private final Consistency defaultConsistency;
    /** Watches every node, replicas or not (one connection per node, one scheduler of two threads). */
    private final HealthMonitor monitor;
    /** Auto-commit reads placed by a consistency level: per level, [on a primary, on a replica]. */
    private final LongAdder[][] readCounts = new LongAdder[Consistency.values().length][2];
    private final ServerCatalog serverCatalog;
    /** Commits multi-shard work, and recovers what other instances left in doubt (even when refusing such work). */
    private final AtomicCommit atomicCommit;
    private final boolean twoPhase;
    private final int crossShardLockTimeout;
    private final int failoverTimeout;
    /** Null unless promotion is the driver's job. */
    private final io.shardedjdbc.node.Promoter promoter;

    public Cluster(Topology topology) throws SQLException {
        this.topology = topology;
        StatementAnalyzer.warmUpInBackground();
        this.defaultConsistency = topology.settings().consistency();
        List<String> names = new ArrayList<>();
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        for (ShardSpec s : topology.shards()) {
            names.add(s.name());
            from.add(s.rangeFrom());
            to.add(s.rangeTo());
        }
        Placement placement = Placement.create(names, topology.algorithm(), topology.virtualNodes(), from, to);
        Map<String, KeyspacePlacement> keyspaces = new HashMap<>();
        for (KeyspaceSpec ks : topology.keyspaces().values()) {
            keyspaces.put(ks.name(), placement.keyspace(ks.name(), ks.type(), ks.overrides()));
        }
        this.router = new Router(names, topology.defaultShard() == null ? -1
                : topology.shardIndex(topology.defaultShard()), keyspaces, topology.settings().scatter());
        java.util.Set<String> writeFunctions = topology.settings().writeFunctions();
        this.analyzer = new StatementAnalyzer(new io.shardedjdbc.sql.TableCatalog() {
            @Override
            public io.shardedjdbc.config.TableSpec find(String table) {
                io.shardedjdbc.config.TableSpec listed = topology.tables().get(table);
                return listed != null ? listed : serverCatalog.partitionParent(table);
            }

            @Override
            public List<String> columns(String table) {
                return serverCatalog.columns(table);
            }

            @Override
            public boolean writes(String function) {
                return writeFunctions.contains(function);
            }
        }, topology.settings().getInt(Setting.PLAN_CACHE_SIZE));
        for (RouteKind kind : RouteKind.values()) {
            routeCounts.put(kind, new LongAdder());
        }
        for (LongAdder[] level : readCounts) {
            level[0] = new LongAdder();
            level[1] = new LongAdder();
        }
        this.shards = openShards(topology);
        int defaultIndex = topology.defaultShard() == null ? 0 : topology.shardIndex(topology.defaultShard());
        this.serverCatalog = new ServerCatalog(shards, topology.tables(), Math.max(defaultIndex, 0));
        serverCatalog.analyzer(analyzer);
        Settings settings = topology.settings();
        this.replicaSelector = new ReplicaSelector(shards.size(), settings.replicaSelection(),
                settings.getLong(Setting.MAX_REPLICA_LAG), settings.getLong(Setting.MAX_REPLICA_LAG_BYTES),
                "error".equals(settings.get(Setting.REPLICA_FALLBACK)));
        // every node is watched, replicas or not: a node marked down by a failed statement is marked up again (with a
        // fresh pool) as soon as a check succeeds, and nodes() tells the truth about servers without standbys too
        this.monitor = new HealthMonitor(shards, settings.getInt(Setting.MONITOR_INTERVAL),
                settings.getInt(Setting.MONITOR_TIMEOUT), settings.getInt(Setting.MONITOR_FAILURES));
        this.promoter = "driver".equals(settings.get(Setting.PROMOTION))
                ? new io.shardedjdbc.node.Promoter(shards, settings.getInt(Setting.MONITOR_TIMEOUT)) : null;
        monitor.start();
        this.twoPhase = "two-phase".equals(settings.get(Setting.MULTI_SHARD_TRANSACTIONS));
        this.crossShardLockTimeout = settings.getInt(Setting.CROSS_SHARD_LOCK_TIMEOUT);
        this.failoverTimeout = settings.getInt(Setting.FAILOVER_TIMEOUT);
        this.atomicCommit = new AtomicCommit(shards, settings.getInt(Setting.IN_DOUBT_TIMEOUT),
                settings.getInt(Setting.RECOVERY_INTERVAL));
        atomicCommit.start();
    }

    /** @return the two-phase commit of work on several shards; null when such work is refused (SJ006) */
    public AtomicCommit atomicCommit() {
        return twoPhase ? atomicCommit : null;
    }

    /**
     * The shard's writable node for a statement about to be sent: waits up to failoverTimeout while it has none.
     */
    public Node writable(int shard) throws SQLException {
        return shards.get(shard).writable(failoverTimeout);
    }

    /** Milliseconds of lock_timeout for transactions that hold several shards' connections. */
    public int crossShardLockTimeout() {
        return crossShardLockTimeout;
    }

    private static List<Shard> openShards(Topology topology) {
        String user = topology.settings().get(Setting.USER);
        String password = topology.settings().get(Setting.PASSWORD);
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < topology.shards().size(); i++) {
            ShardSpec spec = topology.shards().get(i);
            String u = spec.user() != null ? spec.user() : user;
            String p = spec.user() != null ? spec.password() : password;
            Node primary = new Node(spec.name() + "/primary", spec.primary(), false, 1, u, p, topology.pool());
            List<Node> replicas = new ArrayList<>();
            for (int r = 0; r < spec.replicas().size(); r++) {
                replicas.add(new Node(spec.name() + "/replica" + r, spec.replicas().get(r), true,
                        spec.replicaWeights().get(r), u, p, topology.pool()));
            }
            shards.add(new Shard(i, spec.name(), primary, replicas));
        }
        return List.copyOf(shards);
    }

    public Topology topology() {
        return topology;
    }

    public StatementAnalyzer analyzer() {
        return analyzer;
    }

    /** Column orders and partitions as the servers' catalogs have them. */
    public ServerCatalog serverCatalog() {
        return serverCatalog;
    }

    /**
     * A bounded pool (one thread per shard, idle threads end) for the parts of cross-shard reads. Parts never wait for
     * each other or for connections (those are taken before they start), so its size limits parallelism only.
     */
    public synchronized java.util.concurrent.ExecutorService scatterExecutor() {
        if (scatterExecutor == null) {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(
                    shards.size(), shards.size(), 30, java.util.concurrent.TimeUnit.SECONDS,
                    new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "sharded-jdbc-scatter-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            scatterExecutor = pool;
        }
        return scatterExecutor;
    }

    public ReplicaSelector replicaSelector() {
        return replicaSelector;
    }

    /** The consistency level of new connections (setting {@code consistency}). */
    public Consistency defaultConsistency() {
        return defaultConsistency;
    }

    public Router router() {
        return router;
    }

    public Shard shard(int index) {
        return shards.get(index);
    }

    public int shardCount() {
        return shards.size();
    }

    /** Counts one auto-commit read placed by its consistency level, by where it ran. */
    public void countRead(Consistency level, boolean onReplica) {
        readCounts[level.ordinal()][onReplica ? 1 : 0].increment();
    }

    /**
     * @return auto-commit reads placed by a consistency level so far, as "level/primary" and "level/replica", in the
     * levels' order (levels no read used are left out)
     */
    public Map<String, Long> readCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Consistency level : Consistency.values()) {
            long primary = readCounts[level.ordinal()][0].sum();
            long replica = readCounts[level.ordinal()][1].sum();
            if (primary + replica > 0) {
                out.put(level.yamlName() + "/primary", primary);
                out.put(level.yamlName() + "/replica", replica);
            }
        }
        return out;
    }

    public void countRoute(RouteKind kind) {
        routeCounts.get(kind).increment();
    }

    /** Counts {@code n} statements of one kind at once: a batch's rows, counted per batch rather than per row. */
    public void countRoutes(RouteKind kind, int n) {
        if (n > 0) {
            routeCounts.get(kind).add(n);
        }
    }

    /** @return statements routed so far, per route kind, in declaration order */
    public Map<String, Long> routeCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        routeCounts.forEach((k, v) -> out.put(k.name().toLowerCase(), v.sum()));
        return out;
    }

    public int shardOf(String keyspace, Object key) throws SQLException {
        KeyspacePlacement ks = router.keyspace(keyspace);
        if (ks == null) {
            throw SqlState.INVALID_ARGUMENT.exception("unknown keyspace '" + keyspace + "'; the topology has "
                    + topology.keyspaces().keySet());
        }
        return ks.shardOf(key);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (scatterExecutor != null) {
                scatterExecutor.shutdownNow();
            }
        }
        monitor.close();
        if (promoter != null) {
            promoter.close();
        }
        atomicCommit.close();
        shards.forEach(Shard::close);
    }
}
