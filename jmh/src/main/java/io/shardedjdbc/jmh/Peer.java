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
    /**
     * Apache ShardingSphere-JDBC 5.5 with a HikariCP pool per server, the key's data source computed by a plain-Java
     * {@code CLASS_BASED} algorithm ({@code FloorModShardingAlgorithm}): its cheapest routing, cheaper than the
     * documented Groovy {@code INLINE} expression.
     */
    SHARDINGSPHERE;

    static Peer named(String param) {
        return valueOf(param.toUpperCase(java.util.Locale.ROOT));
    }
}
