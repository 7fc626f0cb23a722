package io.shardedjdbc.sql;

import io.shardedjdbc.config.TableSpec;
import java.util.List;

/**
 * What a statement writes, as far as placing its rows goes.
 *
 * @param target        the table the statement itself writes (the INSERT/UPDATE/DELETE/MERGE target, never a table
 *                      a CTE or subquery names), lower-case; null for reads, DDL and other statements
 * @param targetSpec    the topology's entry for the target (a partition's is its parent's); null when unlisted
 * @param keylessInsert a sharded table that the statement adds rows to (at top level, in a CTE or a MERGE) without
 *                      a key the analysis could find: such rows have no shard and must be refused; null: none
 * @param columnsOf     the table whose column order gave the key position of an INSERT without a column list; null
 *                      when no such INSERT needed one
 * @param columns       the column order used for {@code columnsOf}; null when it was not known at analysis
 * @param partitions    partitions a DDL statement creates or attaches, with their parent
 */
public record WriteFacts(String target, TableSpec targetSpec, TableSpec keylessInsert, String columnsOf,
                         List<String> columns, List<PartitionOf> partitions) {
    public static final WriteFacts NONE = new WriteFacts(null, null, null, null, null, List.of());

    public WriteFacts {
        partitions = List.copyOf(partitions);
    }

    /** {@code CREATE TABLE child PARTITION OF parent} or {@code ALTER TABLE parent ATTACH PARTITION child}. */
    public record PartitionOf(String child, String parent) {
    }

    /** @return true when the statement itself writes a sharded table */
    public boolean writesShardedTable() {
        return targetSpec != null && targetSpec.sharded() && targetSpec.keyColumn() != null;
    }

    /** @return true when the statement itself writes a broadcast table */
    public boolean writesBroadcastTable() {
        return targetSpec != null && targetSpec.broadcast();
    }
}
