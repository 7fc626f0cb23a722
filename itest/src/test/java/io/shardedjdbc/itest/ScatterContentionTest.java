package io.shardedjdbc.itest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many concurrent cross-shard reads over pools of one connection per server, eager and streamed, mixed with
 * single-shard statements: all finish with the right answer (connections are taken in shard order, so no cycle of
 * waits can form).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScatterContentionTest {
    private FleetDriverSupport fx;

    @BeforeAll
    void setUp() throws SQLException {
        fx = new FleetDriverSupport("sc_", "scatter: allow\nconsistency: strong\npool: { maximumPoolSize: 1, connectionTimeout: 30000 }\n");
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sc_users (user_id, name) VALUES (?, ?)")) {
            for (long id = 1; id <= 200; id++) {
                ps.setLong(1, id);
                ps.setString(2, "u" + id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    @Test
    void concurrentScatterReadsNeverDeadlockOnSmallPools() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                jobs.add(threads.submit(() -> {
                    int done = 0;
                    for (int i = 0; i < 40; i++) {
                        try (Connection c = fx.connect()) {
                            if ((thread + i) % 3 == 0) {
                                // A single-shard statement takes one shard's only connection meanwhile.
                                try (PreparedStatement ps = c.prepareStatement(
                                        "UPDATE sc_users SET name = name WHERE user_id = ?")) {
                                    ps.setLong(1, 1 + (i % 200));
                                    ps.executeUpdate();
                                }
                            }
                            try (Statement st = c.createStatement();
                                 ResultSet rs = st.executeQuery("SELECT count(*), min(user_id), max(user_id) FROM sc_users")) {
                                assertTrue(rs.next());
                                assertEquals(200, rs.getLong(1));
                                assertEquals(1, rs.getLong(2));
                                assertEquals(200, rs.getLong(3));
                            }
                            if (thread % 2 == 1) {
                                // A streamed read keeps every shard's connection until it is read to the end.
                                try (Statement st = c.createStatement()) {
                                    st.setFetchSize(16);
                                    try (ResultSet rs = st.executeQuery("SELECT user_id FROM sc_users ORDER BY user_id")) {
                                        long expected = 1;
                                        while (rs.next()) {
                                            assertEquals(expected++, rs.getLong(1));
                                        }
                                        assertEquals(201, expected);
                                    }
                                }
                            }
                            done++;
                        }
                    }
                    return done;
                }));
            }
            int total = 0;
            for (Future<Integer> job : jobs) {
                total += job.get(120, TimeUnit.SECONDS);
            }
            assertEquals(8 * 40, total);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void orderedPagesAcrossShardsMatchTheRowsInKeyOrder() throws SQLException {
        try (Connection c = fx.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, name FROM sc_users ORDER BY user_id DESC LIMIT ? OFFSET ?")) {
            ps.setInt(1, 7);
            ps.setInt(2, 10);
            try (ResultSet rs = ps.executeQuery()) {
                for (long expected = 190; expected > 183; expected--) {
                    assertTrue(rs.next());
                    assertEquals(expected, rs.getLong("user_id"));
                    assertEquals("u" + expected, rs.getString(2));
                }
                assertTrue(!rs.next());
            }
        }
    }
}
