package io.shardedjdbc.placement;

/** The SQL type of a keyspace's shard key; it decides how a bound value is coerced and hashed. */
public enum KeyType {
    BIGINT("bigint"),
    TEXT("text"),
    UUID("uuid");

    private final String yamlName;

    KeyType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** @return the type for its topology-file spelling, or null when there is none. */
    public static KeyType fromYaml(String name) {
        for (KeyType t : values()) {
            if (t.yamlName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
