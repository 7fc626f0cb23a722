package io.shardedjdbc.config;

import java.util.List;

/**
 * Every top-level setting: its name in the topology file and in URL query parameters, default, description
 * and allowed values. This enum drives parsing, {@code Driver.getPropertyInfo} and the README table.
 * Kept sorted by name (a meta-test checks it).
 */
public enum Setting {
    CONSISTENCY("consistency", "read-your-writes", Kind.CHOICE,
            "Which server may answer a read: eventual (any replica within maxReplicaLag), read-your-writes (also"
                    + " never behind this connection's own commits), session (also never behind what this connection"
                    + " already read), causal (session, plus the consistency tokens of other connections) or strong"
                    + " (primaries only). Also per connection (a connection property or ShardedConnection) and per"
                    + " statement (hint).",
            List.of("eventual", "read-your-writes", "session", "causal", "strong")),
    CONSISTENCY_TOKEN("consistencyToken", null, Kind.TEXT,
            "A consistency token (from ShardedConnection.consistencyToken()) this connection's reads must honour;"
                    + " per connection: given to DriverManager.getConnection (connection property or URL parameter)"
                    + " it applies to that connection only and shares the pools of the others; in the file or a"
                    + " ShardedDataSource's URL or properties, to each of their connections.", List.of()),
    CROSS_SHARD_LOCK_TIMEOUT("crossShardLockTimeout", "10000", Kind.POSITIVE_INT,
            "Milliseconds a statement of a transaction that writes while it holds several shards' primaries waits"
                    + " for a lock (PostgreSQL's lock_timeout, set for that transaction only) before it fails with"
                    + " 55P03: no server sees a deadlock across shards, so this bounds it. A lock_timeout the session"
                    + " set itself is kept.", List.of()),
    DEFAULT_SHARD("defaultShard", null, Kind.TEXT,
            "Shard for tables the topology does not list and for statements that name no table; "
                    + "unset: statements on unlisted tables are refused (SJ003), table-less reads go to any shard.", List.of()),
    FAILOVER_TIMEOUT("failoverTimeout", "15000", Kind.POSITIVE_INT,
            "Milliseconds a statement that needs a shard's primary waits, before anything is sent, while the shard"
                    + " has no writable node (its primary is down and no other node has been promoted yet); then it"
                    + " fails with SJ016.", List.of()),
    IN_DOUBT_TIMEOUT("inDoubtTimeout", "10000", Kind.POSITIVE_INT,
            "Milliseconds a prepared part of a multi-shard commit may wait for its coordinator before recovery (of"
                    + " any instance) finishes it: commits it if its decision was committed, else rolls it back.",
            List.of()),
    MAX_REPLICA_LAG("maxReplicaLag", "10000", Kind.POSITIVE_LONG,
            "Milliseconds a replica may be behind its primary (now minus the time of the last transaction it"
                    + " replayed, counted while it has WAL left to replay) and still serve reads.", List.of()),
    MAX_REPLICA_LAG_BYTES("maxReplicaLagBytes", null, Kind.POSITIVE_LONG,
            "Bytes of WAL a replica may be behind its primary and still serve reads; unset: no bound in bytes.",
            List.of()),
    MONITOR_FAILURES("monitorFailures", "1", Kind.POSITIVE_INT,
            "Consecutive failed health checks after which a node counts as down and gets no reads (a read that"
                    + " fails to reach a replica marks it down at once and is retried elsewhere).", List.of()),
    MONITOR_INTERVAL("monitorInterval", "200", Kind.POSITIVE_INT,
            "Milliseconds between two health checks of a node (role, WAL position, replay delay).", List.of()),
    MONITOR_TIMEOUT("monitorTimeout", "500", Kind.POSITIVE_INT,
            "Milliseconds a health check may take (connect included) before it counts as failed.", List.of()),
    MULTI_SHARD_TRANSACTIONS("multiShardTransactions", "two-phase", Kind.CHOICE,
            "Transactions (and auto-commit statements) that write several shards: two-phase (commit on every shard"
                    + " or on none, with PostgreSQL's PREPARE TRANSACTION; servers need max_prepared_transactions > 0)"
                    + " or refuse (a transaction's write to a second shard fails with SJ006).",
            List.of("two-phase", "refuse")),
    PASSWORD("password", null, Kind.TEXT,
            "Password for every node the topology gives no credentials of its own.", List.of()),
    PLAN_CACHE_SIZE("planCacheSize", "2048", Kind.POSITIVE_INT,
            "How many analysed SQL texts are kept, and as many literal shapes (texts with their value literals"
                    + " taken out, shared by texts that differ only in those values); least recently used are dropped"
                    + " beyond it.", List.of()),
    PROMOTION("promotion", "external", Kind.CHOICE,
            "Who promotes a standby when a shard's primary is down: external (an HA manager or an operator; the"
                    + " driver follows what it sees) or driver (one instance, elected with an advisory lock on another"
                    + " shard's primary, promotes the most advanced standby with pg_promote() and re-points the others;"
                    + " needs a user allowed to run pg_promote and ALTER SYSTEM, and at least two shards).",
            List.of("external", "driver")),
    RECOVERY_INTERVAL("recoveryInterval", "10000", Kind.POSITIVE_INT,
            "Milliseconds between two looks of every instance for prepared parts of multi-shard commits left in doubt"
                    + " (the first look is at start).", List.of()),
    REPLICA_FALLBACK("replicaFallback", "primary", Kind.CHOICE,
            "When a shard has no healthy replica within the lag bound: primary (read there) or error (refuse the"
                    + " read with SJ011). Reads that need data no replica has replayed yet always go to the primary.",
            List.of("primary", "error")),
    REPLICA_SELECTION("replicaSelection", "round-robin", Kind.CHOICE,
            "How a read picks among the eligible replicas of a shard, each counted with its weight.",
            List.of("round-robin", "random", "least-lag")),
    SCATTER("scatter", "deny", Kind.CHOICE,
            "Statements without a shard key on sharded tables: allow (UPDATE, DELETE and MERGE without INSERT run"
                    + " on every shard, all or nothing; reads run on every shard and are merged), warn (log, then"
                    + " allow) or deny (refuse with SJ002, showing the statement). An INSERT without a key is refused"
                    + " whatever this says; reads and writes with a key list across shards are not affected.",
            List.of("allow", "warn", "deny")),
    USER("user", null, Kind.TEXT,
            "User for every node the topology gives no credentials of its own.", List.of()),
    WRITE_FUNCTIONS("writeFunctions", null, Kind.NAME_LIST,
            "Comma-separated names of functions that write (besides built-ins such as nextval or"
                    + " pg_advisory_lock): a SELECT that calls one runs on the primary.", List.of());

    /** How a value is checked. */
    public enum Kind {
        /** One of {@link #allowedValues()}. */
        CHOICE,
        /** A decimal integer of at least 1. */
        POSITIVE_INT,
        /** A decimal integer of at least 1, up to 2^63-1. */
        POSITIVE_LONG,
        /** Comma-separated SQL names (letters, digits, underscores; optionally schema-qualified). */
        NAME_LIST,
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
            case POSITIVE_LONG:
                try {
                    long n = kind == Kind.POSITIVE_INT ? Integer.parseInt(value) : Long.parseLong(value);
                    if (n < 1) {
                        return "must be a positive integer, got " + value;
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "must be a positive integer" + (kind == Kind.POSITIVE_INT ? " below 2^31" : "")
                            + ", got '" + value + "'";
                }
            case NAME_LIST:
                for (String name : value.split(",", -1)) {
                    if (!name.strip().matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?")) {
                        return "'" + name.strip() + "' is not a function name (expected e.g. app.touch_user,"
                                + " audit_write)";
                    }
                }
                return null;
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
