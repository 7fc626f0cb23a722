package io.shardedjdbc.config;

import java.util.List;

/**
 * Every top-level setting: its name in the topology file and in URL query parameters, default, description
 * and allowed values. This enum drives parsing, {@code Driver.getPropertyInfo} and the README table.
 * Kept sorted by name (a meta-test checks it).
 */
public enum Setting {
    CONSISTENCY("consistency", "read-your-writes", Kind.CHOICE,
            "Freshness of replica reads for a session. Accepted and validated; every statement runs on primaries"
                    + " until replica routing lands, which is as fresh as strong.",
            List.of("eventual", "read-your-writes", "session", "causal", "strong")),
    DEFAULT_SHARD("defaultShard", null, Kind.TEXT,
            "Shard for tables the topology does not list and for statements that name no table; "
                    + "unset: statements on unlisted tables are refused (SJ003), table-less reads go to any shard.", List.of()),
    PASSWORD("password", null, Kind.TEXT,
            "Password for every node the topology gives no credentials of its own.", List.of()),
    PLAN_CACHE_SIZE("planCacheSize", "2048", Kind.POSITIVE_INT,
            "How many analysed SQL texts are kept; least recently used are dropped beyond it.", List.of()),
    SCATTER("scatter", "deny", Kind.CHOICE,
            "Key-less writes on sharded tables: allow (run on every shard, all or nothing), warn (log, then"
                    + " allow) or deny (refuse with SJ002). Key-less reads are refused (SJ005) whatever the value.",
            List.of("allow", "warn", "deny")),
    USER("user", null, Kind.TEXT,
            "User for every node the topology gives no credentials of its own.", List.of());

    /** How a value is checked. */
    public enum Kind {
        /** One of {@link #allowedValues()}. */
        CHOICE,
        /** A decimal integer of at least 1. */
        POSITIVE_INT,
        /** Any non-empty text. */
        TEXT
    }

    private final String key;
    private final String defaultValue;
    private final Kind kind;
    private final String description;
    private final List<String> allowedValues;

    Setting(String key, String defaultValue, Kind kind, String description, List<String> allowedValues) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.description = description;
        this.allowedValues = allowedValues;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** @return the values the setting accepts; empty: free-form (numbers and strings are checked by type) */
    public List<String> allowedValues() {
        return allowedValues;
    }

    /** Passwords are never echoed in messages or property listings. */
    public boolean secret() {
        return this == PASSWORD;
    }

    /**
     * @return null when {@code value} is acceptable, else what is wrong with it (without the setting's name,
     *         so the caller can prefix where the value came from)
     */
    public String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "empty value";
        }
        switch (kind) {
            case CHOICE:
                if (!allowedValues.contains(value)) {
                    return "'" + value + "' is not one of " + String.join(", ", allowedValues);
                }
                return null;
            case POSITIVE_INT:
                try {
                    if (Integer.parseInt(value) < 1) {
                        return "must be a positive integer, got " + value;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "must be a positive integer, got '" + value + "'";
                }
            default:
                return null;
        }
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
