package io.shardedjdbc.node;

import com.zaxxer.hikari.HikariConfig;
import io.shardedjdbc.SqlState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;

/**
 * One PostgreSQL server (a shard's primary or a replica) and the internal HikariCP pool in front of it.
 * The pool is created eagerly but connects lazily, so a dead server does not stop the cluster from starting.
 */
public final class Node implements AutoCloseable {
    private final String name;
    private final String jdbcUrl;
    /** What the node is now in its shard; the topology's primary/replica is only the first guess. */
    public enum Role { PRIMARY, REPLICA, FENCED }

    private volatile Role role;
    /** Set once by the shard that lists the node. */
    private volatile Shard shard;
    private final int weight;
    private final String user;
    private final String password;
    private static final Logger log = LoggerFactory.getLogger(Node.class);

    /** HikariCP's pools themselves rather than its DataSource: borrows wait in slices (see {@link #borrow}). */
    private final NodePool pool;
    private final HikariConfig config;
    private final long connectionTimeoutMillis;
    private final LongAdder statements = new LongAdder();
    /** Written by the health monitor only (one check of a node at a time); read by sessions. */
    private volatile long checksStarted;
    private volatile NodeHealth health = NodeHealth.UNKNOWN;

    /**
     * @param replica true for a server the topology lists as a replica (a first guess: roles are discovered)
     * @param weight  a replica's share of its shard's reads relative to the other replicas (1 for primaries)
     */
    public Node(String name, String jdbcUrl, boolean replica, int weight, String user, String password,
                Map<String, String> poolSettings) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.role = replica ? Role.REPLICA : Role.PRIMARY;
        this.weight = weight;
        this.user = user;
        this.password = password;
        Properties props = new Properties();
        props.putAll(poolSettings);
        HikariConfig config = new HikariConfig(props);
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("sharded-jdbc " + name);
        // -1: start even when the server is down; the first borrow reports the failure with the node's name.
        config.setInitializationFailTimeout(-1);
        if (!poolSettings.containsKey("minimumIdle")) {
            config.setMinimumIdle(0);
        }
        if (!poolSettings.containsKey("connectionTimeout")) {
            config.setConnectionTimeout(5_000);
        }
        config.validate();
        this.config = config;
        this.connectionTimeoutMillis = config.getConnectionTimeout();
        this.pool = new NodePool(name, config);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return whether the node is not its shard's primary now (a standby, or fenced) */
    public boolean isReplica() {
        return role != Role.PRIMARY;
    }

    public Role role() {
        return role;
    }

    void role(Role r) {
        role = r;
    }

    void shard(Shard s) {
        shard = s;
    }

