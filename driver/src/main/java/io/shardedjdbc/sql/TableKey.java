package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;

/**
 * A sharded table a statement references and where its key comes from.
 *
 * @param key null when the statement binds no key for this table (it would have to run on every shard)
 */
public record TableKey(TableSpec table, KeyExpr key) {
}
