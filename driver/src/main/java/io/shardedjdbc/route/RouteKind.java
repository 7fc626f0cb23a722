package io.shardedjdbc.route;

/** How a statement was placed; counted per cluster and shown by route explanations. */
public enum RouteKind {
    /** By the shard key found in parameters or literals. */
    KEY,
    /** By a ShardHints scope or a SQL comment hint. */
    HINT,
    /** To the defaultShard: tables the topology does not list, or no table at all. */
    DEFAULT,
    /** A read of broadcast tables only: any one shard holds a full copy. */
    BROADCAST_READ,
    /** A write of a broadcast table, DDL on a listed table, or an allowed key-less write: every shard. */
    ALL_SHARDS,
    /** A multi-row INSERT whose rows belong to several shards: one INSERT per shard. */
    SPLIT,
    /** A read without one key (none, or a key list spanning shards): every shard it may need, results merged. */
    SCATTER,
    /** An UPDATE or DELETE whose key list spans shards: each owner runs it with its own keys, all or nothing. */
    KEY_LIST;
}
