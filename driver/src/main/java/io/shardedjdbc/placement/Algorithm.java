package io.shardedjdbc.placement;

/** How a key hash becomes a shard; part of the placement contract (DESIGN.md section 2). */
public enum Algorithm {
    RING("ring"),
    JUMP("jump"),
    MODULO("modulo"),
    RANGE("range");

    private final String yamlName;

    Algorithm(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** @return the algorithm for its topology-file spelling, or null when there is none. */
    public static Algorithm fromYaml(String name) {
        for (Algorithm a : values()) {
            if (a.yamlName.equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }
}
