package io.shardedjdbc.itest.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardedjdbc.ShardedDataSource;
import io.shardedjdbc.ShardedDriver;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One demo run on a target: schema through the driver, load, sharded workload through an application
 * HikariCP pool on {@code jdbc:sharded:}, a direct look at every shard, then the same on one plain server.
 */
public final class DemoRun {
    public static final String SHARDED_PREFIX = "demo_";
    public static final String DIRECT_PREFIX = "demo_direct_";
    private static final long SEED = 20_240_601L;

    private final DemoTarget target;
    private final DemoOptions options;
    private final DataShape shape;
    private final PrintStream out;
    private final ProgressBar.Style style;
    /** The --failover drill run during the sharded workload; null: none. */
    private final FailoverDrill failover;
    private String failoverSummary;

    public DemoRun(DemoTarget target, DemoOptions options, DataShape shape, PrintStream out, ProgressBar.Style style) {
        this(target, options, shape, out, style, null);
    }

    DemoRun(DemoTarget target, DemoOptions options, DataShape shape, PrintStream out, ProgressBar.Style style,
            FailoverDrill failover) {
        this.target = target;
        this.options = options;
        this.shape = shape;
        this.out = out;
        this.style = style;
        this.failover = failover;
    }

    /** What the --failover drill saw; null when there was none. */
    public String failoverSummary() {
        return failoverSummary;
    }

    public DemoReport run() throws SQLException {
        SocialSchema schema = new SocialSchema(SHARDED_PREFIX);
        Workload workload = new Workload(schema, shape, options.threads(), options.duration(), SEED);
        double loadSeconds;
        Map<String, Long> routesLoad;
        Map<String, Long> routesWorkload;
        Map<String, Long> serversWorkload;
        Map<String, Long> readsWorkload;
        WorkloadResult sharded;
        RowCensus.Result census;
        try (ShardedDataSource driver = new ShardedDataSource(target.jdbcUrl())) {
            if (target.user() != null) {
                driver.setUser(target.user());
            }
            if (target.password() != null) {
                driver.setPassword(target.password());
            }
            Map<String, Long> start = driver.routeCounts();
            createSchema(driver, schema);
            try (HikariDataSource app = pool("app-sharded", target.jdbcUrl(),
                    ShardedDriver.class.getName(), target.user(), target.password())) {
                loadSeconds = load(schema, app, "loading (sharded)");
                Map<String, Long> loaded = driver.routeCounts();
                routesLoad = minus(loaded, start);
                Map<String, Long> serversBefore = serverStatements(driver);
                Map<String, Long> readsBefore = driver.readCounts();
                FailoverDrill.Running drill = failover == null ? null : failover.start(driver, schema);
                sharded = workload.run(app, timed("workload (sharded)"));
                if (drill != null) {
                    try {
                        failoverSummary = drill.finish();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failoverSummary = "failover drill interrupted";
                    }
                }
                routesWorkload = minus(driver.routeCounts(), loaded);
                serversWorkload = minus(serverStatements(driver), serversBefore);
                readsWorkload = minus(driver.readCounts(), readsBefore);
            }
            census = RowCensus.take(schema, failover == null ? target.shards() : failover.afterFailover(target.shards()),
                    driver::shardOf);
        }
        if (!options.direct()) {
            return report(schema, loadSeconds, census, routesLoad, routesWorkload, serversWorkload, readsWorkload,
                    sharded, 0, null,
                    "skipped (--no-direct)");
        }
        if (target.direct() == null) {
            return report(schema, loadSeconds, census, routesLoad, routesWorkload, serversWorkload, readsWorkload,
                    sharded, 0, null,
                    "skipped: no server to compare with");
        }
        SocialSchema plain = new SocialSchema(DIRECT_PREFIX);
        try (HikariDataSource direct = pool("app-direct", target.direct().primaryUrl(),
                "org.postgresql.Driver", target.direct().user(), target.direct().password())) {
            createSchema(direct, plain);
            double directLoad = load(plain, direct, "loading (direct)");
            WorkloadResult directResult = new Workload(plain, shape, options.threads(), options.duration(), SEED)
                    .run(direct, timed("workload (direct)"));
            return report(schema, loadSeconds, census, routesLoad, routesWorkload, serversWorkload, readsWorkload,
                    sharded, directLoad, directResult,
                    "one server: " + target.direct());
        }
    }

    private DemoReport report(SocialSchema schema, double loadSeconds, RowCensus.Result census,
                              Map<String, Long> routesLoad, Map<String, Long> routesWorkload,
                              Map<String, Long> serversWorkload, Map<String, Long> readsWorkload,
                              WorkloadResult sharded,
                              double directLoadSeconds, WorkloadResult direct, String directNote) {
        return new DemoReport(target.description(), options, shape, schema, loadSeconds, census, routesLoad,
                routesWorkload, serversWorkload, readsWorkload, sharded, directLoadSeconds, direct, directNote);
    }

    private static Map<String, Long> serverStatements(ShardedDataSource driver) throws SQLException {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (io.shardedjdbc.NodeStatus n : driver.nodes()) {
            counts.put(n.node(), n.statements());
        }
        return counts;
    }

    private static void createSchema(DataSource dataSource, SocialSchema schema) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String ddl : schema.ddl()) {
                st.execute(ddl);
            }
        }
    }

    private double load(SocialSchema schema, DataSource dataSource, String label) throws SQLException {
        long started = System.nanoTime();
        ProgressBar bar = progress(label, shape.totalRows(), "rows");
        new DataLoader(schema, shape, dataSource, options.threads()).load(bar);
        bar.finish();
        return (System.nanoTime() - started) / 1e9;
    }

    private ProgressBar progress(String label, long total, String unit) {
        return ProgressBar.start(out, style, label, total, unit);
    }

    private ProgressBar timed(String label) {
        return ProgressBar.start(out, style, label, options.duration().toSeconds(), "s", "starting");
    }

    /** The application's own pool: what Spring Boot would build from spring.datasource.url. */
    private HikariDataSource pool(String name, String jdbcUrl, String driverClass, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setDriverClassName(driverClass);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(options.threads());
        return new HikariDataSource(config);
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> diff = new LinkedHashMap<>();
        after.forEach((kind, n) -> diff.put(kind, n - before.getOrDefault(kind, 0L)));
        return diff;
    }
}
