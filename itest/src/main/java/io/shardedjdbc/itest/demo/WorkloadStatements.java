package io.shardedjdbc.itest.demo;

import io.shardedjdbc.ShardHints;
import io.shardedjdbc.ShardedConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQL of each operation, written as an application would: plain JDBC that names the shard key, so the same
 * code runs sharded and direct. The driver-specific parts are what a sharded application adds for its replicas:
 * consistency comments (ignored by a plain server) and the token a user's update returns, kept in the user's
 * session for their own reads. Keys are drawn from the loaded data.
 */
final class WorkloadStatements {
    private static final int MULTI_ROWS = 4;
    private static final int BATCH_ROWS = 5;

    private final DataShape shape;
    private final AtomicLong nextPostId;
    private final String readUser;
    private final String readOwn;
    private final String readPost;
    private final String readCountry;
    private final String updateUser;
    private final String insertPost;
    private final String insertLike;
    private final String insertComment;
    private final String multiRowLikes;

    WorkloadStatements(SocialSchema schema, DataShape shape) {
        this.shape = shape;
        this.nextPostId = new AtomicLong(shape.firstFreePostId());
        // other users' data may be a moment old: any replica will do (a comment, so the direct run is the same SQL)
        readUser = "/* sharded: consistency=eventual */ SELECT user_id, name, country_code FROM " + schema.users()
                + " WHERE user_id = ?";
        readPost = "/* sharded: consistency=eventual */ SELECT post_id, body, created_at FROM " + schema.posts()
                + " WHERE user_id = ? AND post_id = ?";
        // a user's own profile must show their own change, whichever pooled connection made it: the token their
        // update returned says how fresh a replica must be. Not causal: that level adds the pooled connection's own
        // writes, which are other users' (a pool's connection writes to every shard all the time), and would send
        // nearly every such read to a primary
        readOwn = "/* sharded: consistency=eventual */ SELECT user_id, name, country_code FROM " + schema.users()
                + " WHERE user_id = ?";
        readCountry = "SELECT name FROM " + schema.countries() + " WHERE code = ?";
        updateUser = "UPDATE " + schema.users() + " SET name = ? WHERE user_id = ?";
        insertPost = "INSERT INTO " + schema.posts() + " (post_id, user_id, body) VALUES (?, ?, ?)";
        insertLike = "INSERT INTO " + schema.likes() + " (post_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
        insertComment = "INSERT INTO " + schema.comments() + " (post_id, user_id, body) VALUES (?, ?, ?)";
        multiRowLikes = "INSERT INTO " + schema.likes() + " (post_id, user_id) VALUES "
                + "(?, ?), ".repeat(MULTI_ROWS - 1) + "(?, ?) ON CONFLICT DO NOTHING";
    }

    /**
     * Runs one operation as one of the worker's users; returns false when a point read found nothing, or when a user's
     * own read did not show the name they set.
     */
    boolean run(Operation op, Connection c, SplittableRandom random, UserSessions users) throws SQLException {
        return switch (op) {
            case READ_USER -> readUser(c, readUser, randomUser(random)) != null;
            case READ_POST -> readPost(c, random);
            case READ_OWN -> readOwn(c, users.pick(random));
            case READ_COUNTRY -> readCountry(c, random);
            case UPDATE_USER -> updateUser(c, random, users);
            case INSERT_POST -> insertPost(c, random);
            case INSERT_LIKE -> write(c, insertLike, randomPost(random), randomUser(random));
            case INSERT_COMMENT -> write(c, insertComment, randomPost(random), randomUser(random), "nice");
            case MULTI_ROW_INSERT -> multiRowLikes(c, random);
            case BATCH_INSERT -> batchComments(c, random);
        };
    }

    private long randomUser(SplittableRandom random) {
        return 1 + random.nextLong(shape.users());
    }

    private long randomPost(SplittableRandom random) {
        return DataShape.postId(randomUser(random), random.nextInt(shape.postsPerUser()));
    }

    /** @return the user's name, or null when there is no such user */
    private static String readUser(Connection c, String sql, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = executeQuery(ps, userId)) {
            return rs.next() ? rs.getString(2) : null;
        }
    }

    private static ResultSet executeQuery(PreparedStatement ps, long userId) throws SQLException {
        ps.setLong(1, userId);
        return ps.executeQuery();
    }

    private boolean updateUser(Connection c, SplittableRandom random, UserSessions users) throws SQLException {
        long user = users.ownUser(random, shape.users());
        String name = "renamed " + random.nextInt(1000);
        write(c, updateUser, name, user);
        users.updated(user, name, token(c));
        return true;
    }

    /** A user reading their own profile: with the token of their last update, it shows that update. */
    private boolean readOwn(Connection c, UserSessions.User user) throws SQLException {
        if (user == null) {
            return readUser(c, readOwn, 1) != null; // no update yet in this worker: nothing to see
        }
        if (user.token() == null) {
            return user.name().equals(readUser(c, readOwn, user.id()));
        }
        try (ShardHints.Scope ignored = ShardHints.after(user.token())) {
            return user.name().equals(readUser(c, readOwn, user.id()));
        }
    }

    /** The token of what this connection wrote and read (sharded connections only; direct ones see their writes). */
    private static String token(Connection c) throws SQLException {
        return c.isWrapperFor(ShardedConnection.class) ? c.unwrap(ShardedConnection.class).consistencyToken() : null;
    }

    private boolean readPost(Connection c, SplittableRandom random) throws SQLException {
        long user = randomUser(random);
        try (PreparedStatement ps = c.prepareStatement(readPost)) {
            ps.setLong(1, user);
            ps.setLong(2, DataShape.postId(user, random.nextInt(shape.postsPerUser())));
            return drain(ps) == 1;
        }
    }

    private boolean readCountry(Connection c, SplittableRandom random) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(readCountry)) {
            ps.setString(1, DataShape.COUNTRIES.get(random.nextInt(DataShape.COUNTRIES.size()))[0]);
            return drain(ps) == 1;
        }
    }

    private boolean insertPost(Connection c, SplittableRandom random) throws SQLException {
        return write(c, insertPost, nextPostId.getAndIncrement(), randomUser(random), "fresh post");
    }

    private boolean multiRowLikes(Connection c, SplittableRandom random) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(multiRowLikes)) {
            for (int i = 0; i < MULTI_ROWS; i++) {
                ps.setLong(2 * i + 1, randomPost(random));
                ps.setLong(2 * i + 2, randomUser(random));
            }
            ps.executeUpdate();
            return true;
        }
    }

    private boolean batchComments(Connection c, SplittableRandom random) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertComment)) {
            for (int i = 0; i < BATCH_ROWS; i++) {
                ps.setLong(1, randomPost(random));
                ps.setLong(2, randomUser(random));
                ps.setString(3, "batched");
                ps.addBatch();
            }
            ps.executeBatch();
            return true;
        }
    }

    private static boolean write(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
            return true;
        }
    }

    private static int drain(PreparedStatement ps) throws SQLException {
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }
}
