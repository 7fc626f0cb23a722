package io.shardedjdbc.itest.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the shards' primaries, read directly, with the reference: a sharded table's rows over all shards must be
 * the reference's rows as a multiset, each on the one shard placement names; a broadcast table's copy on every shard
 * must equal the reference's. Also puts a table back to the reference's rows after a difference, so that one wrong
 * statement is reported once and does not make every later comparison differ.
 */
final class ShardComparison {
    /** Where placement puts a key: {@code ShardedDataSource.shardOf}, the driver's public answer. */
    interface Placement {
        String shardOf(String keyspace, Object key) throws SQLException;
    }

    private final List<String> shardNames;
    private final Placement placement;

    ShardComparison(List<String> shardNames, Placement placement) {
        this.shardNames = List.copyOf(shardNames);
        this.placement = placement;
    }

    /** @return per table with a difference, what differs; empty when every table agrees */
    Map<String, String> differences(TableSnapshot reference, List<TableSnapshot> shards, List<WriteTable> tables)
            throws SQLException {
        Map<String, String> out = new TreeMap<>();
        for (WriteTable t : tables) {
            List<List<String>> expected = reference.canonical(t.name());
            StringBuilder problem = new StringBuilder();
            if (t.broadcast()) {
                for (int s = 0; s < shards.size(); s++) {
                    List<List<String>> copy = shards.get(s).canonical(t.name());
                    if (!copy.equals(expected)) {
                        List<List<String>> missing = new ArrayList<>();
                        List<List<String>> extra = new ArrayList<>();
                        RowDiff.multisetDiff(expected, copy, missing, extra);
                        problem.append(problem.length() > 0 ? "; " : "").append("copy on ").append(shardNames.get(s))
                                .append(": ").append(RowDiff.describe(missing, extra, "lacks", "has extra"));
                    }
                }
            } else {
                List<List<String>> union = new ArrayList<>();
                List<String> misplaced = new ArrayList<>();
                for (int s = 0; s < shards.size(); s++) {
                    for (List<Object> row : shards.get(s).rows(t.name())) {
                        Object key = row.get(t.keyIndex());
                        String owner = key == null ? "(no shard: the key is NULL)" : placement.shardOf(t.keyspace(), key);
                        if (!shardNames.get(s).equals(owner)) {
                            misplaced.add(t.keyColumn() + "=" + key + " on " + shardNames.get(s) + " (shardOf: " + owner + ")");
                        }
                    }
                    union.addAll(shards.get(s).canonical(t.name()));
                }
                union.sort(RowDiff.ROW_ORDER);
                if (!union.equals(expected)) {
                    List<List<String>> missing = new ArrayList<>();
                    List<List<String>> extra = new ArrayList<>();
                    RowDiff.multisetDiff(expected, union, missing, extra);
                    problem.append("over all shards ").append(union.size()).append(" rows, the reference ")
                            .append(expected.size()).append(": ").append(RowDiff.describe(missing, extra,
                                    "lacking", "extra (a second copy, or a row the reference does not have)"));
                }
                if (!misplaced.isEmpty()) {
                    problem.append(problem.length() > 0 ? "; " : "").append(misplaced.size())
                            .append(" row(s) on a shard placement does not name: ")
                            .append(misplaced.subList(0, Math.min(4, misplaced.size())));
                }
            }
            if (problem.length() > 0) {
                out.put(t.name(), problem.toString());
            }
        }
        return out;
    }

    /**
     * Rewrites the table on every shard, directly, from the reference's rows: each row where placement puts it. The
     * connections are the snapshot connections (auto-commit off); each shard's rewrite is committed on its own.
     */
    void repair(WriteTable t, TableSnapshot reference, List<Connection> shardConnections) throws SQLException {
        List<Integer> stored = new ArrayList<>();
        for (String column : t.stored()) {
            stored.add(t.columns().indexOf(column));
        }
        String insert = "INSERT INTO " + t.name() + " (" + String.join(", ", t.stored()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(stored.size(), "?")) + ")";
        for (int s = 0; s < shardConnections.size(); s++) {
            Connection c = shardConnections.get(s);
            try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement(insert)) {
                st.executeUpdate("DELETE FROM " + t.name());
                for (List<Object> row : reference.rows(t.name())) {
                    if (!t.broadcast() && !shardNames.get(s).equals(placement.shardOf(t.keyspace(), row.get(t.keyIndex())))) {
                        continue;
                    }
                    for (int i = 0; i < stored.size(); i++) {
                        ps.setObject(i + 1, row.get(stored.get(i)));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
