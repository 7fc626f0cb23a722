package io.shardedjdbc.itest.demo;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills the social schema through any DataSource (the sharded pool or a direct one) with JDBC batches in
 * auto-commit mode, users taken in chunks by several threads. Each chunk writes a user's posts, follows,
 * likes and comments, so the data is complete when the last chunk is.
 */
public final class DataLoader {
    private static final int USERS_PER_CHUNK = 200;
    private static final int BATCH_ROWS = 500;

    private final SocialSchema schema;
    private final DataShape shape;
    private final DataSource dataSource;
    private final int threads;

    public DataLoader(SocialSchema schema, DataShape shape, DataSource dataSource, int threads) {
        this.schema = schema;
        this.shape = shape;
        this.dataSource = dataSource;
        this.threads = Math.max(1, threads);
    }

    /** Loads everything; {@code progress} advances by rows written. */
    public void load(ProgressBar progress) throws SQLException {
        loadCountries(progress);
        AtomicLong nextUser = new AtomicLong(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads, DemoThreads.named("loader"));
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long first;
                    while ((first = nextUser.getAndAdd(USERS_PER_CHUNK)) <= shape.users()) {
                        loadChunk(first, Math.min(shape.users() + 1, first + USERS_PER_CHUNK), progress);
                    }
                    return null;
                }));
            }
            DemoThreads.awaitAll(workers, "loading " + schema.users() + " and its companions");
        } finally {
            pool.shutdownNow();
        }
    }

    private void loadCountries(ProgressBar progress) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO " + schema.countries() + " (code, name) VALUES ");
        for (int i = 0; i < DataShape.COUNTRIES.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (String[] country : DataShape.COUNTRIES) {
                ps.setString(p++, country[0]);
                ps.setString(p++, country[1]);
            }
            ps.executeUpdate();
        }
        progress.advance(DataShape.COUNTRIES.size());
    }

    /** Users {@code [from, to)} and everything that hangs off them. */
    private void loadChunk(long from, long to, ProgressBar progress) throws SQLException {
        SplittableRandom random = new SplittableRandom(from);
        try (Connection c = dataSource.getConnection()) {
            try (Batch users = new Batch(c, "INSERT INTO " + schema.users()
                    + " (user_id, name, country_code) VALUES (?, ?, ?)", progress)) {
                for (long u = from; u < to; u++) {
                    users.ps.setLong(1, u);
                    users.ps.setString(2, "user " + u);
                    users.ps.setString(3, DataShape.COUNTRIES.get(random.nextInt(DataShape.COUNTRIES.size()))[0]);
                    users.add();
                }
            }
            try (Batch posts = new Batch(c, "INSERT INTO " + schema.posts()
                    + " (post_id, user_id, body) VALUES (?, ?, ?)", progress)) {
                for (long u = from; u < to; u++) {
                    for (int n = 0; n < shape.postsPerUser(); n++) {
                        posts.ps.setLong(1, DataShape.postId(u, n));
                        posts.ps.setLong(2, u);
                        posts.ps.setString(3, "post " + n + " of user " + u);
                        posts.add();
                    }
                }
            }
            try (Batch follows = new Batch(c, "INSERT INTO " + schema.follows()
                    + " (follower_id, followee_id) VALUES (?, ?)", progress)) {
                long others = shape.users() - 1;
                int count = (int) Math.min(shape.followsPerUser(), others);
                for (long u = from; u < to; u++) {
                    long start = random.nextLong(others);
                    for (int k = 0; k < count; k++) {
                        // distinct distances in 1..users-1 from the follower: distinct followees, never itself
                        long distance = 1 + (start + k) % others;
                        follows.ps.setLong(1, u);
                        follows.ps.setLong(2, 1 + (u - 1 + distance) % shape.users());
                        follows.add();
                    }
                }
            }
            try (Batch likes = new Batch(c, "INSERT INTO " + schema.likes()
                    + " (post_id, user_id) VALUES (?, ?)", progress)) {
                int count = (int) Math.min(shape.likesPerPost(), shape.users());
                for (long u = from; u < to; u++) {
                    for (int n = 0; n < shape.postsPerUser(); n++) {
                        long start = random.nextLong(shape.users());
                        for (int k = 0; k < count; k++) {
                            likes.ps.setLong(1, DataShape.postId(u, n));
                            likes.ps.setLong(2, 1 + Math.floorMod(start + k, shape.users()));
                            likes.add();
                        }
                    }
                }
            }
            try (Batch comments = new Batch(c, "INSERT INTO " + schema.comments()
                    + " (post_id, user_id, body) VALUES (?, ?, ?)", progress)) {
                for (long u = from; u < to; u++) {
                    for (int n = 0; n < shape.postsPerUser(); n++) {
                        for (int k = 0; k < shape.commentsPerPost(); k++) {
                            comments.ps.setLong(1, DataShape.postId(u, n));
                            comments.ps.setLong(2, 1 + random.nextLong(shape.users()));
                            comments.ps.setString(3, "comment " + k);
                            comments.add();
                        }
                    }
                }
            }
        }
    }

    /** A prepared statement that sends its batch every {@value #BATCH_ROWS} rows and on close. */
    private static final class Batch implements AutoCloseable {
        final PreparedStatement ps;
        private final ProgressBar progress;
        private int pending;

        Batch(Connection c, String sql, ProgressBar progress) throws SQLException {
            this.ps = c.prepareStatement(sql);
            this.progress = progress;
        }

        void add() throws SQLException {
            ps.addBatch();
            if (++pending == BATCH_ROWS) {
                flush();
            }
        }

        private void flush() throws SQLException {
            if (pending > 0) {
                ps.executeBatch();
                progress.advance(pending);
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                ps.close();
            }
        }
    }
}
