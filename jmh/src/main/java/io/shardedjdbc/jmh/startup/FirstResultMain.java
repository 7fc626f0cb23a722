package io.shardedjdbc.jmh.startup;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;

/**
 * The program a start-up measurement runs in a fresh JVM whose class path holds only one peer's jars (and this
 * class): open a connection through {@link DriverManager} with the peer's URL, run a point SELECT, print one line
 * of figures and exit. It uses nothing but the JDK so that the class path says exactly what the peer needs.
 * <p>Arguments: {@code url user password sql key}. Output: {@code first-result-ms=... loaded-classes=...
 * heap-used-bytes=...}, the heap measured after a full collection.
 */
public final class FirstResultMain {
    private FirstResultMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: FirstResultMain url user password sql key");
            System.exit(2);
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", args[1]);
        credentials.setProperty("password", args[2]);
        String value;
        try (Connection c = DriverManager.getConnection(args[0], credentials);
             PreparedStatement ps = c.prepareStatement(args[3])) {
            ps.setLong(1, Long.parseLong(args[4]));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    System.err.println("no row for key " + args[4]);
                    System.exit(1);
                }
                value = rs.getString(1);
            }
        }
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println("first-result-ms=" + sinceStart + " loaded-classes=" + classes + " heap-used-bytes=" + heap
                + " value-length=" + value.length());
        // a driver's non-daemon threads must not keep the measured process alive
        System.exit(0);
    }
}
