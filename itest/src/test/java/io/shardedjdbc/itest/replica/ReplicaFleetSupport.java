package io.shardedjdbc.itest.replica;

import io.shardedjdbc.NodeStatus;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard, a primary and two streaming replicas of its own (tests pause, stop and restart them), with two tables
 * keyed by user_id; data sources over it with per-test settings; and a read that reports which server answered.
 */
final class ReplicaFleetSupport implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    final Fleet fleet = Fleet.start(1, 2);
    private final List<ShardedDataSource> dataSources = new ArrayList<>();

    ReplicaFleetSupport() throws SQLException {
        try (Connection c = primary().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (user_id bigint NOT NULL, id bigint PRIMARY KEY, body text)");
            st.execute("CREATE TABLE counters (user_id bigint PRIMARY KEY, v bigint NOT NULL)");
        }
        awaitReplicasCaughtUp();
    }

    FleetNode primary() {
        return fleet.shard(0).primary();
    }

    FleetNode replica(int i) {
        return fleet.shard(0).replica(i);
    }

    boolean isReplicaPort(int port) {
        return port == replica(0).port() || port == replica(1).port();
    }

    /** A data source over this fleet with these extra top-level settings; closed with the support. */
    ShardedDataSource dataSource(String settingsYaml) {
        try {
            Path dir = Files.createTempDirectory("sharded-jdbc-replicas");
            Path file = fleet.writeTopology(dir.resolve("shards.yaml"), settingsYaml + """
                    tables:
                      notes: { key: user_id }
                      counters: { key: user_id }
                    """);
            ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + file);
            ds.setUser(fleet.user());
            ds.setPassword(fleet.password());
            dataSources.add(ds);
            return ds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the data source's monitor lets both replicas serve reads. */
    static void awaitReadable(ShardedDataSource ds) {
        Poll.until(WAIT, "both replicas readable", () -> readable(ds, "s0/replica0") && readable(ds, "s0/replica1"));
    }

    static boolean readable(ShardedDataSource ds, String node) {
        return status(ds, node).readable();
    }

    static NodeStatus status(ShardedDataSource ds, String node) {
        try {
            return ds.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port of the server that answered, and how many notes (user, id) it has. */
    record Answer(int port, long count) {
    }

    static Answer readNote(Connection c, long user, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT inet_server_port(), count(*) FROM notes WHERE user_id = ? AND id = ?")) {
            ps.setLong(1, user);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Answer(rs.getInt(1), rs.getLong(2));
            }
        }
    }

    static void insertNote(Connection c, long user, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (user_id, id, body) VALUES (?, ?, 'x')")) {
            ps.setLong(1, user);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Every replica running, replaying, and at the primary's current WAL position. */
    void restoreReplicas() {
        for (FleetNode r : fleet.shard(0).replicas()) {
            if (!r.isRunning()) {
                r.start();
            }
            r.resumeReplay();
        }
        awaitReplicasCaughtUp();
    }

    void awaitReplicasCaughtUp() {
        String target = query(primary(), "SELECT pg_current_wal_insert_lsn()::text");
        for (FleetNode r : fleet.shard(0).replicas()) {
            Poll.until(WAIT, r.name() + " replayed " + target, () -> "t".equals(
                    query(r, "SELECT (pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn)::text").substring(0, 1)));
        }
    }

    static String query(FleetNode node, String sql) {
        try (Connection c = node.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(node.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSources.forEach(ShardedDataSource::close);
        fleet.close();
    }
}
