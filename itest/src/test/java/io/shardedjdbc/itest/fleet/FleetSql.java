package io.shardedjdbc.itest.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small SQL helpers for the fleet tests. */
final class FleetSql {
    private FleetSql() {
    }

    static void execute(FleetNode node, String sql) throws SQLException {
        try (Connection connection = node.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String queryString(FleetNode node, String sql) throws SQLException {
        try (Connection connection = node.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    static boolean queryBoolean(FleetNode node, String sql) throws SQLException {
        try (Connection connection = node.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** Whether {@code table} on {@code node} has a row with {@code id}; false while the table is not there yet. */
    static boolean hasRow(FleetNode node, String table, long id) {
        try (Connection connection = node.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return false; // undefined table: its creation has not been replayed yet
            }
            throw new IllegalStateException("reading " + table + " on " + node.name() + " failed", e);
        }
    }

    static void insert(FleetNode node, String table, long id) throws SQLException {
        try (Connection connection = node.connect();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }
}
