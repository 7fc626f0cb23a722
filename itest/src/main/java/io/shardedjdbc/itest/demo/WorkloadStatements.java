package io.shardedjdbc.itest.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQL of each operation, written as an application would: plain JDBC that names the shard key, nothing
 * driver-specific, so the same code runs sharded and direct. Keys are drawn from the loaded data.
 */
final class WorkloadStatements {
    private static final int MULTI_ROWS = 4;
    private static final int BATCH_ROWS = 5;

    private final DataShape shape;
    private final AtomicLong nextPostId;
    private final String readUser;
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
        readUser = "SELECT user_id, name, country_code FROM " + schema.users() + " WHERE user_id = ?";
        readPost = "SELECT post_id, body, created_at FROM " + schema.posts() + " WHERE user_id = ? AND post_id = ?";
        readCountry = "SELECT name FROM " + schema.countries() + " WHERE code = ?";
        updateUser = "UPDATE " + schema.users() + " SET name = ? WHERE user_id = ?";
        insertPost = "INSERT INTO " + schema.posts() + " (post_id, user_id, body) VALUES (?, ?, ?)";
        insertLike = "INSERT INTO " + schema.likes() + " (post_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
        insertComment = "INSERT INTO " + schema.comments() + " (post_id, user_id, body) VALUES (?, ?, ?)";
        multiRowLikes = "INSERT INTO " + schema.likes() + " (post_id, user_id) VALUES "
                + "(?, ?), ".repeat(MULTI_ROWS - 1) + "(?, ?) ON CONFLICT DO NOTHING";
    }

    /** Runs one operation; returns false when a point read of loaded data found nothing. */
    boolean run(Operation op, Connection c, SplittableRandom random) throws SQLException {
        return switch (op) {
            case READ_USER -> readUser(c, randomUser(random));
            case READ_POST -> readPost(c, random);
            case READ_COUNTRY -> readCountry(c, random);
            case UPDATE_USER -> write(c, updateUser, "renamed " + random.nextInt(1000), randomUser(random));
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

    private boolean readUser(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(readUser)) {
            ps.setLong(1, userId);
            return drain(ps) == 1;
        }
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
