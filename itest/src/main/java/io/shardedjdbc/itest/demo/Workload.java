package io.shardedjdbc.itest.demo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mixed workload: several threads, each borrowing a connection from the application pool per operation
 * (as a web request would), for a fixed time. The same seed gives the same sequence of operations and keys,
 * so the sharded and the direct run do the same work.
 */
public final class Workload {
    private static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final SocialSchema schema;
    private final DataShape shape;
    private final int threads;
    private final Duration duration;
    private final long seed;

    public Workload(SocialSchema schema, DataShape shape, int threads, Duration duration, long seed) {
        this.schema = schema;
        this.shape = shape;
        this.threads = Math.max(1, threads);
        this.duration = duration;
        this.seed = seed;
    }

    public WorkloadResult run(DataSource pool, ProgressBar progress) throws SQLException {
        WorkloadStatements statements = new WorkloadStatements(schema, shape);
        LongAdder completed = new LongAdder();
        ExecutorService executor = Executors.newFixedThreadPool(threads, DemoThreads.named("workload"));
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        WorkloadResult total = new WorkloadResult();
        try {
            List<Future<WorkloadResult>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(seed * 31 + t);
                int worker = t;
                workers.add(executor.submit(() -> work(pool, statements, random, deadline, completed,
                        new UserSessions(worker, threads))));
            }
            for (Future<WorkloadResult> worker : workers) {
                while (!await(worker, PROGRESS_NANOS)) {
                    long elapsed = System.nanoTime() - start;
                    progress.set(Math.min(duration.toSeconds(), TimeUnit.NANOSECONDS.toSeconds(elapsed)),
                            String.format(Locale.ROOT, "%,.0f ops/s", completed.sum() / (elapsed / 1e9)));
                }
            }
            DemoThreads.awaitAll(workers, "the workload on " + schema.users());
            for (Future<WorkloadResult> worker : workers) {
                total.merge(done(worker));
            }
        } finally {
            executor.shutdownNow();
        }
        total.elapsedNanos(System.nanoTime() - start);
        progress.finish();
        return total;
    }

    private static boolean await(Future<?> worker, long nanos) {
        try {
            worker.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // reported with its cause by awaitAll
        }
    }

    private static WorkloadResult done(Future<WorkloadResult> worker) throws SQLException {
        try {
            return worker.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new SQLException("a workload thread ended without a result: " + e, "XX000", e);
        }
    }

    private static WorkloadResult work(DataSource pool, WorkloadStatements statements, SplittableRandom random,
                                       long deadline, LongAdder completed, UserSessions users) {
        WorkloadResult mine = new WorkloadResult();
        long now;
        while ((now = System.nanoTime()) < deadline && !Thread.currentThread().isInterrupted()) {
            Operation op = Operation.forPercent(random.nextInt(100));
            try (Connection c = pool.getConnection()) {
                boolean found = statements.run(op, c, random, users);
                mine.recordSuccess(op, System.nanoTime() - now, found);
                completed.increment();
            } catch (SQLException e) {
                mine.recordError(op, e);
            }
        }
        return mine;
    }
}
