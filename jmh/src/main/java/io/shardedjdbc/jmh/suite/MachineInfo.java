package io.shardedjdbc.jmh.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;

/** The header of the results: what the numbers were measured on, so ratios from other machines are not mixed. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String describe(BenchServers servers, String command) {
        return """
                Machine: %d cores (%s), %s; JDK: %s %s; JMH %s; PostgreSQL %s on %s.
                Date: %s. Command: `%s`
                """.formatted(Runtime.getRuntime().availableProcessors(), cpuModel().orElse("CPU model unknown"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), jmhVersion(),
                serverVersion(servers), servers.origin(), LocalDate.now(), command);
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String jmhVersion() {
        return org.openjdk.jmh.util.Version.getPlainVersion();
    }

    private static String serverVersion(BenchServers servers) {
        Properties credentials = new Properties();
        if (servers.user() != null) {
            credentials.setProperty("user", servers.user());
        }
        if (servers.password() != null) {
            credentials.setProperty("password", servers.password());
        }
        try (Connection c = DriverManager.getConnection(servers.primaries().get(0), credentials);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "(version unknown)";
        } catch (SQLException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }
}
