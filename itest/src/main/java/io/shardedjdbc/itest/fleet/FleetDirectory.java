package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The directory of one running fleet. Its owner holds an exclusive lock on {@value #OWNER_LOCK} for the
 * fleet's lifetime; the OS drops that lock when the owning JVM dies, however it dies, which is how
 * {@link StaleFleetReaper} tells a live fleet from the leftovers of a killed JVM.
 */
final class FleetDirectory implements AutoCloseable {
    static final String OWNER_LOCK = "owner.lock";
    static final String OWNER_PID = "owner.pid";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private FleetDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    static FleetDirectory create(Path fleetsDir) throws IOException {
        String id = namePrefix(ProcessHandle.current().pid())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path path = FileTrees.createShared(fleetsDir.resolve(id));
        FileChannel channel = FileChannel.open(path.resolve(OWNER_LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            Files.writeString(path.resolve(OWNER_PID), ProcessHandle.current().pid() + "\n");
            return new FleetDirectory(path, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String namePrefix(long pid) {
        return "fleet-" + pid + "-";
    }

    /** Whether {@code fleet} was created by this process (its name starts with our pid). */
    static boolean ownedByThisProcess(Path fleet) {
        return fleet.getFileName().toString().startsWith(namePrefix(ProcessHandle.current().pid()));
    }

    Path path() {
        return path;
    }

    /** Deletes the directory, then gives up ownership. */
    @Override
    public void close() throws IOException {
        try {
            FileTrees.deleteTree(path);
        } finally {
            try (channel) {
                lock.release();
            }
        }
    }
}
