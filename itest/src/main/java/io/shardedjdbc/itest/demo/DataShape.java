package io.shardedjdbc.itest.demo;

import java.util.List;

/**
 * How much data the demo loads and how its ids are laid out. Post ids are {@code userId * 100 + n} for the
 * n-th post of a user, so the workload can name an existing post without asking the database.
 */
public record DataShape(long users, int postsPerUser, int followsPerUser, int likesPerPost, int commentsPerPost) {
    static final int MAX_POSTS_PER_USER = 100;

    /** Country codes of the broadcast table; users point at them. */
    public static final List<String[]> COUNTRIES = List.of(
            new String[]{"AR", "Argentina"}, new String[]{"AU", "Australia"}, new String[]{"BR", "Brazil"},
            new String[]{"CA", "Canada"}, new String[]{"CN", "China"}, new String[]{"DE", "Germany"},
            new String[]{"EG", "Egypt"}, new String[]{"ES", "Spain"}, new String[]{"FR", "France"},
            new String[]{"GB", "United Kingdom"}, new String[]{"IN", "India"}, new String[]{"IT", "Italy"},
            new String[]{"JP", "Japan"}, new String[]{"KE", "Kenya"}, new String[]{"KR", "South Korea"},
            new String[]{"MX", "Mexico"}, new String[]{"NG", "Nigeria"}, new String[]{"NL", "Netherlands"},
            new String[]{"PL", "Poland"}, new String[]{"SE", "Sweden"}, new String[]{"US", "United States"},
            new String[]{"ZA", "South Africa"});

    public DataShape {
        if (users < 2) {
            throw new IllegalArgumentException("--users must be at least 2, got " + users);
        }
        if (postsPerUser < 1 || postsPerUser >= MAX_POSTS_PER_USER) {
            throw new IllegalArgumentException("posts per user must be in 1.." + (MAX_POSTS_PER_USER - 1)
                    + " (post ids are userId * " + MAX_POSTS_PER_USER + " + n), got " + postsPerUser);
        }
        if (followsPerUser < 0 || likesPerPost < 0 || commentsPerPost < 0) {
            throw new IllegalArgumentException("per-user and per-post counts must not be negative");
        }
    }

    /** The demo's default proportions for {@code users} users. */
    public static DataShape forUsers(long users) {
        return new DataShape(users, 5, 5, 3, 1);
    }

    public static long postId(long userId, int n) {
        return userId * MAX_POSTS_PER_USER + n;
    }

    /** The first post id above every loaded post: new posts of the workload count up from here. */
    public long firstFreePostId() {
        return postId(users + 1, 0);
    }

    public long posts() {
        return users * postsPerUser;
    }

    /** Rows the loader writes, countries included. */
    public long totalRows() {
        return COUNTRIES.size() + users + posts() + users * Math.min(followsPerUser, users - 1)
                + posts() * Math.min(likesPerPost, users) + posts() * commentsPerPost;
    }
}
