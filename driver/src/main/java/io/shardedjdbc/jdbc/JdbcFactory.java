package io.shardedjdbc.jdbc;

import io.shardedjdbc.exec.ResultColumns;
import io.shardedjdbc.exec.Cluster;
import io.shardedjdbc.merge.RowSource;
import io.shardedjdbc.sql.StatementPlan;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;

/**
 * Creates the concrete JDBC classes. The concrete classes are generated at build time (pass-through and
 * "not supported" methods) by {@code codegen.JdbcClassGenerator}, which also rewrites these method bodies to
 * call their constructors, so the runtime needs neither reflection nor a bytecode library. Running on classes
 * that skipped that build step fails loudly here.
 */
public final class JdbcFactory {
    private JdbcFactory() {
    }

    public static LogicalConnection connection(Cluster cluster, String url, String user) {
        throw notGenerated();
    }

    static LogicalStatement statement(LogicalConnection connection, StatementOptions options) {
        throw notGenerated();
    }

    static LogicalPreparedStatement preparedStatement(LogicalConnection connection, StatementOptions options,
                                                      StatementPlan plan) {
        throw notGenerated();
    }

    static ResultSet resultSet(LogicalStatement statement, ResultSet delegate) {
        throw notGenerated();
    }

    static DatabaseMetaData metaData(LogicalConnection connection, DatabaseMetaData delegate) {
        throw notGenerated();
    }

    static ResultSet rowsResultSet(LogicalStatement statement, ResultColumns columns, RowSource rows) {
        throw notGenerated();
    }

    static ResultSetMetaData rowsMetaData(ResultColumns columns) {
        throw notGenerated();
    }

    private static IllegalStateException notGenerated() {
        return new IllegalStateException("sharded-jdbc classes were not generated: the build must run the"
                + " process-classes phase (JdbcClassGenerator)");
    }
}
