package io.shardedjdbc.itest.twophase;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transfers across shards from 4 threads in a child JVM that is killed (SIGKILL) at random moments, several times:
 * after each kill a fresh instance of the driver finishes every prepared part left in doubt, the sum of the balances
 * is what it was, every account's balance is what its transfer rows say (no transfer is half applied), and every
 * transfer whose commit returned is there. {@code -Dtwophase.crashRounds=N} runs more rounds (default 3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferCrashTest {
    private static final int ACCOUNTS = 40;
    private static final long OPENING_BALANCE = 1_000;
    private TwoPhaseFleet fx;

    @BeforeAll
    void start() throws SQLException {
        fx = new TwoPhaseFleet(3);
        try (ShardedDataSource ds = fx.dataSource(""); Connection c = ds.getConnection();
             Statement st = c.createStatement()) {
            for (int k = 1; k <= ACCOUNTS; k++) {
                st.addBatch("INSERT INTO tp_accounts VALUES (" + k + ", " + OPENING_BALANCE + ")");
            }
            st.executeBatch();
        }
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    @Test
    void killedTransfersAreAllOrNothingAndEveryAcknowledgedOneStays() throws Exception {
        int rounds = Integer.getInteger("twophase.crashRounds", 3);
        Random random = new Random();
        Set<String> acknowledged = new HashSet<>();
        int roundsWithPartsInDoubt = 0;
        for (int round = 0; round < rounds; round++) {
            Path topology = fx.topology("crossShardLockTimeout: 1000\n");
            Path errors = Files.createTempFile("transfer-worker", ".log");
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TransferWorker.class.getName(),
                    topology.toString(), fx.fleet.user(), fx.fleet.password(), String.valueOf(ACCOUNTS), "4")
                    .redirectError(errors.toFile()).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> read(worker, lines), "transfer-worker-output");
            reader.start();
            int killAt = 10 + random.nextInt(60);
            try {
                Poll.until(TwoPhaseFleet.WAIT, killAt + " transfers acknowledged (worker log: " + errors + ")",
                        () -> count(lines, "ACK ") >= killAt || !worker.isAlive());
                assertTrue(worker.isAlive(), "the worker died by itself: " + Files.readString(errors));
            } finally {
                worker.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, sockets just close
                assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
                reader.join(10_000);
            }
            for (String line : lines) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                }
            }
            long inDoubt = 0;
            for (int s = 0; s < fx.shards(); s++) {
                inDoubt += fx.inDoubt(s);
            }
            roundsWithPartsInDoubt += inDoubt > 0 ? 1 : 0;
            // a fresh instance, as after a restart of the application: its recovery runs at start
            try (ShardedDataSource fresh = fx.dataSource("recoveryInterval: 100\ninDoubtTimeout: 200\n")) {
                fresh.getConnection().close();
                fx.awaitNoneInDoubt();
            }
            check(acknowledged);
            Files.deleteIfExists(errors);
        }
        System.out.println("TransferCrashTest: " + rounds + " kills, " + acknowledged.size()
                + " acknowledged transfers, " + roundsWithPartsInDoubt + " kills left prepared parts in doubt");
    }

    private void check(Set<String> acknowledged) throws SQLException {
        Map<Long, Long> balances = new HashMap<>();
        Map<Long, Long> expected = new HashMap<>();
        Set<String> transfers = new HashSet<>();
        for (int s = 0; s < fx.shards(); s++) {
            try (Connection c = fx.primary(s).connect(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT account_id, balance FROM tp_accounts")) {
                    while (rs.next()) {
                        balances.put(rs.getLong(1), rs.getLong(2));
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT transfer_id, account_id, to_account, amount"
                        + " FROM tp_transfers")) {
                    while (rs.next()) {
                        transfers.add(rs.getString(1));
                        expected.merge(rs.getLong(2), -rs.getLong(4), Long::sum);
                        expected.merge(rs.getLong(3), rs.getLong(4), Long::sum);
                    }
                }
            }
        }
        assertEquals(ACCOUNTS, balances.size());
        assertEquals(ACCOUNTS * OPENING_BALANCE, balances.values().stream().mapToLong(Long::longValue).sum(),
                "the sum of the balances is invariant");
        for (Map.Entry<Long, Long> e : balances.entrySet()) {
            assertEquals(OPENING_BALANCE + expected.getOrDefault(e.getKey(), 0L), e.getValue(),
                    "account " + e.getKey() + " is what its transfers say: none is half applied");
        }
        List<String> lost = new ArrayList<>();
        for (String id : acknowledged) {
            if (!transfers.contains(id)) {
                lost.add(id);
            }
        }
        assertEquals(List.of(), lost, "acknowledged transfers that are missing");
    }

    private static void read(Process worker, List<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (java.io.IOException e) {
            // the process was killed: what was read is what counts
        }
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }
}
