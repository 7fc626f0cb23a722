package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Directory copies and deletions for data directories. */
final class FileTrees {
    private FileTrees() {
    }

    /**
     * Creates {@code dir} (and parents) readable and traversable by everyone: when the servers run as another
     * OS user, every directory above their data must be traversable by that user whatever the umask is.
     */
    static Path createShared(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            // a directory someone else created: usable as long as we can write into it, which the caller finds out
        }
        return dir;
    }

    /**
     * Copies a directory tree with owners and permissions (as root the copy keeps belonging to the server
     * user, which PostgreSQL insists on for its data directory).
     */
    static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.copy(dir, target.resolve(source.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Copies the data directory of a running server for an online base backup: files that vanish during the copy are
     * skipped (the WAL replayed from the backup's start recreates what matters), and the directories PostgreSQL lists
     * as omitted from base backups are created empty (WAL, slots, temporary and run-time state).
     */
    static void copyRunningDataDirectory(Path source, Path target) throws IOException {
        java.util.Set<String> emptied = java.util.Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
                "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");
        java.util.Set<String> skipped = java.util.Set.of("postmaster.pid", "postmaster.opts", "backup_label",
                "tablespace_map", "standby.signal");
        Files.walkFileTree(source, new FilesMayVanish() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(dir);
                if (!relative.toString().isEmpty()) { // the target directory itself exists already
                    Files.copy(dir, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                boolean empty = relative.getNameCount() == 1 && emptied.contains(relative.toString());
                if (empty && relative.toString().equals("pg_wal")) {
                    Files.copy(dir.resolve("archive_status"), target.resolve("pg_wal/archive_status"),
                            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return empty ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(file);
                if (relative.getNameCount() == 1 && skipped.contains(relative.toString())
                        || file.getFileName().toString().startsWith("pgsql_tmp")) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException vanished) {
                    // dropped or renamed by the running server after the directory was listed
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A walk over a tree that something else may change meanwhile: a file gone before it is visited is skipped. */
    private abstract static class FilesMayVanish extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }

    /** Deletes {@code root} and everything below it; a tree that is already gone is fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new FilesMayVanish() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes the entries of {@code dir}, keeping the directory itself. */
    static void emptyDirectory(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                deleteTree(entry);
            }
        }
    }
}
