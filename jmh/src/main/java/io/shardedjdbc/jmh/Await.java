package io.shardedjdbc.jmh;

import java.time.Duration;

/** Waits for a condition of the servers by polling it, so setup takes as long as the servers need and no longer. */
final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** A condition that may need a query to decide. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    static void until(Duration timeout, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
