package io.shardedjdbc.itest.scatter;

/**
 * What a query of the oracle corpus exercises. A category names the hardest merge feature of its queries, so that
 * listing a category in {@code oracle.mustMatch} claims that feature works.
 */
enum Category {
    SINGLE("one shard key: routed to one shard, compared like every other query"),
    PLAIN("key-less SELECT without ORDER BY: a multiset"),
    COLOCATED_JOIN("tables joined on their common shard key"),
    BROADCAST_JOIN("a sharded table joined with a broadcast table, or filtered by a subquery over one"),
    ORDER("ORDER BY without LIMIT/OFFSET"),
    LIMIT("ORDER BY with LIMIT, OFFSET or FETCH FIRST"),
    AGG_SIMPLE("count, sum, min, max, bool_and/or without GROUP BY"),
    AVG("avg, with or without GROUP BY"),
    GROUP("GROUP BY, ORDER BY over groups, GROUP BY + LIMIT"),
    HAVING("GROUP BY with HAVING"),
    DISTINCT("SELECT DISTINCT"),
    COUNT_DISTINCT("aggregates over DISTINCT values"),
    IN_LIST("key IN (...) and key = ANY(...) spanning shards"),
    ONE_SHARD("a sharded table whose rows all live on one shard"),
    EMPTY("a sharded table without rows"),
    PREPARED("key-less prepared statements with ? parameters"),
    MUST_REFUSE("cannot be merged from per-shard results: must be refused");

    private final String meaning;

    Category(String meaning) {
        this.meaning = meaning;
    }

    String meaning() {
        return meaning;
    }
}
