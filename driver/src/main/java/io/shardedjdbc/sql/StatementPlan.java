package io.shardedjdbc.sql;

import java.util.List;

/**
 * What routing needs to know about one SQL text, computed once and shared by every execution of that text.
 * Immutable and thread-safe.
 */
public final class StatementPlan {
    private final String sql;
    private final StatementKind kind;
    private final boolean read;
    private final List<String> tables;
    private final List<TableKey> shardedTables;
    private final List<String> unknownTables;
    private final boolean touchesBroadcast;
    private final SqlHint hint;
    private final String hintError;
    private final InsertRows insertRows;
    private final String error;
    private final int parameterCount;
    private final boolean changesShardKey;
    private final int shardedReferences;
    private final ScatterShape scatter;
    private final KeyLists keyLists;
    private final WriteFacts writes;
    private final SessionEffects session;
    /** For a text placed by its literal shape's plan: the text's shape, with its slot values; else null. */
    private final LiteralShape literals;

    StatementPlan(String sql, StatementKind kind, boolean read, List<String> tables, List<TableKey> shardedTables,
                  List<String> unknownTables, boolean touchesBroadcast, HintParser.Result hint, InsertRows insertRows,
                  String error, int parameterCount, boolean changesShardKey, int shardedReferences,
                  ScatterShape scatter, WriteFacts writes) {
        this.sql = sql;
        this.kind = kind;
        this.read = read;
        this.tables = List.copyOf(tables);
        this.shardedTables = List.copyOf(shardedTables);
        this.unknownTables = List.copyOf(unknownTables);
        this.touchesBroadcast = touchesBroadcast;
        this.hint = hint.hint();
        this.hintError = hint.error();
        this.insertRows = insertRows;
        this.error = error;
        this.parameterCount = parameterCount;
        this.changesShardKey = changesShardKey;
        this.shardedReferences = shardedReferences;
        this.scatter = scatter;
        this.keyLists = KeyLists.NONE;
        this.writes = writes;
        this.session = SessionEffects.NONE;
        this.literals = null;
    }

    private StatementPlan(StatementPlan p, ScatterShape scatter, KeyLists keyLists, WriteFacts writes,
                          SessionEffects session) {
        this(p, p.sql, scatter, keyLists, writes, session, p.literals);
    }

    private StatementPlan(StatementPlan p, String sql, ScatterShape scatter, KeyLists keyLists, WriteFacts writes,
                          SessionEffects session, LiteralShape literals) {
        this.sql = sql;
        this.kind = p.kind;
        this.read = p.read;
        this.tables = p.tables;
        this.shardedTables = p.shardedTables;
        this.unknownTables = p.unknownTables;
        this.touchesBroadcast = p.touchesBroadcast;
        this.hint = p.hint;
        this.hintError = p.hintError;
        this.insertRows = p.insertRows;
        this.error = p.error;
        this.parameterCount = p.parameterCount;
        this.changesShardKey = p.changesShardKey;
        this.shardedReferences = p.shardedReferences;
        this.scatter = scatter;
        this.keyLists = keyLists;
        this.writes = writes;
        this.session = session;
        this.literals = literals;
    }

    /** The plan of a literal shape, for one text of that shape: the text is what runs, the slots hold its keys. */
    StatementPlan forText(String text, LiteralShape literals) {
        return new StatementPlan(this, text, scatter, keyLists, writes, session, literals);
    }

    /**
     * @return the text's literal shape when this plan is its shape's, serving a text of that shape (routing reads
     * the keys from its slots as from parameters; {@link #sql()} is the text itself); null for a plan of its own text
     */
    public LiteralShape literals() {
        return literals;
    }

    StatementPlan withScatter(ScatterShape scatter, KeyLists keyLists) {
        return new StatementPlan(this, scatter, keyLists, writes, session);
    }

    StatementPlan withWrites(WriteFacts writes) {
        return new StatementPlan(this, scatter, keyLists, writes, session);
    }

    StatementPlan withSession(SessionEffects session) {
        return new StatementPlan(this, scatter, keyLists, writes, session);
    }

