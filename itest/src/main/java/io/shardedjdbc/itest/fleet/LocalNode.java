package io.shardedjdbc.itest.fleet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server run by this JVM as a child process (the postmaster itself, so kill -9 hits the real
 * server), with its own data directory and log file.
 */
final class LocalNode implements FleetNode {
    static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 40;

    private final LocalServerSettings settings;
    private final String name;
    private final String shardName;
    private final Path dataDir;
    private final Path logFile;
    private final LocalNode upstream;
    private final int replicaNumber;
    private volatile int port;
    private volatile boolean replica;
    private Process process; // guarded by this

    private LocalNode(LocalServerSettings settings, String shardName, String name, Path dataDir, int port,
                      LocalNode upstream, int replicaNumber) {
        this.settings = settings;
        this.shardName = shardName;
        this.name = name;
        this.dataDir = dataDir;
        this.logFile = dataDir.resolveSibling(name + ".log");
        this.port = port;
        this.upstream = upstream;
        this.replicaNumber = replicaNumber;
        this.replica = upstream != null;
    }

    static LocalNode primary(LocalServerSettings settings, String shardName, Path fleetDir, int port) {
        String name = shardName + "-primary";
        return new LocalNode(settings, shardName, name, fleetDir.resolve(name), port, null, 0);
    }

    /** Replica number {@code replicaNumber} (1-based) streaming from {@code primary}. */
    static LocalNode replica(LocalServerSettings settings, LocalNode primary, int replicaNumber, Path fleetDir, int port) {
        String name = primary.shardName + "-replica" + replicaNumber;
        return new LocalNode(settings, primary.shardName, name, fleetDir.resolve(name), port, primary, replicaNumber);
    }

    /** Makes this node's data directory a copy of the (cleanly stopped) template cluster. */
    void createFrom(Path template) throws IOException {
        FileTrees.copyTree(template, dataDir);
        if (upstream != null) {
            // slots copied from the template would pin WAL on the standby forever
            FileTrees.emptyDirectory(dataDir.resolve("pg_replslot"));
            settings.serverUser().writeOwned(dataDir.resolve("standby.signal"), "");
        }
        writeNodeConf();
    }

    /** Moves a node that has never started to another port (the first one was taken meanwhile). */
    void rebind(int newPort) throws IOException {
        this.port = newPort;
        writeNodeConf();
    }

    private void writeNodeConf() throws IOException {
        writeNodeConf(upstream, upstream == null ? null : ClusterTemplate.slotName(replicaNumber));
    }

    private void writeNodeConf(FleetNode source, String slot) throws IOException {
        StringBuilder conf = new StringBuilder()
                .append("port = ").append(port).append('\n')
                .append("cluster_name = '").append(name).append("'\n");
        if (source != null) {
            conf.append("primary_conninfo = '").append(conninfo(source)).append(" application_name=").append(name)
                    .append("'\n")
                    .append("primary_slot_name = '").append(slot).append("'\n");
        }
        settings.serverUser().writeOwned(dataDir.resolve(ClusterTemplate.NODE_CONF), conf.toString());
    }

    private String conninfo(FleetNode source) {
        return "host=" + source.host() + " port=" + source.port() + " user=" + settings.user() + " password="
                + settings.password();
    }