    public int weight() {
        return weight;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    public NodeHealth health() {
        return health;
    }

    /**
     * The number of health checks started so far. A check numbered above the value read right after a commit (or a
     * read) returned measures a WAL position that includes it: that is how sessions learn LSNs without a round trip.
     */
    public long checksStarted() {
        return checksStarted;
    }

    /** @return the number of the check that starts now */
    long startCheck() {
        long n = checksStarted + 1;
        checksStarted = n;
        return n;
    }

    void publish(NodeHealth h) {
        NodeHealth before = health;
        health = h;
        if (h.up() && !before.up() && before != NodeHealth.UNKNOWN) {
            pool.renew(); // back after being down: no borrow waits on the old pool's connection back-off
        }
        Shard s = shard;
        if (s != null) {
            s.reassess();
        }
    }

    /**
     * A statement could not reach this node: it gets no reads until a health check succeeds again. The state is
     * replaced whole, so a check finishing at the same moment wins or loses as a unit.
     */
    public void markDown(String why) {
        NodeHealth h = health;
        health = new NodeHealth(false, h.inRecovery(), h.lsn(), h.lsnCheck(), h.lagMillis(), h.lagBytes(),
                h.failures() + 1, why, h.timeline(), h.recoveryEnd());
        pool.softEvictConnections(); // its idle connections are as dead as the one that failed
        Shard s = shard;
        if (s != null) {
            s.reassess(); // writes wait for a new primary instead of trying this one again
        }
    }

    /**
     * @return true for failures that mean the server is gone, not the statement wrong: SQLSTATE class 08 (connection
     *         exception) or 57P01-57P03 (the server is shutting down or still starting)
     */
    public static boolean connectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException se && se.getSQLState() != null) {
                String state = se.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return true when a borrow failed because the pool had no free connection in time while the server itself was
     * not failing (all connections lent): nothing says the server is down
     */
    public static boolean poolExhausted(SQLException e) {
        Throwable cause = e.getCause();
        return cause instanceof java.sql.SQLTransientConnectionException && cause.getCause() == null;
    }

    /** Counts one statement sent to this node. */
    public void countStatement() {
        statements.increment();
    }

    /** @return statements sent to this node so far */
    public long statementCount() {
        return statements.sum();
    }
    /**
     * A connection of its own to this server, outside the pool (the monitor's, the promoter's): checks never wait
     * behind application statements. Connecting and logging in are bounded by {@code timeoutMillis}.
     */
    Connection connectDirect(org.postgresql.Driver pgjdbc, int timeoutMillis, String applicationName)
            throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        String seconds = Integer.toString(Math.max(1, (timeoutMillis + 999) / 1000));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("ApplicationName", applicationName);
        Connection c = pgjdbc.connect(jdbcUrl, props);
        if (c == null) {
            throw SqlState.CONFIG_INVALID.exception("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return c;
    }

    /** How long one wait for a pooled connection lasts before the node's state is looked at again. */
    private static final long BORROW_SLICE_MILLIS = 100;

    /**
     * Borrows a physical connection; closing it returns it to this node's pool. The wait (up to the pool's
     * connectionTimeout) is cut in slices: when the monitor or a failed statement marks the node down meanwhile, the
     * borrow fails at once instead of waiting out the timeout against a dead server (a write then goes to the shard's
     * new primary without waiting on this pool).
     */
    public Connection borrow() throws SQLException {
        long deadline = System.nanoTime() + connectionTimeoutMillis * 1_000_000;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            try {
                return pool.getConnection(Math.max(1, Math.min(BORROW_SLICE_MILLIS, left)));
            } catch (java.sql.SQLTransientConnectionException e) {
                NodeHealth h = health;
                boolean down = !h.up() && h != NodeHealth.UNKNOWN;
                if (down || left <= BORROW_SLICE_MILLIS) {
                    throw SqlState.CONNECTION_FAILURE.exception("cannot get a connection to " + name + " (" + jdbcUrl
                            + "): " + (down ? "it is down (" + h.problem() + "); " : "") + e.getMessage()
                            + "; check that the server is up and the topology's URL and credentials are right", e);
                }
            } catch (SQLException e) {
                throw SqlState.CONNECTION_FAILURE.exception("cannot get a connection to " + name + " (" + jdbcUrl
                        + "): " + e.getMessage() + "; check that the server is up and the topology's URL and"
                        + " credentials are right", e);
            }
        }
    }

    /**
     * Puts a borrowed connection that carried a logical connection's session state back as the pool lent it:
     * DISCARD ALL undoes settings, role, temporary tables, session advisory locks, LISTENs, cursors and SQL-level
     * prepared statements (pgjdbc forgets its own server-prepared statements when it sees DISCARD ALL), then the
     * pool's own connection set-up runs again. A connection that cannot be cleaned is evicted, never lent as it is.
     * The caller still closes it.
     */
    public void clean(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true); // DISCARD ALL cannot run inside a transaction block
            }
            try (Statement st = c.createStatement()) {
                st.execute("DISCARD ALL");
                String initSql = config.getConnectionInitSql();
                if (initSql != null && !initSql.isBlank()) {
                    st.execute(initSql);
                }
            }
            if (config.getSchema() != null) {
                c.setSchema(config.getSchema());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("{}: a connection that carried session state could not be reset and leaves the pool: {}", name,
                    e.toString());
            pool.evict(c);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
