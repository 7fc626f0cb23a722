package io.shardedjdbc.config;

/** How a read picks among a shard's eligible replicas; every policy counts each replica with its weight. */
public enum ReplicaSelection {
    ROUND_ROBIN("round-robin"),
    RANDOM("random"),
    /** The replica that has replayed the most WAL; equal positions go to the heavier, then the first listed. */
    LEAST_LAG("least-lag");

    private final String yamlName;

    ReplicaSelection(String yamlName) {
        this.yamlName = yamlName;
    }

    public static ReplicaSelection fromYaml(String name) {
        for (ReplicaSelection r : values()) {
            if (r.yamlName.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
