package io.shardedjdbc.itest.failover;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.Poll;
import io.shardedjdbc.itest.fleet.SharedFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard whose listed nodes are two writable servers on the same timeline (two independent primaries: a split
 * brain, which should not happen) stops writes with SJ016 rather than guess, and sends nothing.
 */
class TwoWritableNodesTest {
    @Test
    void twoWritableNodesOnOneTimelineStopWritesWithoutGuessing(@TempDir Path dir) throws Exception {
        Fleet fleet = SharedFleet.get();
        Path file = Files.writeString(dir.resolve("split.yaml"), """
                shards:
                  - name: s0
                    nodes: [%s, %s]
                user: %s
                password: %s
                failoverTimeout: 300
                tables:
                  tw_events: { key: k }
                """.formatted(fleet.shard(0).primary().jdbcUrl(), fleet.shard(1).primary().jdbcUrl(), fleet.user(),
                fleet.password()));
        try (ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + file)) {
            Poll.until(Duration.ofSeconds(60), "both nodes checked", () -> checked(ds) == 2);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                        () -> st.executeUpdate("INSERT INTO tw_events (k) VALUES (1)"));
                assertEquals("SJ016", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("writable on timeline"), e.getMessage());
            }
        }
    }

    private static long checked(ShardedDataSource ds) {
        try {
            return ds.nodes().stream().filter(NodeStatus::up).filter(n -> n.timeline() > 0).count();
        } catch (SQLException e) {
            return -1;
        }
    }
}
