package io.shardedjdbc;

import java.sql.SQLException;

/**
 * Every SQLSTATE the driver itself raises. The codes are API: applications match on them, so a code never
 * changes meaning. Class {@code SJ} is implementation-defined (SQL standard: classes starting I-Z).
 */
public enum SqlState {
    /** The topology file or a URL/Properties setting is invalid. */
    CONFIG_INVALID("SJ001"),
    /** A statement on a sharded table carries no shard key and scatter is not allowed. */
    NO_SHARD_KEY("SJ002"),
    /** The statement names a table the topology does not list, and there is no defaultShard. */
    UNKNOWN_TABLE("SJ003"),
    /** The SQL could not be analysed and no hint says where it goes. */
    UNPARSEABLE_SQL("SJ004"),
    /** A read needs rows from several shards; cross-shard reads are not supported by this statement form. */
    CROSS_SHARD_READ("SJ005"),
    /** A transaction tried to write to a second shard; atomic multi-shard commit is not available. */
    CROSS_SHARD_TRANSACTION("SJ006"),
    /** The sharded tables of one statement resolve to different shards. */
    CONFLICTING_KEYS("SJ007"),
    /** A key value cannot be converted to its keyspace's type, or lies outside every declared range. */
    BAD_KEY("SJ008"),
    /** A hint or override names a shard the topology does not have. */
    UNKNOWN_SHARD("SJ009"),
    /** A write to several shards failed after some shards had committed: data is partially applied. */
    PARTIAL_COMMIT("SJ010"),
    /** A node could not be reached or gave no connection in time (SQL standard connection exception). */
    CONNECTION_FAILURE("08001"),
    /** The logical connection or statement has been closed. */
    CONNECTION_CLOSED("08003"),
    /** A JDBC feature the driver does not implement. */
    FEATURE_NOT_SUPPORTED("0A000"),
    /** An argument to a JDBC method is invalid (parameter index, unknown hint keyspace...). */
    INVALID_ARGUMENT("22023");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public SQLException exception(String message) {
        return new SQLException(message, code);
    }

    public SQLException exception(String message, Throwable cause) {
        return new SQLException(message, code, cause);
    }
}
