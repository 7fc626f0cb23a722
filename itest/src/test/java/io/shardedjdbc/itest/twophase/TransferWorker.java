package io.shardedjdbc.itest.twophase;

import io.shardedjdbc.ShardedDataSource;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child JVM of {@link TransferCrashTest}: threads that move money between accounts on different shards, each
 * transfer one transaction (two balance updates and a transfer row on the paying account's shard), forever. A line
 * {@code ACK <id>} is printed only after {@code commit()} returned; {@code UNKNOWN <id>} when the driver said the
 * outcome is unknown. The parent kills this process with SIGKILL at a moment of its choosing.
 *
 * <p>Arguments: topology file, user, password, number of accounts (ids 1..n), threads.
 */
public final class TransferWorker {
    private TransferWorker() {
    }

    public static void main(String[] args) throws Exception {
        ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + args[0]);
        ds.setUser(args[1]);
        ds.setPassword(args[2]);
        int accounts = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        String[] shardOf = new String[accounts + 1];
        for (int k = 1; k <= accounts; k++) {
            shardOf[k] = ds.shardOf("default", (long) k);
        }
        PrintStream out = System.out;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> transfers(ds, shardOf, accounts, thread, out), "transfers-" + t);
            worker.start();
        }
        synchronized (out) {
            out.println("STARTED");
            out.flush();
        }
    }

    private static void transfers(ShardedDataSource ds, String[] shardOf, int accounts, int thread, PrintStream out) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (long n = 0; ; n++) {
            long from = 1 + rnd.nextInt(accounts);
            long to = 1 + rnd.nextInt(accounts);
            if (shardOf[(int) from].equals(shardOf[(int) to])) {
                continue;
            }
            String id = ProcessHandle.current().pid() + "-" + thread + "-" + n;
            long amount = 1 + rnd.nextInt(50);
            String outcome;
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    move(c, from, -amount);
                    move(c, to, amount);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tp_transfers"
                            + " (transfer_id, account_id, to_account, amount) VALUES (?, ?, ?, ?)")) {
                        ps.setString(1, id);
                        ps.setLong(2, from);
                        ps.setLong(3, to);
                        ps.setLong(4, amount);
                        ps.executeUpdate();
                    }
                    c.commit();
                    outcome = "ACK " + id;
                } catch (SQLException e) {
                    outcome = "SJ015".equals(e.getSQLState()) ? "UNKNOWN " + id : "FAIL " + e.getSQLState();
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the failure is what this line reports
                    }
                }
            } catch (SQLException e) {
                outcome = "FAIL " + e.getSQLState();
            }
            synchronized (out) {
                out.println(outcome);
                out.flush();
            }
        }
    }

    private static void move(Connection c, long account, long amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tp_accounts SET balance = balance + ? WHERE account_id = ?")) {
            ps.setLong(1, amount);
            ps.setLong(2, account);
            ps.executeUpdate();
        }
    }
}
