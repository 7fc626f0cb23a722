package io.shardedjdbc.itest.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StaleFleetReaperTest {

    @Test
    void fleetOfAKilledJvmIsReapedAndALiveFleetIsNot() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process orphanJvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OrphanFleetMain.class.getName())
                .redirectErrorStream(true)
                .start();
        String report;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(orphanJvm.getInputStream(), StandardCharsets.UTF_8))) {
            report = firstLineStartingWith(output, "FLEET ");
        } finally {
            orphanJvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertTrue(orphanJvm.waitFor(30, TimeUnit.SECONDS));
        String[] parts = report.split(" ");
        Path orphanDir = Path.of(parts[1]);
        ProcessHandle orphanPostmaster = ProcessHandle.of(Long.parseLong(parts[2])).orElseThrow();
        assertTrue(Files.isDirectory(orphanDir), "the killed JVM left its fleet behind");
        assertFalse(OsProcesses.isGone(orphanPostmaster), "the killed JVM left its servers running");

        try (LocalFleet live = LocalFleet.start(LocalFleetOptions.of(1, 0))) {
            // starting a fleet reaps; reaping again finds nothing stale and spares the live fleet
            assertFalse(Files.exists(orphanDir), orphanDir + " must be deleted");
            Poll.until(Duration.ofSeconds(30), "the orphaned postmaster to die", () -> OsProcesses.isGone(orphanPostmaster));
            List<Path> reaped = StaleFleetReaper.reap(orphanDir.getParent());
            assertFalse(reaped.contains(live.directory()));
            assertTrue(Files.isDirectory(live.directory()));
            assertEquals("1", FleetSql.queryString(live.shard(0).primary(), "SELECT 1"));
        }
    }

    private static String firstLineStartingWith(BufferedReader output, String prefix) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the orphan JVM ended without starting its fleet:\n" + seen);
    }
}
