package io.shardedjdbc.itest.write;

import java.util.List;

/**
 * The differential's tables, created with the same DDL through the driver and on the reference server. No serial or
 * identity column: a sequence per shard would hand out other numbers than the reference's one sequence, so every
 * value a write returns comes from its own parameters, a column DEFAULT or a generated column, and is comparable.
 */
final class WriteSchema {
    private WriteSchema() {
    }

    /**
     * Top-level {@code scatter: allow}, with wd_locked denying key-less writes on its own. The override sends a key
     * of the pool to a shard the ring does not give it, so that "the shard shardOf names" includes the directory.
     * Multi-shard transactions are refused here: the model keeps each transaction on one shard and checks that
     * leaving it is refused (two-phase commit has its own tests, against the same servers).
     */
    static final String TOPOLOGY_YAML = """
            scatter: allow
            multiShardTransactions: refuse
            keyspaces:
              item: { type: bigint, overrides: { "77": %s } }
              lock: { type: bigint }
              warehouse: { type: bigint }
            tables:
              wd_items:     { key: item_id, keyspace: item }
              wd_parts:     { key: item_id, keyspace: item }
              wd_locked:    { key: lock_id, keyspace: lock, scatter: deny }
              wd_codes:     { broadcast: true }
              wd_warehouse: { key: w_id, keyspace: warehouse }
              wd_district:  { key: d_w_id, keyspace: warehouse }
              wd_customer:  { key: c_w_id, keyspace: warehouse }
            """;

    /** The key the topology overrides, in the item pool. */
    static final long OVERRIDDEN_KEY = 77;

    static final String ITEMS = "wd_items";
    static final String PARTS = "wd_parts";
    static final String LOCKED = "wd_locked";
    static final String CODES = "wd_codes";

    static final List<String> DDL = List.of(
            "CREATE TABLE wd_items (item_id bigint PRIMARY KEY, name text NOT NULL,"
                    + " qty int NOT NULL DEFAULT 1 CHECK (qty >= 0), tag text DEFAULT 'new',"
                    + " doubled bigint GENERATED ALWAYS AS (item_id * 2) STORED)",
            // the key has a DEFAULT: an INSERT that leaves it out succeeds on a server, so only the driver can stop
            // it from storing the row under a key nobody placed
            "CREATE TABLE wd_parts (item_id bigint NOT NULL DEFAULT 0, part_no int NOT NULL, note text,"
                    + " weight int NOT NULL DEFAULT 10 CHECK (weight > 0), PRIMARY KEY (item_id, part_no))",
            "CREATE TABLE wd_locked (lock_id bigint PRIMARY KEY, owner text NOT NULL,"
                    + " qty int NOT NULL DEFAULT 0 CHECK (qty >= 0), stamp text DEFAULT 'init')",
            "CREATE TABLE wd_codes (code text PRIMARY KEY, label text NOT NULL,"
                    + " hits int NOT NULL DEFAULT 0 CHECK (hits >= 0))");

    static final List<WriteTable> TABLES = List.of(
            new WriteTable(ITEMS, "item", "item_id", List.of("item_id", "name", "qty", "tag", "doubled"),
                    List.of("item_id", "name", "qty", "tag")),
            new WriteTable(PARTS, "item", "item_id", List.of("item_id", "part_no", "note", "weight"),
                    List.of("item_id", "part_no", "note", "weight")),
            new WriteTable(LOCKED, "lock", "lock_id", List.of("lock_id", "owner", "qty", "stamp"),
                    List.of("lock_id", "owner", "qty", "stamp")),
            new WriteTable(CODES, null, "code", List.of("code", "label", "hits"), List.of("code", "label", "hits")));

    /** Codes the generator writes; the first five exist at the start. Tags and notes draw from the same words. */
    static final List<String> CODE_WORDS = List.of("a", "b", "c", "new", "x", "d", "e", "up", "zz", "q");
    static final int INITIAL_CODES = 5;
    static final List<String> TAGS = List.of("new", "a", "b", "c", "x", "up", "old", "A");
}
