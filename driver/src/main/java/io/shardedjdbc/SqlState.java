package io.shardedjdbc;

import java.sql.SQLException;

/**
 * Every SQLSTATE the driver itself raises. The codes are API: applications match on them, so a code never
 * changes meaning. Class {@code SJ} is implementation-defined (SQL standard: classes starting I-Z).
 */
public enum SqlState {
    CONFIG_INVALID("SJ001",
            "The topology file or a URL/Properties setting is invalid."),
    NO_SHARD_KEY("SJ002",
            "A statement on a sharded table carries no shard key and scatter is not allowed; an INSERT whose key cannot be determined, whatever scatter says."),
    UNKNOWN_TABLE("SJ003",
            "The statement names a table the topology does not list, and there is no defaultShard."),
    UNPARSEABLE_SQL("SJ004",
            "The SQL could not be analysed and no hint says where it goes."),
    CROSS_SHARD_READ("SJ005",
            "A read needs rows from several shards in a form whose results cannot be merged exactly (the message names it)."),
    CROSS_SHARD_TRANSACTION("SJ006",
            "A transaction tried to write to a second shard while multiShardTransactions is refuse."),
    CONFLICTING_KEYS("SJ007",
            "The sharded tables of one statement resolve to different shards."),
    BAD_KEY("SJ008",
            "A key value cannot be converted to its keyspace's type, or lies outside every declared range."),
    UNKNOWN_SHARD("SJ009",
            "A hint or override names a shard the topology does not have."),
    PARTIAL_COMMIT("SJ010",
            "A write to several shards failed after some shards had committed: data is partially applied."),
    NO_REPLICA("SJ011",
            "A read found no healthy replica within maxReplicaLag on its shard and replicaFallback is error."),
    CROSS_SHARD_WRITE("SJ012",
            "A write cannot run as one server would run it (it would move a row to another shard, read a sharded table without its key, or give a broadcast table's copies different rows): the message names it."),
    SCHEMA_MISMATCH("SJ013",
            "A sharded table's columns differ between shards, so a statement relying on their order cannot be placed."),
    UNSUPPORTED_STATEMENT("SJ014",
            "A statement form the driver does not run across shards (savepoints, SQL-level two-phase commit, a set_config whose arguments are computed...): the message says what to use instead. The connection stays usable."),
    COMMIT_OUTCOME_UNKNOWN("SJ015",
            "The connection to the shard that keeps a multi-shard commit's decision broke while it committed, and the decision cannot be read back: the transaction is committed on every shard or on none, and recovery finishes it; check before retrying."),
    NO_WRITABLE_NODE("SJ016",
            "A write (or a read that needs the primary) found no writable node on its shard within failoverTimeout, or two writable nodes on the same timeline: nothing was sent."),
    COMMITS_MAYBE_LOST("SJ017",
            "A warning (SQLWarning), once, on the next statement on a shard after a failover: this connection committed on the old primary possibly past the point where the promoted standby's timeline forked, so those commits may be lost."),
    CONNECTION_FAILURE("08001",
            "A node could not be reached or gave no connection in time (SQL standard connection exception)."),
    CONNECTION_CLOSED("08003",
            "The logical connection has been closed (as PostgreSQL's driver)."),
    OUTCOME_UNKNOWN("08006",
            "The connection to a shard's primary broke after an auto-commit write or a one-shard transaction's COMMIT was sent: it may or may not have committed, and it is not retried (as PostgreSQL's driver, with that said)."),
    FEATURE_NOT_SUPPORTED("0A000",
            "A JDBC method the driver does not implement (never a statement refusal: pools take 0A000 for a dead connection)."),
    NUMERIC_VALUE_OUT_OF_RANGE("22003",
            "A value of merged rows is not a number of the getter's type or does not fit it, or a sum or HAVING arithmetic across shards overflows (as PostgreSQL and its driver)."),
    INVALID_DATETIME_FORMAT("22007",
            "A value of merged rows is not a date, time or timestamp the getter can read (as PostgreSQL's driver)."),
    DIVISION_BY_ZERO("22012",
            "A HAVING condition evaluated over merged rows divides by zero (as PostgreSQL)."),
    INVALID_CHARACTER_VALUE_FOR_CAST("22018",
            "A value of merged rows cannot be read as a boolean (as PostgreSQL's driver)."),
    INVALID_ARGUMENT("22023",
            "An argument to a JDBC method is invalid (parameter index, unknown hint keyspace...)."),
    INVALID_TEXT_REPRESENTATION("22P02",
            "A text value in a HAVING condition evaluated over merged rows is not a valid number or boolean (as PostgreSQL)."),
    ACTIVE_SQL_TRANSACTION("25001",
            "A command that cannot run inside a transaction block ran inside one (DISCARD ALL; as PostgreSQL)."),
    NO_ACTIVE_SQL_TRANSACTION("25P01",
            "Connection.commit or rollback was called in auto-commit mode (as PostgreSQL's driver)."),
    IN_FAILED_SQL_TRANSACTION("25P02",
            "A multi-shard transaction in which a statement failed was committed: it was rolled back on every shard (as PostgreSQL)."),
    TRANSACTION_ROLLBACK("40000",
            "A transaction was rolled back: its connection to a shard's primary broke (the server rolls it back), or its two-phase commit could not proceed (the message says why). Roll back and run it again."),
    DATATYPE_MISMATCH("42804",
            "A HAVING condition (or an AND, OR, NOT operand in it) evaluated over merged rows is not boolean (as PostgreSQL)."),
    WRONG_OBJECT_TYPE("42809",
            "A method that takes SQL text was called on a PreparedStatement (as PostgreSQL's driver)."),
    UNDEFINED_TABLE("42P01",
            "A table whose columns the driver must read from the servers' catalogs (an INSERT without a column list) exists on no shard (as PostgreSQL)."),
    OBJECT_NOT_IN_STATE("55000",
            "A closed Statement or ResultSet was used (as PostgreSQL's driver; the connection stays usable); or a server that must prepare a part of a multi-shard commit has max_prepared_transactions = 0 (the transaction was rolled back)."),
    QUERY_CANCELED("57014",
            "The thread waiting for a multi-shard statement's parts was interrupted (as PostgreSQL's statement cancel)."),
    INTERNAL_ERROR("XX000",
            "A failure the driver did not expect (a bug: please report it with the message and its cause).");

    private final String code;
    private final String meaning;

    SqlState(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public String code() {
        return code;
    }

    /** What the state means, as the README's table says it. */
    public String meaning() {
        return meaning;
    }

    /** The README's SQLSTATE table, rendered from this enum so the two cannot drift apart. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| SQLSTATE | Name | Meaning |\n|---|---|---|\n");
        for (SqlState s : values()) {
            sb.append("| `").append(s.code).append("` | ").append(s.name()).append(" | ").append(s.meaning)
                    .append(" |\n");
        }
        return sb.toString();
    }

    public SQLException exception(String message) {
        return new SQLException(message, code);
    }

    public SQLException exception(String message, Throwable cause) {
        return new SQLException(message, code, cause);
    }
}
