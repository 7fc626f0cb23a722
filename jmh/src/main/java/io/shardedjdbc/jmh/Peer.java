package io.shardedjdbc.jmh;

/**
 * The three ways the side-by-side benchmarks reach the same servers. JMH {@code @Param} values are these names in
 * lower case.
 */
enum Peer {
    /** pgjdbc + HikariCP straight to the server that holds the key: the floor nothing can beat. */
    DIRECT,
    /** sharded-jdbc: {@code ShardedDataSource}, its own HikariCP pool per server. */
    SHARDED,
    /** Apache ShardingSphere-JDBC with a HikariCP pool per server and its built-in MOD sharding algorithm. */
    SHARDINGSPHERE;

    static Peer named(String param) {
        return valueOf(param.toUpperCase(java.util.Locale.ROOT));
    }
}
