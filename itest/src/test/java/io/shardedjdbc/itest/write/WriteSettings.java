package io.shardedjdbc.itest.write;

/**
 * The write differential's system properties. The default seed is fixed, unlike the read oracle's, so that a
 * plain run of the old and the new driver executes the very same statements and their reports compare line by line.
 */
final class WriteSettings {
    static final String SEED = "write.oracle.seed";
    static final String STATEMENTS = "write.oracle.statements";
    /** How many differences the report shows with their SQL. */
    static final String SHOW = "write.oracle.show";
    /** true: print one line per statement with its verdict. */
    static final String TRACE = "write.oracle.trace";
    static final long DEFAULT_SEED = 20_261_206L;
    static final int DEFAULT_STATEMENTS = 800;

    private WriteSettings() {
    }

    static long seed() {
        return parse(SEED, System.getProperty(SEED), DEFAULT_SEED);
    }

    static int statements() {
        long n = parse(STATEMENTS, System.getProperty(STATEMENTS), DEFAULT_STATEMENTS);
        if (n < 1 || n > 100_000) {
            throw new IllegalArgumentException(STATEMENTS + " must be in 1..100000, got " + n);
        }
        return (int) n;
    }

    static boolean trace() {
        return Boolean.parseBoolean(System.getProperty(TRACE, "false"));
    }

    static int shown() {
        return (int) Math.max(0, Math.min(100_000, parse(SHOW, System.getProperty(SHOW), 20)));
    }

    private static long parse(String name, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
