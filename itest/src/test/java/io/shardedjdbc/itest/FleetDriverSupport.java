package io.shardedjdbc.itest;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.demo.SocialSchema;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.SharedFleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A social schema on the shared fleet, set up through the driver, plus direct looks at every shard. */
final class FleetDriverSupport implements AutoCloseable {
    final Fleet fleet = SharedFleet.get();
    final SocialSchema schema;
    final Path topologyFile;
    final String url;
    final ShardedDataSource dataSource;

    FleetDriverSupport(String prefix, String extraYaml) throws SQLException {
        this.schema = new SocialSchema(prefix);
        try {
            Path dir = Files.createTempDirectory("sharded-jdbc-it");
            topologyFile = fleet.writeTopology(dir.resolve(prefix + "shards.yaml"), extraYaml + schema.topologyYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        url = "jdbc:sharded:file:" + topologyFile;
        dataSource = new ShardedDataSource(url);
        dataSource.setUser(fleet.user());
        dataSource.setPassword(fleet.password());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String ddl : schema.ddl()) {
                st.execute(ddl);
            }
        }
        awaitReplicas();
    }

    /**
     * Waits until every replica has replayed what its primary has now: reads of other logical connections may go to
     * a replica, and a table it has not replayed yet does not exist there.
     */
    void awaitReplicas() throws SQLException {
        for (var shard : fleet.shards()) {
            String target;
            try (Connection c = shard.primary().connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                rs.next();
                target = rs.getString(1);
            }
            for (FleetNode replica : shard.replicas()) {
                io.shardedjdbc.itest.fleet.Poll.until(java.time.Duration.ofSeconds(30), replica.name() + " at " + target,
                        () -> replayed(replica, target));
            }
        }
    }

    private static boolean replayed(FleetNode replica, String target) {
        try (Connection c = replica.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(replica.name() + ": " + e.getMessage(), e);
        }
    }

    Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", fleet.user());
        p.setProperty("password", fleet.password());
        return p;
    }

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    FleetNode primary(int shard) {
        return fleet.shard(shard).primary();
    }

    int shardCount() {
        return fleet.shards().size();
    }

    /** The index of the shard whose primary holds the rows a query finds, looked up directly on every shard. */
    List<Integer> shardsWithRows(String sql) throws SQLException {
        List<Integer> found = new ArrayList<>();
        for (int s = 0; s < shardCount(); s++) {
            if (count(s, sql) > 0) {
                found.add(s);
            }
        }
        return found;
    }

    long count(int shard, String countSql) throws SQLException {
        try (Connection c = primary(shard).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(countSql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    int shardIndex(String name) {
        for (int i = 0; i < shardCount(); i++) {
            if (fleet.shard(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no shard " + name);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
