package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the fleets of JVMs that died without closing them: their servers are killed and their
 * directories deleted. A fleet is stale when nobody holds the lock on its {@value FleetDirectory#OWNER_LOCK}.
 */
final class StaleFleetReaper {
    private static final Logger LOG = LoggerFactory.getLogger(StaleFleetReaper.class);
    // A directory without a lock file is either being created right now or a crash leftover.
    private static final Duration UNLOCKED_GRACE = Duration.ofMinutes(2);

    private StaleFleetReaper() {
    }

    /** Reaps every stale fleet under {@code fleetsDir}; returns the directories removed. */
    static List<Path> reap(Path fleetsDir) {
        List<Path> reaped = new ArrayList<>();
        if (!Files.isDirectory(fleetsDir)) {
            return reaped;
        }
        try (DirectoryStream<Path> fleets = Files.newDirectoryStream(fleetsDir, Files::isDirectory)) {
            for (Path fleet : fleets) {
                if (reapIfStale(fleet)) {
                    reaped.add(fleet);
                }
            }
        } catch (IOException e) {
            throw new FleetException("cannot list stale fleets in " + fleetsDir + ": " + e.getMessage(), e);
        }
        return reaped;
    }

    private static boolean reapIfStale(Path fleet) throws IOException {
        if (FleetDirectory.ownedByThisProcess(fleet)) {
            // Not even opened: closing any descriptor of a file drops all of this process's POSIX locks on it,
            // so touching our own lock file would expose our live fleet to other reapers.
            return false;
        }
        Path lockFile = fleet.resolve(FleetDirectory.OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            if (!olderThan(fleet, UNLOCKED_GRACE)) {
                return false;
            }
            remove(fleet);
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // locked through another channel of this JVM
            }
            if (lock == null) {
                return false; // owned by another live JVM
            }
            try {
                remove(fleet);
            } finally {
                lock.release();
            }
            return true;
        } catch (NoSuchFileException e) {
            return false; // its owner just closed it
        }
    }

    private static boolean olderThan(Path dir, Duration age) throws IOException {
        FileTime modified = Files.getLastModifiedTime(dir);
        return modified.toInstant().isBefore(Instant.now().minus(age));
    }

    private static void remove(Path fleet) throws IOException {
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(fleet, Files::isDirectory)) {
            for (Path node : nodes) {
                postmaster(node).ifPresent(postmaster -> {
                    LOG.info("killing postmaster {} of stale fleet {}", postmaster.pid(), fleet);
                    OsProcesses.killTree(postmaster, Duration.ofSeconds(30));
                });
            }
        }
        FileTrees.deleteTree(fleet);
        LOG.info("removed stale fleet {}", fleet);
    }

    /** The live postmaster serving {@code dataDir}, if any: its lock file names it. */
    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        String firstLine;
        try {
            firstLine = new String(Files.readAllBytes(pidFile), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(firstLine.trim());
        } catch (NumberFormatException e) {
            return Optional.empty(); // a lock file being written: its server is not up, nothing to kill yet
        }
        // the pid may have been reused since: only a process running the postgres binary is ours to kill
        return ProcessHandle.of(pid).filter(process -> process.info().command()
                .map(command -> command.endsWith("/postgres")).orElse(false));
    }
}
