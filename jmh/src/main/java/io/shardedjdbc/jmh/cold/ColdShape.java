package io.shardedjdbc.jmh.cold;

import io.shardedjdbc.route.RouteKind;

import java.util.function.LongFunction;

/**
 * The statement shapes whose first analysis is timed, each as a text family: one number varies per text (the shard
 * key for the keyed shapes, a filter or HAVING bound for the others), so every text is new to the plan cache while
 * the statement's shape, and so the analyzer's work, stays the same. Literal values, not {@code ?}, are what makes
 * a running application send texts its cache has never seen; parsing a literal costs what parsing a {@code ?} does.
 */
public enum ColdShape {
    POINT_SELECT("pointSelect", RouteKind.KEY,
            n -> "SELECT user_id, name, email FROM users WHERE user_id = " + n),
    INSERT("insert", RouteKind.KEY,
            n -> "INSERT INTO users (user_id, name, email) VALUES (" + n + ", 'Ada', 'ada@example.com')"),
    UPDATE("update", RouteKind.KEY,
            n -> "UPDATE users SET name = 'Ada' WHERE user_id = " + n),
    DELETE("delete", RouteKind.KEY,
            n -> "DELETE FROM users WHERE user_id = " + n),
    COLOCATED_JOIN("colocatedJoin", RouteKind.KEY,
            n -> "SELECT u.name, p.post_id, p.title FROM users u JOIN posts p ON p.user_id = u.user_id"
                    + " WHERE u.user_id = " + n),
    SCATTER_ORDER_LIMIT("scatterOrderLimit", RouteKind.SCATTER,
            n -> "SELECT post_id, user_id, title, likes FROM posts WHERE likes > " + n
                    + " ORDER BY likes DESC, post_id LIMIT 10"),
    SCATTER_GROUP_BY("scatterGroupBy", RouteKind.SCATTER,
            n -> "SELECT topic, count(*) AS posts, sum(likes) AS total_likes FROM posts GROUP BY topic"
                    + " HAVING count(*) > " + n),
    BROADCAST_READ("broadcastRead", RouteKind.BROADCAST_READ,
            n -> "SELECT code, name FROM countries WHERE population > " + n);

    private final String paramName;
    private final RouteKind expectedRoute;
    private final LongFunction<String> text;

    ColdShape(String paramName, RouteKind expectedRoute, LongFunction<String> text) {
        this.paramName = paramName;
        this.expectedRoute = expectedRoute;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the shapes there are */
    public static ColdShape of(String paramName) {
        for (ColdShape shape : values()) {
            if (shape.paramName.equals(paramName)) {
                return shape;
            }
        }
        StringBuilder names = new StringBuilder();
        for (ColdShape shape : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(shape.paramName);
        }
        throw new IllegalArgumentException("shape is " + paramName + "; use one of " + names);
    }

    /** KEY for the shapes whose number is the key of users (and of posts, co-located with it). */
    public RouteKind expectedRoute() {
        return expectedRoute;
    }

    /** Whether the varying number is the shard key, so a text must route to that key's shard. */
    public boolean keyed() {
        return expectedRoute == RouteKind.KEY;
    }

    /** The family's text for one number. */
    public String text(long number) {
        return text.apply(number);
    }
}
