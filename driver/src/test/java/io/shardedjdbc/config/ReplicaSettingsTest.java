package io.shardedjdbc.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Replica weights in the shard list, and the settings of replica reads. */
class ReplicaSettingsTest {
    @TempDir
    Path dir;
    private TopologyFiles files;

    @BeforeEach
    void setUp() {
        files = new TopologyFiles(dir);
    }

    private static final String WEIGHTED = """
            shards:
              - name: s0
                primary: jdbc:postgresql://10.0.0.1:5432/app
                replicas:
                  - jdbc:postgresql://10.0.0.2:5432/app
                  - { url: "jdbc:postgresql://10.0.0.3:5432/app", weight: 3 }
            """;

    @Test
    void replicasAreUrlsOrMappingsWithAWeight() throws Exception {
        ShardSpec s0 = files.load(WEIGHTED).shards().get(0);
        assertEquals(List.of("jdbc:postgresql://10.0.0.2:5432/app", "jdbc:postgresql://10.0.0.3:5432/app"),
                s0.replicas());
        assertEquals(List.of(1, 3), s0.replicaWeights());
    }

    @Test
    void badReplicaMappingsAreRefusedWithTheirLine() {
        files.assertRefused(WEIGHTED.replace("weight: 3", "weight: 0"), 6, "shards[0].replicas[1].weight",
                "between 1 and 1000");
        files.assertRefused(WEIGHTED.replace("url:", "uri:"), 6, "shards[0].replicas[1].uri", "did you mean 'url'");
        files.assertRefused(WEIGHTED.replace("weight: 3", "weight: heavy"), 6, "shards[0].replicas[1].weight", "");
    }

    @Test
    void defaultsReactWithinASecondAndReadYourWritesIsTheLevel() throws Exception {
        Settings s = files.load(TopologyFiles.TWO_SHARDS).settings();
        assertEquals(Consistency.READ_YOUR_WRITES, s.consistency());
        assertEquals(ReplicaSelection.ROUND_ROBIN, s.replicaSelection());
        assertEquals(10_000, s.getLong(Setting.MAX_REPLICA_LAG));
        assertEquals(-1, s.getLong(Setting.MAX_REPLICA_LAG_BYTES));
        long worstCase = s.getLong(Setting.MONITOR_INTERVAL) * s.getLong(Setting.MONITOR_FAILURES)
                + s.getLong(Setting.MONITOR_TIMEOUT);
        assertEquals(true, worstCase <= 1_000, "a dead server is seen within " + worstCase + " ms");
        assertEquals(Set.of(), s.writeFunctions());
    }

    @Test
    void settingsComeFromTheFileTheUrlAndProperties() throws Exception {
        Properties info = new Properties();
        info.setProperty("replicaSelection", "least-lag");
        Settings s = files.load(TopologyFiles.TWO_SHARDS + """
                consistency: session
                maxReplicaLagBytes: 16777216
                writeFunctions: app.touch_user, Audit_Write
                """, "?maxReplicaLag=2500", info).settings();
        assertEquals(Consistency.SESSION, s.consistency());
        assertEquals(2500, s.getLong(Setting.MAX_REPLICA_LAG));
        assertEquals(16_777_216, s.getLong(Setting.MAX_REPLICA_LAG_BYTES));
        assertEquals(ReplicaSelection.LEAST_LAG, s.replicaSelection());
        assertEquals(Set.of("touch_user", "audit_write"), s.writeFunctions());
    }

    @Test
    void badValuesNameTheSetting() {
        files.assertRefused(TopologyFiles.TWO_SHARDS + "consistency: linearizable\n", 6, "consistency",
                "not one of eventual, read-your-writes, session, causal, strong");
        files.assertRefused(TopologyFiles.TWO_SHARDS + "maxReplicaLag: 0\n", 6, "maxReplicaLag", "positive");
        files.assertRefused(TopologyFiles.TWO_SHARDS + "replicaSelection: fastest\n", 6, "replicaSelection",
                "round-robin, random, least-lag");
        files.assertRefused(TopologyFiles.TWO_SHARDS + "writeFunctions: \"touch(1)\"\n", 6, "writeFunctions",
                "not a function name");
    }

    @Test
    void nodesWithoutRolesAreAFirstGuessThatTheMonitorCorrects() throws Exception {
        ShardSpec s0 = files.load("""
                shards:
                  - name: s0
                    nodes: [jdbc:postgresql://10.0.0.1:5432/app, { url: "jdbc:postgresql://10.0.0.2:5432/app", weight: 3 }]
                """).shards().get(0);
        assertEquals("jdbc:postgresql://10.0.0.1:5432/app", s0.primary());
        assertEquals(java.util.List.of("jdbc:postgresql://10.0.0.2:5432/app"), s0.replicas());
        assertEquals(java.util.List.of(3), s0.replicaWeights());
        files.assertRefused("""
                shards:
                  - name: s0
                    primary: jdbc:postgresql://10.0.0.1:5432/app
                    nodes: [jdbc:postgresql://10.0.0.2:5432/app]
                """, 4, "shards[0].nodes", "list its servers once");
    }
}
