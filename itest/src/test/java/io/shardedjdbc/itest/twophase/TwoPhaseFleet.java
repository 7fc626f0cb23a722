package io.shardedjdbc.itest.twophase;

import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.itest.fleet.Fleet;
import io.shardedjdbc.itest.fleet.FleetNode;
import io.shardedjdbc.itest.fleet.Poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shards of their own (tests kill and restart them), with accounts keyed by account_id whose
 * balances may not go negative, transfers kept on the paying account's shard, a broadcast table, and a table whose
 * rows make their transaction's commit (or PREPARE) wait: a deferred constraint trigger sleeps {@code pause_ms}.
 * Every data source gets a topology file of its own, so a fresh cluster (and a fresh recovery) each time.
 */
final class TwoPhaseFleet implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String TABLES = """
            tables:
              tp_accounts:  { key: account_id }
              tp_transfers: { key: account_id }
              tp_slow:      { key: k }
              tp_codes:     { broadcast: true }
              tp_new:       { key: account_id }
            """;

    final Fleet fleet;
    private final List<ShardedDataSource> dataSources = new ArrayList<>();
    private int files;

    TwoPhaseFleet(int shards) throws SQLException {
        this(shards, 0);
    }

    TwoPhaseFleet(int shards, int replicasPerShard) throws SQLException {
        fleet = Fleet.start(shards, replicasPerShard);
        for (int s = 0; s < shards; s++) {
            try (Connection c = primary(s).connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE tp_accounts (account_id bigint PRIMARY KEY,"
                        + " balance bigint NOT NULL CHECK (balance >= 0))");
                st.execute("CREATE TABLE tp_transfers (transfer_id text PRIMARY KEY, account_id bigint NOT NULL,"
                        + " to_account bigint NOT NULL, amount bigint NOT NULL)");
                st.execute("CREATE TABLE tp_codes (code text PRIMARY KEY, label text NOT NULL)");
                st.execute("CREATE TABLE tp_slow (k bigint PRIMARY KEY, pause_ms int NOT NULL)");
                st.execute("""
                        CREATE FUNCTION tp_pause() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN PERFORM pg_sleep(NEW.pause_ms / 1000.0); RETURN NULL; END $$""");
                st.execute("CREATE CONSTRAINT TRIGGER tp_pause AFTER INSERT ON tp_slow DEFERRABLE INITIALLY DEFERRED"
                        + " FOR EACH ROW EXECUTE FUNCTION tp_pause()");
            }
        }
    }

    FleetNode primary(int shard) {
        return fleet.shard(shard).primary();
    }

    int shards() {
        return fleet.shards().size();
    }

    /** A topology file of its own (so a cluster of its own) with these top-level settings. */
    Path topology(String settingsYaml) {
        try {
            Path dir = Files.createTempDirectory("sharded-jdbc-2pc");
            return fleet.writeTopology(dir.resolve("shards-" + (files++) + ".yaml"), settingsYaml + TABLES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A data source over this fleet with these top-level settings; closed with the fleet support. */
    ShardedDataSource dataSource(String settingsYaml) {
        ShardedDataSource ds = new ShardedDataSource("jdbc:sharded:file:" + topology(settingsYaml));
        ds.setUser(fleet.user());
        ds.setPassword(fleet.password());
        dataSources.add(ds);
        return ds;
    }

    /** The first key from {@code from} up that the data source places on {@code shard}. */
    static long keyOn(ShardedDataSource ds, int shard, long from) throws SQLException {
        String name = "s" + shard;
        for (long k = from; ; k++) {
            if (ds.shardOf("default", k).equals(name)) {
                return k;
            }
        }
    }

    long count(int shard, String sql) throws SQLException {
        try (Connection c = primary(shard).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long total(String sql) throws SQLException {
        long n = 0;
        for (int s = 0; s < shards(); s++) {
            n += count(s, sql);
        }
        return n;
    }

    /** The driver's prepared transactions on the shard, however old. */
    long inDoubt(int shard) throws SQLException {
        return count(shard, "SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'sharded-jdbc:%'");
    }

    void execute(int shard, String... sql) throws SQLException {
        try (Connection c = primary(shard).connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Waits until no shard holds a prepared part of the driver's. */
    void awaitNoneInDoubt() {
        Poll.until(WAIT, "no prepared part of the driver left on any shard", () -> {
            try {
                for (int s = 0; s < shards(); s++) {
                    if (inDoubt(s) > 0) {
                        return false;
                    }
                }
                return true;
            } catch (SQLException e) {
                return false; // a shard still restarting
            }
        });
    }

    @Override
    public void close() {
        dataSources.forEach(ShardedDataSource::close);
        fleet.close();
    }
}
