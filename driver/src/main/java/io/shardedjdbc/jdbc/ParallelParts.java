package io.shardedjdbc.jdbc;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The parts of one statement that run on several shards at once: the first on the calling thread, the others on
 * the cluster's executor. {@link #runAll} returns only when every part has finished, so that no other thread still
 * uses a connection when the caller releases it; the first failure is thrown with the others suppressed.
 */
final class ParallelParts {

    /** One shard's part. */
    @FunctionalInterface
    interface Part<T> {
        T run() throws SQLException;
    }

    private ParallelParts() {
    }

    /**
     * @param what names the statement in the message of a failure that is not an {@link SQLException}
     * @return each part's result, in the parts' order
     */
    static <T> List<T> runAll(ExecutorService executor, List<Part<T>> parts, String what) throws SQLException {
        if (parts.isEmpty()) {
            return List.of();
        }
        List<Future<T>> futures = new ArrayList<>(parts.size());
        for (int i = 1; i < parts.size(); i++) {
            futures.add(executor.submit(parts.get(i)::run));
        }
        List<T> results = new ArrayList<>(parts.size());
        SQLException failure = null;
        try {
            results.add(parts.get(0).run());
        } catch (SQLException e) {
            failure = e;
            results.add(null);
        }
        boolean interrupted = false;
        for (Future<T> f : futures) {
            T result = null;
            while (true) {
                try {
                    result = f.get();
                    break;
                } catch (ExecutionException e) {
                    SQLException cause = e.getCause() instanceof SQLException se ? se
                            : SqlState.CONNECTION_FAILURE.exception("a shard's part of " + what + " failed: "
                            + e.getCause(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            results.add(result);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            SQLException e = SqlState.CONNECTION_FAILURE.exception("interrupted while waiting for the shards");
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
