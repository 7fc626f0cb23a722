package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of local PostgreSQL processes started from the server binaries on Maven Central.
 *
 * <p>Start-up: a template cluster (initdb, then user, database and replication slots created in
 * single-user mode; cached across fleets), one copy of it per node, replicas marked with {@code standby.signal} and pointed at
 * their primary, primaries started, then replicas, then a wait until every replica streams. Stale fleets of
 * killed JVMs are reaped first. Closing kills the servers and deletes the fleet directory; a JVM shutdown
 * hook closes fleets that were not closed.
 *
 * <p>When the JVM runs as root, the servers run as the OS user {@code shardedjdbc} (created as a system user
 * if missing; another one can be named in {@code SHARDED_JDBC_FLEET_OS_USER}). Directories: see
 * {@link LocalFleetOptions#of(int, int)}.
 */
public final class LocalFleet implements Fleet {
    public static final String USER = "app";
    public static final String PASSWORD = "app-secret";
    public static final String DATABASE = "app";
    private static final Logger LOG = LoggerFactory.getLogger(LocalFleet.class);
    private static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(60);
    private static final int BIND_ATTEMPTS = 3;

    private final LocalFleetOptions options;
    private final FleetDirectory directory;
    private final LocalServerSettings settings;
    private final FreePorts ports = new FreePorts();
    private final List<FleetShard> shards = new ArrayList<>();
    private final List<LocalNode> nodes = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;

    private LocalFleet(LocalFleetOptions options, FleetDirectory directory, LocalServerSettings settings) {
        this.options = options;
        this.directory = directory;
        this.settings = settings;
        this.shutdownHook = new Thread(this::closeQuietly, "fleet-shutdown-" + directory.path().getFileName());
    }

    /** Starts a fleet and returns once every node accepts connections and every replica streams. */
    public static LocalFleet start(LocalFleetOptions options) {
        long started = System.nanoTime();
        PostgresBinaries binaries = PostgresBinaries.install(options.binariesDir());
        ServerUser serverUser = ServerUser.detect(System.getenv());
        FleetDirectory directory;
        try {
            FileTrees.createShared(options.fleetsDir());
            StaleFleetReaper.reap(options.fleetsDir());
            directory = FleetDirectory.create(options.fleetsDir());
        } catch (IOException e) {
            throw new FleetException("cannot create a fleet directory in " + options.fleetsDir() + ": " + e.getMessage()
                    + ". Set " + LocalFleetOptions.ENV_DIR + " to a writable directory", e);
        }
        LocalFleet fleet = new LocalFleet(options, directory,
                new LocalServerSettings(binaries, serverUser, USER, PASSWORD, DATABASE));
        Runtime.getRuntime().addShutdownHook(fleet.shutdownHook);
        try {
            fleet.boot();
        } catch (RuntimeException | IOException e) {
            fleet.closeQuietly();
            throw e instanceof FleetException fleetException ? fleetException
                    : new FleetException("cannot start a " + fleet.shape() + " fleet in " + directory.path() + ": " + e, e);
        }
        LOG.info("PostgreSQL fleet {} up in {} ms: {}", fleet.shape(), (System.nanoTime() - started) / 1_000_000,
                directory.path());
        return fleet;
    }

    private String shape() {
        return options.shards() + "x(1+" + options.replicasPerShard() + ")";
    }

    private void boot() throws IOException {
        Path template = ClusterTemplate.obtain(settings.binaries(), settings.serverUser(), options.templatesDir(),
                USER, PASSWORD, DATABASE, options.replicasPerShard());
        List<LocalNode> primaries = new ArrayList<>();
        List<LocalNode> replicas = new ArrayList<>();
        for (int s = 0; s < options.shards(); s++) {
            String shardName = "s" + s;
            LocalNode primary = LocalNode.primary(settings, shardName, directory.path(), ports.next());
            List<FleetNode> shardReplicas = new ArrayList<>();
            for (int r = 1; r <= options.replicasPerShard(); r++) {
                LocalNode replica = LocalNode.replica(settings, primary, r, directory.path(), ports.next());
                shardReplicas.add(replica);
                replicas.add(replica);
            }
            primaries.add(primary);
            shards.add(new FleetShard(shardName, primary, shardReplicas));
        }
        nodes.addAll(primaries);
        nodes.addAll(replicas);

        inParallel(nodes, node -> node.createFrom(template));
        inParallel(primaries, this::startOnFreePort);
        inParallel(replicas, this::startOnFreePort);
        inParallel(primaries, this::awaitStreamingReplicas);
    }

    private void startOnFreePort(LocalNode node) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                node.start();
                return;
            } catch (FleetException e) {
                boolean portTaken = e.getMessage().contains("Address already in use");
                if (!portTaken || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
                int taken = node.port();
                node.rebind(ports.next());
                LOG.info("port {} of {} was taken meanwhile; retrying on port {}", taken, node.name(), node.port());
            }
        }
    }

    private void awaitStreamingReplicas(LocalNode primary) {
        int expected = options.replicasPerShard();
        if (expected == 0) {
            return;
        }
        Poll.until(STREAMING_TIMEOUT, expected + " replica(s) of " + primary.name() + " to stream",
                () -> NodeSql.queryLong(primary,
                        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") >= expected);
    }

    private interface NodeTask {
        void run(LocalNode node) throws IOException;
    }

    /** Runs {@code task} on every node at once; the first failure is thrown with the others suppressed. */
    private static void inParallel(List<LocalNode> targets, NodeTask task) throws IOException {
        if (targets.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(targets.size(), 8));
        try {
            List<Future<?>> results = new ArrayList<>();
            for (LocalNode node : targets) {
                results.add(pool.submit(() -> {
                    task.run(node);
                    return null;
                }));
            }
            Throwable failure = null;
            for (Future<?> result : results) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FleetException("interrupted while starting the fleet", e);
                }
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new FleetException(failure.toString(), failure);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public FleetBackend backend() {
        return FleetBackend.LOCAL;
    }

    @Override
    public List<FleetShard> shards() {
        return List.copyOf(shards);
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public String database() {
        return DATABASE;
    }

    /** The fleet's directory: data directories and server logs ({@code <node>.log}). Gone after close. */
    public Path directory() {
        return directory.path();
    }

    /** The OS user the servers run as. */
    public String serverOsUser() {
        return settings.serverUser().name();
    }

    /**
     * Kills every server and deletes the fleet directory: the data is thrown away, so no clean shutdown is
     * spent on it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook itself running
        }
        FleetException failure = null;
        for (LocalNode node : nodes) {
            try {
                node.kill();
            } catch (RuntimeException e) {
                failure = accumulate(failure, "cannot kill " + node.name(), e);
            }
        }
        try {
            directory.close();
        } catch (IOException | RuntimeException e) {
            failure = accumulate(failure, "cannot delete " + directory.path(), e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static FleetException accumulate(FleetException failure, String message, Exception cause) {
        if (failure == null) {
            return new FleetException(message + ": " + cause.getMessage(), cause);
        }
        failure.addSuppressed(cause);
        return failure;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("closing fleet {} failed; the next fleet start reaps what is left", directory.path(), e);
        }
    }

    @Override
    public String toString() {
        return "LocalFleet " + shape() + " in " + directory.path();
    }
}
