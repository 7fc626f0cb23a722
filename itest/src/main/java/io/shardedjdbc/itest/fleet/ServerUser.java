package io.shardedjdbc.itest.fleet;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS user the PostgreSQL processes run as. PostgreSQL refuses to run as root, so a root JVM runs the
 * servers as an unprivileged user (created as a system user when missing, {@code nobody} as the last resort)
 * through {@code setpriv}, which execs in place: the JVM's child process is the postmaster itself.
 */
final class ServerUser {
    static final String ENV_OS_USER = "SHARDED_JDBC_FLEET_OS_USER";
    private static final String DEFAULT_NAME = "shardedjdbc";
    private static final Logger LOG = LoggerFactory.getLogger(ServerUser.class);

    private final String name;
    private final UserPrincipal user;
    private final GroupPrincipal group;
    private final boolean switching;

    private ServerUser(String name, UserPrincipal user, GroupPrincipal group, boolean switching) {
        this.name = name;
        this.user = user;
        this.group = group;
        this.switching = switching;
    }

    /** The JVM's own user, or an unprivileged one when the JVM runs as root. */
    static ServerUser detect(Map<String, String> env) {
        if (!runningAsRoot()) {
            return new ServerUser(System.getProperty("user.name"), null, null, false);
        }
        String wanted = env.getOrDefault(ENV_OS_USER, DEFAULT_NAME);
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        String name = existingOrCreated(lookup, wanted);
        try {
            UserPrincipal user = lookup.lookupPrincipalByName(name);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(primaryGroupOf(name));
            LOG.debug("the JVM runs as root; PostgreSQL servers run as OS user {}", name);
            return new ServerUser(name, user, group, true);
        } catch (IOException e) {
            throw new FleetException("the JVM runs as root and PostgreSQL refuses to; cannot use OS user " + name
                    + " (" + e.getMessage() + "). Run the tests as a non-root user or set " + ENV_OS_USER, e);
        }
    }

    private static boolean runningAsRoot() {
        try {
            // /proc/self belongs to the effective uid of this process: no native call or exec needed
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String existingOrCreated(UserPrincipalLookupService lookup, String wanted) {
        if (exists(lookup, wanted)) {
            return wanted;
        }
        try {
            OsProcesses.run(List.of("useradd", "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", wanted), null, Duration.ofSeconds(30));
            LOG.info("created system user {} to run PostgreSQL", wanted);
            return wanted;
        } catch (FleetException e) {
            if (exists(lookup, wanted)) {
                return wanted; // another JVM created it at the same time
            }
            LOG.warn("cannot create OS user {} ({}); running PostgreSQL as nobody", wanted, e.getMessage().strip());
            return "nobody";
        }
    }

    private static boolean exists(UserPrincipalLookupService lookup, String name) {
        try {
            lookup.lookupPrincipalByName(name);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new FleetException("cannot look up OS user " + name + ": " + e.getMessage(), e);
        }
    }

    private static String primaryGroupOf(String name) {
        String groupId = OsProcesses.run(List.of("id", "-gn", name), null, Duration.ofSeconds(10)).strip();
        if (groupId.isEmpty()) {
            throw new FleetException("OS user " + name + " has no primary group");
        }
        return groupId;
    }

    String name() {
        return name;
    }

    /** {@code command} as this user would run it. */
    List<String> wrap(List<String> command) {
        if (!switching) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=" + group.getName(),
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Hands {@code path} (not recursively) to this user. */
    void own(Path path) throws IOException {
        if (!switching) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        view.setGroup(group);
    }

    /** Writes a file that belongs to this user. */
    void writeOwned(Path file, String content) throws IOException {
        Files.writeString(file, content);
        own(file);
    }
}
