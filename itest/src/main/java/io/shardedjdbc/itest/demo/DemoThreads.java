package io.shardedjdbc.itest.demo;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Worker threads of the demo: named for thread dumps, and their failures surfaced as the SQLException they were. */
final class DemoThreads {
    private DemoThreads() {
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "demo-" + prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Waits for every worker; the first failure is thrown, with what the demo was doing. */
    static void awaitAll(List<? extends Future<?>> workers, String what) throws SQLException {
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.forEach(w -> w.cancel(true));
                throw new SQLException("interrupted while " + what, "57014", e);
            } catch (ExecutionException e) {
                workers.forEach(w -> w.cancel(true));
                Throwable cause = e.getCause();
                if (cause instanceof SQLException sql) {
                    throw new SQLException(what + " failed: " + sql.getMessage(), sql.getSQLState(), sql);
                }
                throw new SQLException(what + " failed: " + cause, "XX000", cause);
            }
        }
    }
}
