package io.shardedjdbc.itest.fleet;

/**
 * A fleet could not be started, operated or cleaned up. Unchecked on purpose: a test that cannot get its
 * servers must fail loudly with this message, never be skipped or pass.
 */
public class FleetException extends RuntimeException {
    public FleetException(String message) {
        super(message);
    }

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
