package io.shardedjdbc.itest.fleet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Role and replay operations that every backend performs the same way: in SQL on the node. */
final class NodeSql {
    private NodeSql() {
    }

    static void promote(FleetNode node) {
        requireReplica(node, "promote");
        boolean promoted = queryBoolean(node, "SELECT pg_promote(true, 60)");
        if (!promoted) {
            throw new FleetException(node.name() + " did not finish promotion within 60 s");
        }
    }

    /**
     * Re-points a standby at another upstream (a promoted sibling), as an HA manager does: a slot on the upstream,
     * then primary_conninfo and primary_slot_name, which PostgreSQL 13+ applies on reload (the WAL receiver restarts
     * and follows the new timeline). Waits until it streams from there.
     */
    static void follow(FleetNode node, FleetNode upstream, String user, String password) {
        requireReplica(node, "re-point");
        String slot = ensureSlot(upstream, node);
        execute(node, "ALTER SYSTEM SET primary_conninfo = 'host=" + upstream.host() + " port=" + upstream.port()
                + " user=" + user + " password=" + password + " application_name=" + node.name() + "'");
        execute(node, "ALTER SYSTEM SET primary_slot_name = '" + slot + "'");
        execute(node, "SELECT pg_reload_conf()");
        Poll.until(Duration.ofSeconds(60), node.name() + " streaming from " + upstream.name(),
                () -> queryBoolean(upstream, "SELECT count(*) > 0 FROM pg_stat_replication WHERE application_name = '"
                        + node.name() + "' AND state = 'streaming'"));
    }

    /** @return the name of {@code node}'s physical replication slot on {@code upstream}, created when missing */
    static String ensureSlot(FleetNode upstream, FleetNode node) {
        String slot = "follow_" + node.name().replaceAll("[^a-z0-9_]", "_");
        execute(upstream, "SELECT pg_create_physical_replication_slot('" + slot + "', true) WHERE NOT EXISTS"
                + " (SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "')");
        return slot;
    }

    static void pauseReplay(FleetNode node) {
        requireReplica(node, "pause replay on");
        execute(node, "SELECT pg_wal_replay_pause()");
        // A pause is only requested here; the startup process confirms it at its next check.
        Poll.until(Duration.ofSeconds(30), node.name() + " to confirm that replay is paused",
                () -> "paused".equals(queryString(node, "SELECT pg_get_wal_replay_pause_state()")));
    }

    static void resumeReplay(FleetNode node) {
        requireReplica(node, "resume replay on");
        execute(node, "SELECT pg_wal_replay_resume()");
    }

    private static void requireReplica(FleetNode node, String action) {
        if (!node.isReplica()) {
            throw new FleetException("cannot " + action + " " + node.name() + ": it is not a replica");
        }
    }

    static void execute(FleetNode node, String sql) {
        try (Connection connection = node.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new FleetException(sql + " failed on " + node.name() + ": " + e.getMessage(), e);
        }
    }

    static boolean queryBoolean(FleetNode node, String sql) {
        String value = queryString(node, sql);
        return "t".equals(value) || "true".equalsIgnoreCase(value);
    }

    static String queryString(FleetNode node, String sql) {
        try (Connection connection = node.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new FleetException(sql + " returned no row on " + node.name());
            }
            return rows.getString(1);
        } catch (SQLException e) {
            throw new FleetException(sql + " failed on " + node.name() + ": " + e.getMessage(), e);
        }
    }

    static long queryLong(FleetNode node, String sql) {
        return Long.parseLong(queryString(node, sql));
    }
}
