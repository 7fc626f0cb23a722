package io.shardedjdbc.itest.write;

/**
 * What a statement of the corpus exercises; the report counts outcomes per shape. {@code item} is the numbered point
 * of the write contract the shape checks.
 */
enum Shape {
    INSERT_ONE("1", "single-row INSERT with a column list"),
    INSERT_MULTI("1", "multi-row INSERT ... VALUES, rows on several shards"),
    INSERT_DO_NOTHING("1", "multi-row INSERT ... ON CONFLICT DO NOTHING, some rows conflicting"),
    INSERT_UPSERT("1", "INSERT ... ON CONFLICT (key) DO UPDATE SET ..."),
    INSERT_RETURNING("1", "INSERT ... RETURNING *, one or several rows (compared in row order)"),
    INSERT_GENERATED_KEYS("1", "prepareStatement(sql, RETURN_GENERATED_KEYS or column names) + getGeneratedKeys"),
    INSERT_NO_COLUMNS("2", "INSERT INTO t VALUES (...) without a column list, one or several rows"),
    INSERT_NO_KEY("3", "INSERT without a key value (column left out, DEFAULT, NULL): must be refused"),
    INSERT_SELECT_KEY("4", "INSERT ... SELECT from the rows of the same key"),
    INSERT_SELECT_NO_KEY("4", "INSERT ... SELECT without one provable shard: refused (SJ002 without a key, SJ012 for keys of several shards)"),
    UPDATE_BY_KEY("5", "UPDATE ... WHERE key = ?, with and without RETURNING"),
    DELETE_BY_KEY("5", "DELETE ... WHERE key = ?, with and without RETURNING"),
    UPDATE_KEY_LIST("6", "UPDATE with IN (...) / = ANY(?) keys over several shards (also on the scatter: deny table)"),
    DELETE_KEY_LIST("6", "DELETE with IN (...) / = ANY(?) keys over several shards (also on the scatter: deny table)"),
    KEY_LIST_TX_CROSS("6", "a key list over several shards inside a transaction: must be refused (SJ006)"),
    KEYLESS("7", "key-less UPDATE/DELETE on scatter: allow tables: every shard, counts summed"),
    KEYLESS_DENY("7", "key-less UPDATE/DELETE on the scatter: deny table: must be refused (SJ002)"),
    BROADCAST("8", "INSERT/UPDATE/DELETE of the broadcast table: one copy's count and rows"),
    CTE_UPDATE("9", "WITH c AS (SELECT ... broadcast) UPDATE ... WHERE key = ?"),
    UPDATE_FROM("9", "UPDATE t SET ... FROM broadcast WHERE ... AND key = ?"),
    DELETE_USING("9", "DELETE FROM t USING broadcast WHERE ... AND key = ?"),
    FAILING_ON_ONE_SHARD("10", "a write over several shards that fails on one: the reference's SQLSTATE, no change"),
    BATCH_INSERT("11", "executeBatch of single-row INSERTs with a column list over several shards"),
    BATCH_NO_COLUMNS("11", "executeBatch of single-row INSERTs without a column list over several shards"),
    BATCH_UPDATE("11", "executeBatch of UPDATEs by key over several shards"),
    TX_CROSS("tx", "a multi-row INSERT, batch or key-less write over several shards in a transaction: refused SJ006"),
    TX_END("tx", "COMMIT or ROLLBACK of a transaction (contents compared after it)");

    private final String item;
    private final String meaning;

    Shape(String item, String meaning) {
        this.item = item;
        this.meaning = meaning;
    }

    String item() {
        return item;
    }

    String meaning() {
        return meaning;
    }
}
