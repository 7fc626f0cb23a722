package io.shardedjdbc.exec;

import io.shardedjdbc.route.ParameterSource;
import io.shardedjdbc.route.ScatterTargets;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What the executors need of the application's statement: physical statements made with its options and settings,
 * its parameters bound to them (all, or one shard's share), and its batch.
 */
public interface StatementSource {
    /** A physical statement for {@code sql} on {@code c}, with the statement's settings (max rows, timeout...). */
    Statement create(Connection c, String sql) throws SQLException;

    /**
     * Runs {@code sql} on a physical statement from {@link #create}.
     *
     * @param parameters the original 1-based parameters to bind to its {@code ?}s in order; null: all as they are
     * @param arrays     the {@code ANY(?)} arrays cut down to one shard's keys, by original parameter index
     */
    boolean execute(Statement st, String sql, int[] parameters, Map<Integer, ScatterTargets.KeyArray> arrays)
            throws SQLException;

    /** Where the physical statements' warnings go, read before each is closed. */
    Warnings warnings();

    /** Whether the execution asked for generated keys. */
    boolean wantsKeys();

    /** The statement's max rows, 0 for no limit. */
    long maxRows();

    /** The statement's fetch size, 0 for the driver's default (all rows at once). */
    int fetchSize();

    /** Number of entries in the pending batch. */
    int batchSize();

    StatementPlan batchPlan(int entry) throws SQLException;

    ParameterSource batchParams(int entry);

    /** A physical statement for a shard's share of the batch. */
    Statement createForBatch(Connection c) throws SQLException;

    void addToBatch(Statement st, int entry) throws SQLException;
}
