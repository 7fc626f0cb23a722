package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parts of one statement that run on several shards at once: the first on the calling thread, the others on
 * the cluster's executor. {@link #runAll} returns only when every part has finished, so that no other thread still
 * uses a connection when the caller releases it; the first failure is thrown with the others suppressed.
 *
 * <p>When the caller has finished its own part, it runs every part that no executor thread has started yet instead
 * of waiting for it. Under load the executor's queue holds other statements' parts, and waiting there would leave
 * the caller idle while it holds a connection per shard; with idle executor threads the parts have long started and
 * nothing changes.
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
        List<Claimed<T>> others = new ArrayList<>(parts.size() - 1);
        for (int i = 1; i < parts.size(); i++) {
            Claimed<T> part = new Claimed<>(parts.get(i));
            part.future = executor.submit(part::runIfUnclaimed);
            others.add(part);
        }
        List<T> results = new ArrayList<>(Collections.nCopies(parts.size(), null));
        SQLException failure = null;
        try {
            results.set(0, parts.get(0).run());
        } catch (SQLException e) {
            failure = e;
        }
        // every part still queued first, then the waits: waiting for a started part while a later one sits in the
        // queue would leave that one behind other statements' parts
        boolean[] mine = new boolean[others.size()];
        for (int i = 0; i < others.size(); i++) {
            Claimed<T> part = others.get(i);
            if (part.claim()) {
                mine[i] = true;
                try {
                    results.set(i + 1, part.part.run());
                } catch (SQLException e) {
                    failure = add(failure, e);
                } catch (RuntimeException e) {
                    failure = add(failure, unexpected(what, e));
                }
            }
        }
        boolean interrupted = false;
        for (int i = 0; i < others.size(); i++) {
            while (!mine[i]) {
                try {
                    results.set(i + 1, others.get(i).future.get());
                    break;
                } catch (ExecutionException e) {
                    failure = add(failure, e.getCause() instanceof SQLException se ? se : unexpected(what, e.getCause()));
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            SQLException e = SqlState.QUERY_CANCELED.exception("interrupted while waiting for the shards");
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

    private static SQLException add(SQLException failure, SQLException next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }

    private static SQLException unexpected(String what, Throwable cause) {
        return SqlState.INTERNAL_ERROR.exception("a shard's part of " + what + " failed: " + cause, cause);
    }

    /** A part that runs once: on the executor if a thread takes it first, else on the caller. */
    private static final class Claimed<T> {
        final Part<T> part;
        final AtomicBoolean claimed = new AtomicBoolean();
        Future<T> future;

        Claimed(Part<T> part) {
            this.part = part;
        }

        boolean claim() {
            return !claimed.get() && claimed.compareAndSet(false, true);
        }

        /** The executor's task; a part the caller took meanwhile is left alone (its result is the caller's). */
        T runIfUnclaimed() throws SQLException {
            return claim() ? part.run() : null;
        }
    }
}
