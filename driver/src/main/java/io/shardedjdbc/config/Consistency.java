package io.shardedjdbc.config;

/**
 * How fresh a read must be, weakest first. Every level but strong may read from replicas; each stronger level adds
 * one rule on which replica may answer (see the README's consistency section for the guarantees).
 */
public enum Consistency {
    /** Any healthy replica within the lag bound. */
    EVENTUAL("eventual"),
    /** Also: never a replica behind this connection's own commits on that shard. */
    READ_YOUR_WRITES("read-your-writes"),
    /** Also: never a replica behind what this connection already read on that shard (monotonic reads). */
    SESSION("session"),
    /** Session, and the connection exports and accepts consistency tokens. */
    CAUSAL("causal"),
    /** Primaries only. */
    STRONG("strong");

    private final String yamlName;

    Consistency(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** @return true when reads must not go behind what this connection has read before */
    public boolean monotonic() {
        return this == SESSION || this == CAUSAL;
    }

    /** @return the level, or null when the name is not one */
    public static Consistency fromYaml(String name) {
        for (Consistency c : values()) {
            if (c.yamlName.equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }
}
