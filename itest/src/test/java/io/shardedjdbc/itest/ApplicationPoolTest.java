package io.shardedjdbc.itest;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.ShardedConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spring Boot default setup: an application HikariCP pool whose jdbcUrl is jdbc:sharded:. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationPoolTest {
    private FleetDriverSupport fx;
    private HikariDataSource pool;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("ap_", "");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(fx.url);
        config.setUsername(fx.fleet.user());
        config.setPassword(fx.fleet.password());
        config.setMaximumPoolSize(4);
        config.setAutoCommit(false); // what Spring's transaction manager often configures
        pool = new HikariDataSource(config);
    }

    @AfterAll
    void tearDown() {
        pool.close();
        fx.close();
    }

    @Test
    void concurrentWorkThroughTheApplicationPoolLandsOnTheRightShards() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                jobs.add(workers.submit(() -> {
                    for (long id = thread * 100L + 1; id <= thread * 100L + 50; id++) {
                        try (Connection c = pool.getConnection();
                             PreparedStatement ps = c.prepareStatement(
                                     "INSERT INTO ap_users (user_id, name) VALUES (?, ?)")) {
                            ps.setLong(1, id);
                            ps.setString(2, "pooled" + id);
                            ps.executeUpdate();
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            workers.shutdownNow();
        }
        for (long id : new long[]{1, 50, 101, 250, 333, 350}) {
            int shard = fx.shardIndex(fx.dataSource.shardOf("user", id));
            assertEquals(List.of(shard), fx.shardsWithRows("SELECT count(*) FROM ap_users WHERE user_id = " + id));
        }
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM ap_users WHERE user_id = ?")) {
            ps.setLong(1, 333);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("pooled333", rs.getString(1));
            }
            c.commit();
        }
    }

    @Test
    void uncommittedWorkIsRolledBackWhenThePoolTakesTheConnectionBack() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ap_users (user_id, name) VALUES (?, ?)")) {
            ps.setLong(1, 9999);
            ps.setString(2, "never committed");
            ps.executeUpdate();
        }
        long rows = 0;
        for (int s = 0; s < fx.shardCount(); s++) {
            rows += fx.count(s, "SELECT count(*) FROM ap_users WHERE user_id = 9999");
        }
        assertEquals(0, rows);
    }

    @Test
    void theLogicalConnectionIsReachableThroughThePoolsProxy() throws SQLException {
        try (Connection c = pool.getConnection()) {
            assertTrue(c.isWrapperFor(ShardedConnection.class));
            ShardedConnection sc = c.unwrap(ShardedConnection.class);
            assertNotNull(sc.explain("SELECT 1"));
            DatabaseMetaData md = c.getMetaData();
            assertEquals("sharded-jdbc", md.getDriverName());
            assertTrue(md.getDatabaseProductName().contains("PostgreSQL"));
            try (ResultSet tables = md.getTables(null, null, "ap_users", null)) {
                assertTrue(tables.next(), "metadata comes from a real shard");
            }
            assertTrue(c.isValid(1));
            assertFalse(c.isReadOnly());
            c.rollback();
        }
    }
}
