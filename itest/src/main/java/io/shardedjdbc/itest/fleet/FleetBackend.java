package io.shardedjdbc.itest.fleet;

import java.util.Locale;
import java.util.Map;

/** Where a fleet's servers come from; chosen by the environment variable {@value #ENV}. */
public enum FleetBackend {
    /** PostgreSQL binaries from Maven Central, run as local processes (default). */
    LOCAL,
    /** One Docker container per shard primary; see {@link ContainerFleet}. */
    TESTCONTAINERS,
    /** Servers managed elsewhere and named in the environment; see {@link ExternalFleet}. */
    EXTERNAL;

    public static final String ENV = "SHARDED_JDBC_FLEET";

    /** The backend named by {@value #ENV} in {@code env}; {@link #LOCAL} when unset or blank. */
    public static FleetBackend fromEnvironment(Map<String, String> env) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return LOCAL;
        }
        for (FleetBackend backend : values()) {
            if (backend.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return backend;
            }
        }
        throw new FleetException(ENV + "=" + value + " names no fleet backend; use local, testcontainers or external");
    }
}
