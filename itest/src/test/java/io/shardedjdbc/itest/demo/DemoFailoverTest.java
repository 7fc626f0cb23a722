package io.shardedjdbc.itest.demo;

import io.shardedjdbc.itest.fleet.Fleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's --failover on a fleet of its own: s0's primary dies at mid-run and the report says what it cost. */
class DemoFailoverTest {
    @Test
    void theDrillKillsPromotesAndReportsTheGapAndNoLostWrite(@TempDir Path dir) throws Exception {
        try (Fleet fleet = Fleet.start(2, 1)) {
            DemoTarget target = DemoTarget.ofFleet(fleet, new SocialSchema(DemoRun.SHARDED_PREFIX),
                    dir.resolve("shards.yaml"));
            DemoOptions options = DemoOptions.parse(List.of("--users", "200", "--seconds", "3", "--threads", "2",
                    "--failover", "--no-direct"));
            FailoverDrill drill = FailoverDrill.prepare(fleet, options.duration());
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            DemoRun run;
            DemoReport report;
            try (PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
                run = new DemoRun(target, options, DataShape.forUsers(options.users()), out,
                        ProgressBar.Style.PLAIN_LINES, drill);
                report = run.run();
            }
            String summary = run.failoverSummary();
            assertNotNull(summary);
            assertTrue(summary.contains("promoted") && summary.contains("writes to s0 resumed"), summary);
            assertTrue(summary.contains(", 0 of them lost"), summary);
            assertTrue(summary.contains(" 0 failed"), summary);
            assertTrue(report.sharded().totalOperations() > 0, "the workload ran on");
            System.out.println("DemoFailoverTest: " + summary);
        }
    }
}
