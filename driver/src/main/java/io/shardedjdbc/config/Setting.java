package io.shardedjdbc.config;

import java.util.List;

/**
 * Every top-level setting: its name in the topology file and in URL query parameters, default, description
 * and allowed values. This enum drives parsing, {@code Driver.getPropertyInfo} and the README table.
 * Kept sorted by name (a meta-test checks it).
 */
public enum Setting {
    CONSISTENCY("consistency", "read-your-writes",
            "Freshness of replica reads for a session.",
            List.of("eventual", "read-your-writes", "session", "causal", "strong")),
    PASSWORD("password", null,
            "Password for every node the topology gives no credentials of its own.", List.of()),
    PLAN_CACHE_SIZE("planCacheSize", "2048",
            "How many analysed SQL texts are kept; least recently used are dropped beyond it.", List.of()),
    SCATTER("scatter", "deny",
            "Key-less statements on sharded tables: allow, warn (log and allow) or deny.",
            List.of("allow", "warn", "deny")),
    USER("user", null,
            "User for every node the topology gives no credentials of its own.", List.of());

    private final String key;
    private final String defaultValue;
    private final String description;
    private final List<String> allowedValues;

    Setting(String key, String defaultValue, String description, List<String> allowedValues) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.allowedValues = allowedValues;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** @return the values the setting accepts; empty: free-form (numbers and strings are checked by type) */
    public List<String> allowedValues() {
        return allowedValues;
    }

    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
