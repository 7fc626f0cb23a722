package io.shardedjdbc.itest.demo;

import java.util.List;

/**
 * The social schema the demo and the tests share: users, posts and follows sharded by user, likes and comments
 * sharded by post, countries broadcast to every shard. A prefix keeps independent copies apart in one fleet.
 */
public final class SocialSchema {
    private final String prefix;

    public SocialSchema(String prefix) {
        this.prefix = prefix;
    }

    public String users() {
        return prefix + "users";
    }

    public String posts() {
        return prefix + "posts";
    }

    public String follows() {
        return prefix + "follows";
    }

    public String likes() {
        return prefix + "likes";
    }

    public String comments() {
        return prefix + "comments";
    }

    public String countries() {
        return prefix + "countries";
    }

    public List<String> tables() {
        return List.of(users(), posts(), follows(), likes(), comments(), countries());
    }

    /** Where each sharded table's rows belong: the key column and its keyspace, as {@link #topologyYaml()} says. */
    public List<ShardKey> shardKeys() {
        return List.of(
                new ShardKey(users(), "user_id", "user"),
                new ShardKey(posts(), "user_id", "user"),
                new ShardKey(follows(), "follower_id", "user"),
                new ShardKey(likes(), "post_id", "post"),
                new ShardKey(comments(), "post_id", "post"));
    }

    /** A sharded table, the column that holds its shard key and the keyspace that places that key. */
    public record ShardKey(String table, String column, String keyspace) {
    }

    /** The topology file's keyspaces and tables for this schema (to follow the fleet's {@code shards:}). */
    public String topologyYaml() {
        return """
                keyspaces:
                  user: { type: bigint }
                  post: { type: bigint }
                tables:
                  %s: { key: user_id, keyspace: user }
                  %s: { key: user_id, keyspace: user }
                  %s: { key: follower_id, keyspace: user }
                  %s: { key: post_id, keyspace: post }
                  %s: { key: post_id, keyspace: post }
                  %s: { broadcast: true }
                """.formatted(users(), posts(), follows(), likes(), comments(), countries());
    }

    /** DDL to run through the driver: each statement reaches every shard. */
    public List<String> ddl() {
        return List.of(
                "DROP TABLE IF EXISTS " + String.join(", ", tables()),
                "CREATE TABLE " + users() + " (user_id bigint PRIMARY KEY, name text NOT NULL,"
                        + " country_code text, created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE " + posts() + " (post_id bigint NOT NULL, user_id bigint NOT NULL, body text,"
                        + " created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (user_id, post_id))",
                "CREATE TABLE " + follows() + " (follower_id bigint NOT NULL, followee_id bigint NOT NULL,"
                        + " PRIMARY KEY (follower_id, followee_id))",
                "CREATE TABLE " + likes() + " (post_id bigint NOT NULL, user_id bigint NOT NULL,"
                        + " PRIMARY KEY (post_id, user_id))",
                "CREATE TABLE " + comments() + " (comment_id bigserial, post_id bigint NOT NULL,"
                        + " user_id bigint NOT NULL, body text, PRIMARY KEY (post_id, comment_id))",
                "CREATE TABLE " + countries() + " (code text PRIMARY KEY, name text NOT NULL)",
                "CREATE INDEX ON " + posts() + " (created_at)");
    }
}