    /**
     * The data directory is replaced by an online base backup of {@code newPrimary} and the server starts as its
     * standby (with a slot of its own there), as an HA manager re-initialises a failed primary it cannot rewind. The
     * backup uses the server's low-level API (pg_backup_start, a file copy, pg_backup_stop and its backup label): the
     * embedded binaries have no pg_basebackup.
     */
    @Override
    public synchronized void rejoin(FleetNode newPrimary) {
        if (!(newPrimary instanceof LocalNode source)) {
            throw new UnsupportedOperationException("re-initialising from " + newPrimary.name() + " needs the local backend");
        }
        stop();
        String slot = NodeSql.ensureSlot(newPrimary, this);
        try (Connection c = newPrimary.connect(); Statement st = c.createStatement()) {
            FileTrees.deleteTree(dataDir);
            Files.createDirectory(dataDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            settings.serverUser().own(dataDir);
            st.execute("SELECT pg_backup_start('rejoin " + name + "', true)");
            FileTrees.copyRunningDataDirectory(source.dataDir, dataDir);
            String label;
            try (ResultSet rs = st.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                rs.next();
                label = rs.getString(1);
            }
            settings.serverUser().writeOwned(dataDir.resolve("backup_label"), label);
            // the source's own settings (its ALTER SYSTEM re-pointing) came along; this node's replace them
            settings.serverUser().writeOwned(dataDir.resolve("postgresql.auto.conf"), "");
            settings.serverUser().writeOwned(dataDir.resolve("standby.signal"), "");
            writeNodeConf(newPrimary, slot);
        } catch (IOException | SQLException e) {
            throw new FleetException("cannot re-initialise " + name + " from " + newPrimary.name() + ": "
                    + e.getMessage(), e);
        }
        replica = true;
        start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String shardName() {
        return shardName;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + settings.database();
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean isReplica() {
        return replica;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    Path dataDir() {
        return dataDir;
    }

    Path logFile() {
        return logFile;
    }

    /** The postmaster's process id while it runs. */
    synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    @Override
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            throw new FleetException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = settings.serverUser().wrap(List.of(
                settings.binaries().bin("postgres").toString(), "-D", dataDir.toString()));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new FleetException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
        awaitReady(process);
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!isReady(started.pid())) {
            if (!started.isAlive()) {
                throw new FleetException(name + " exited with code " + started.exitValue() + " while starting on port "
                        + port + "; tail of " + logFile + ":\n" + OsProcesses.tail(logFile, LOG_TAIL_LINES));
            }
            if (System.nanoTime() > deadline) {
                OsProcesses.killTree(started.toHandle(), STOP_TIMEOUT);
                throw new FleetException(name + " did not accept connections within " + START_TIMEOUT.toSeconds()
                        + " s; tail of " + logFile + ":\n" + OsProcesses.tail(logFile, LOG_TAIL_LINES));
            }
            pause();
        }
    }

    /**
     * Whether the postmaster with {@code pid} says, in its lock file, that it accepts connections (line 8 is
     * its status; line 1 tells the new postmaster's file from one a killed predecessor left behind).
     */
    private boolean isReady(long pid) {
        try {
            List<String> lines = new String(Files.readAllBytes(dataDir.resolve("postmaster.pid")), StandardCharsets.UTF_8)
                    .lines().toList();
            return lines.size() >= 8 && lines.get(0).trim().equals(Long.toString(pid))
                    && lines.get(7).trim().equals("ready");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new FleetException("cannot read " + dataDir.resolve("postmaster.pid") + ": " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while waiting for a server", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        try {
            OsProcesses.run(settings.serverUser().wrap(List.of(settings.binaries().bin("pg_ctl").toString(),
                    "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", Long.toString(STOP_TIMEOUT.toSeconds()))),
                    null, STOP_TIMEOUT.plusSeconds(10));
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FleetException(name + " did not exit within " + STOP_TIMEOUT.toSeconds() + " s after pg_ctl stop");
            }
        } catch (FleetException e) {
            throw new FleetException("cannot stop " + name + ": " + e.getMessage() + "\ntail of " + logFile + ":\n"
                    + OsProcesses.tail(logFile, LOG_TAIL_LINES), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while stopping " + name, e);
        }
    }

    @Override
    public synchronized void kill() {
        if (process != null) {
            OsProcesses.killTree(process.toHandle(), STOP_TIMEOUT);
            removeSharedMemory();
        }
    }

    /**
     * A killed postmaster leaves its System V shared memory segment behind (a clean stop removes it); once its data
     * directory is deleted nothing ever will, and after a few thousand kills the machine cannot start a server
     * (shmget: no space left on device). Line 7 of postmaster.pid holds the segment's key and id; nothing is
     * attached to it any more once the process tree is gone.
     */
    private void removeSharedMemory() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.size() >= 7) {
                String[] keyAndId = lines.get(6).trim().split("\\s+");
                if (keyAndId.length == 2) {
                    new ProcessBuilder("ipcrm", "-m", keyAndId[1]).redirectErrorStream(true).start()
                            .waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            // no pid file or no ipcrm: the segment stays, as it did before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void promote() {
        NodeSql.promote(this);
        replica = false;
    }

    @Override
    public void freeze(java.time.Duration pause) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            throw new FleetException(name + " is not running");
        }
        OsProcesses.freezeTree(p.toHandle(), pause);
    }

    @Override
    public void follow(FleetNode newUpstream) {
        NodeSql.follow(this, newUpstream, settings.user(), settings.password());
    }

    @Override
    public void pauseReplay() {
        NodeSql.pauseReplay(this);
    }

    @Override
    public void resumeReplay() {
        NodeSql.resumeReplay(this);
    }

    @Override
    public String toString() {
        return name + " (" + jdbcUrl() + (replica ? ", replica" : ", primary") + ")";
    }
}
