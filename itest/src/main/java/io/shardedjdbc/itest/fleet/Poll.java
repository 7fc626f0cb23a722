package io.shardedjdbc.itest.fleet;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition by polling it; the timeout names what was awaited. Used by tests and benchmarks too. */
public final class Poll {
    private static final long INTERVAL_MILLIS = 20;

    private Poll() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new FleetException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetException("interrupted while waiting for " + what, e);
            }
        }
    }
}
