package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * One freshly initialised, cleanly shut down cluster that every node of a fleet is copied from, cached
 * across fleets and JVMs. Copies of one
 * cleanly stopped cluster are exactly what a cold base backup of a primary would be, so a copy plus
 * {@code standby.signal} is a valid streaming standby of another copy; and no initdb per node or per fleet
 * keeps start-up fast. All fleets share its system identifier, which nothing needs to tell apart.
 */
final class ClusterTemplate {
    /** Included by every node's postgresql.conf; holds what differs per node (port, standby settings). */
    static final String NODE_CONF = "fleet-node.conf";

    // A JVM-wide lock object (immutable): file locks are per process, so threads of one JVM queue here first.
    private static final Object CREATION = new Object();

    private ClusterTemplate() {
    }

    static String slotName(int replicaNumber) {
        return "replica_" + replicaNumber;
    }

    /**
     * The template for these settings, created once under {@code templatesDir} and reused by every later fleet
     * (guarded like the binaries: a JVM-wide monitor, a file lock between JVMs, a completion marker).
     */
    static Path obtain(PostgresBinaries binaries, ServerUser serverUser, Path templatesDir, String user, String password,
                       String database, int replicasPerShard) {
        String settings = String.join("\n", SHARED_SETTINGS, HBA, user, password, database, serverUser.name());
        String key = binaries.home().getFileName() + "-r" + replicasPerShard + "-"
                + HexFormat.of().toHexDigits(settings.hashCode());
        Path template = templatesDir.resolve(key);
        Path marker = templatesDir.resolve(key + ".complete");
        synchronized (CREATION) {
            try {
                FileTrees.createShared(templatesDir);
                if (isComplete(template, marker)) {
                    return template;
                }
                try (FileChannel channel = FileChannel.open(templatesDir.resolve(key + ".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (!isComplete(template, marker)) {
                        Files.deleteIfExists(marker);
                        FileTrees.deleteTree(template);
                        Path partial = templatesDir.resolve(key + ".partial");
                        FileTrees.deleteTree(partial);
                        create(binaries, serverUser, partial, user, password, database, replicasPerShard);
                        Files.move(partial, template, StandardCopyOption.ATOMIC_MOVE);
                        Files.writeString(marker, "");
                    }
                }
                return template;
            } catch (IOException e) {
                throw new FleetException("cannot create the template cluster " + template + ": " + e.getMessage(), e);
            }
        }
    }

    // The marker lies beside the cluster, which someone may have deleted since (tmpfs cleaners, people).
    private static boolean isComplete(Path template, Path marker) {
        return Files.exists(marker) && Files.isRegularFile(template.resolve("PG_VERSION"));
    }

    /**
     * Creates the template in {@code dir}: superuser {@code user} with {@code password}, database {@code database},
     * and one physical replication slot per replica (so a replica that is down never loses the WAL it needs).
     */
    private static void create(PostgresBinaries binaries, ServerUser serverUser, Path dir, String user, String password,
                       String database, int replicasPerShard) throws IOException {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        serverUser.own(dir);
        Path passwordFile = dir.resolveSibling(dir.getFileName() + ".pw");
        serverUser.writeOwned(passwordFile, password + "\n");
        try {
            OsProcesses.run(serverUser.wrap(List.of(binaries.bin("initdb").toString(), "-D", dir.toString(),
                    "-U", user, "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C",
                    // 1 MB WAL segments: each node copy is 15 MB smaller
                    "--wal-segsize=1", "--no-sync", "--no-instructions")), null, Duration.ofSeconds(120));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        Files.writeString(dir.resolve("postgresql.conf"), SHARED_SETTINGS, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("pg_hba.conf"), HBA);
        serverUser.writeOwned(dir.resolve(NODE_CONF), "");

        // Single-user mode: no port, no socket, no wait for a server start; one statement per line.
        StringBuilder setup = new StringBuilder("CREATE DATABASE \"" + database + "\"\n");
        for (int replica = 1; replica <= replicasPerShard; replica++) {
            setup.append("SELECT pg_create_physical_replication_slot('").append(slotName(replica)).append("', true)\n");
        }
        String output = OsProcesses.run(serverUser.wrap(List.of(binaries.bin("postgres").toString(), "--single",
                "-D", dir.toString(), "postgres")), setup.toString(), Duration.ofSeconds(120));
        if (output.contains("ERROR:")) {
            throw new FleetException("setting up the template cluster in " + dir + " failed:\n" + output);
        }
    }

    private static final String SHARED_SETTINGS = """

            # ---- sharded-jdbc test fleet ----
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 100
            # two-phase commit of transactions that write several shards; replicas need at least the primary's
            max_prepared_transactions = 20
            shared_buffers = 16MB
            # Throw-away clusters: durability against an OS crash is not needed. Commits stay synchronous
            # (free with fsync off) so that a committed row survives kill -9 of the postmaster and is shipped
            # to replicas at once instead of after the WAL writer's next round.
            fsync = off
            full_page_writes = off
            synchronous_commit = on
            wal_level = replica
            max_wal_senders = 10
            max_replication_slots = 10
            # a replica left down while the primary keeps writing must not fill the (often in-memory) disk
            max_slot_wal_keep_size = 1GB
            hot_standby = on
            hot_standby_feedback = on
            wal_receiver_status_interval = 1s
            wal_retrieve_retry_interval = 200ms
            # two cores: parallel query only adds contention, JIT only adds latency to small statements
            max_parallel_workers_per_gather = 0
            jit = off
            log_line_prefix = '%m [%p] '
            include_if_exists = 'fleet-node.conf'
            """;

    private static final String HBA = """
            # sharded-jdbc test fleet: loopback only, password authentication, replication included
            host  all          all  127.0.0.1/32  scram-sha-256
            host  replication  all  127.0.0.1/32  scram-sha-256
            """;
}
