package io.shardedjdbc.config;

/** What to do with a key-less statement on a sharded table. */
public enum ScatterPolicy {
    ALLOW, WARN, DENY;

    public static ScatterPolicy fromYaml(String name) {
        for (ScatterPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }
}