    private static final java.util.regex.Pattern OUTSIDE_TRANSACTIONS = java.util.regex.Pattern.compile(
            "(?is)^\\s*(?:/\\*.*?\\*/\\s*|--[^\\n]*\\n\\s*)*(?:create\\s+(?:unique\\s+)?index\\s+concurrently"
                    + "|drop\\s+index\\s+concurrently|reindex\\b.*\\bconcurrently|vacuum\\b|create\\s+database"
                    + "|drop\\s+database|alter\\s+system|create\\s+tablespace|drop\\s+tablespace)");

    /**
     * @return true for the statements PostgreSQL refuses inside a transaction block (CREATE INDEX CONCURRENTLY,
     * VACUUM...): on several shards they run on each in auto-commit, one after the other, never atomically
     */
    public boolean runsOutsideTransactions() {
        return (kind == StatementKind.DDL || kind == StatementKind.OTHER) && sql != null
                && OUTSIDE_TRANSACTIONS.matcher(sql).lookingAt();
    }

    /** @return what the statement does to the server session beyond its results; {@link SessionEffects#NONE} mostly */
    public SessionEffects session() {
        return session;
    }

    /** @return how many times sharded tables occur (a self-join counts twice) */
    public int shardedReferences() {
        return shardedReferences;
    }

    /** @return how a key-less run of this SELECT on every shard merges; null for other statements */
    public ScatterShape scatter() {
        return scatter;
    }

    /**
     * @return the key lists a cross-shard run of this SELECT, UPDATE or DELETE can cut down per shard (located in the
     * shard text of a SELECT, in the statement's own text for a write); never null
     */
    public KeyLists keyLists() {
        return keyLists;
    }

    public String sql() {
        return sql;
    }

    /** @return what the statement writes and where its rows' keys come from; never null */
    public WriteFacts writes() {
        return writes;
    }

    public StatementKind kind() {
        return kind;
    }

    /**
     * @return true for SELECT / VALUES / TABLE / SHOW / EXPLAIN without ANALYZE that lock nothing (no FOR UPDATE or
     * FOR SHARE), modify nothing (no data-modifying CTE, no SELECT INTO) and call no writing built-in function
     * (nextval, setval, currval, lastval, advisory locks, set_config, pg_notify...): such a statement may run on a
     * replica. Functions the application defined are not known and count as reads.
     */
    public boolean isRead() {
        return read;
    }

    /** @return every table referenced (lower-case, no schema, no quotes), in the order first seen; no CTE names */
    public List<String> tables() {
        return tables;
    }

    /** @return one entry per referenced sharded table (broadcast tables excluded), in {@link #tables()} order */
    public List<TableKey> shardedTables() {
        return shardedTables;
    }

    /** @return referenced tables the topology does not list */
    public List<String> unknownTables() {
        return unknownTables;
    }

    public boolean touchesBroadcast() {
        return touchesBroadcast;
    }

    /** @return the {@code sharded:} comment hint, or null when there is none or it is invalid (see {@link #hintError()}) */
    public SqlHint hint() {
        return hint;
    }

    /** @return why the {@code sharded:} comments cannot be used (the router must refuse the statement), or null */
    public String hintError() {
        return hintError;
    }

    /** @return the VALUES rows of an INSERT on a sharded table, for splitting it per shard; null otherwise */
    public InsertRows insertRows() {
        return insertRows;
    }

    /** @return the parser's message when the kind is {@link StatementKind#UNPARSEABLE}, else null */
    public String error() {
        return error;
    }

    /** @return the number of JDBC {@code ?} parameters (those in literals, identifiers, comments and {@code ??} excluded) */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return true when an UPDATE (or ON CONFLICT DO UPDATE / MERGE UPDATE) assigns a sharded table's key column */
    public boolean changesShardKey() {
        return changesShardKey;
    }

    @Override
    public String toString() {
        return "StatementPlan{" + kind + (read ? " read" : " write") + " tables=" + tables + " keys=" + shardedTables
                + (hint != null ? " hint=" + hint : "") + (hintError != null ? " hintError=" + hintError : "")
                + (error != null ? " error=" + error : "") + " params=" + parameterCount + '}';
    }
}
