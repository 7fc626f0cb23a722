package io.shardedjdbc.itest.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts rows table by table on every shard's primary, directly, and checks that each distinct shard key
 * found on a shard is one the driver places there: the proof that routing put rows where placement says.
 */
public final class RowCensus {
    /** Where the driver places a key: {@code ShardedDataSource::shardOf}. */
    @FunctionalInterface
    public interface KeyLocator {
        String shardOf(String keyspace, Object key) throws SQLException;
    }

    /**
     * @param rows       table -> shard name -> rows on that shard's primary (tables and shards in schema/file order)
     * @param misplaced  sharded table -> distinct keys found on a shard that placement does not give them
     * @param keysChecked distinct (shard, key) pairs checked over all sharded tables
     */
    public record Result(Map<String, Map<String, Long>> rows, Map<String, Long> misplaced, long keysChecked) {
        public long total(String table) {
            return rows.get(table).values().stream().mapToLong(Long::longValue).sum();
        }

        public long totalMisplaced() {
            return misplaced.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private RowCensus() {
    }

    public static Result take(SocialSchema schema, List<ShardEndpoint> shards, KeyLocator locator)
            throws SQLException {
        Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
        schema.tables().forEach(table -> rows.put(table, new LinkedHashMap<>()));
        Map<String, Long> misplaced = new LinkedHashMap<>();
        schema.shardKeys().forEach(key -> misplaced.put(key.table(), 0L));
        long checked = 0;
        for (ShardEndpoint shard : shards) {
            try (Connection c = shard.connect(); Statement st = c.createStatement()) {
                for (String table : schema.tables()) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        rows.get(table).put(shard.name(), rs.getLong(1));
                    }
                }
                for (SocialSchema.ShardKey key : schema.shardKeys()) {
                    try (ResultSet rs = st.executeQuery("SELECT DISTINCT " + key.column() + " FROM " + key.table())) {
                        while (rs.next()) {
                            checked++;
                            if (!shard.name().equals(locator.shardOf(key.keyspace(), rs.getLong(1)))) {
                                misplaced.merge(key.table(), 1L, Long::sum);
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new SQLException("cannot count rows on shard " + shard + " directly: " + e.getMessage()
                        + " (is the primary reachable with these credentials?)", e.getSQLState(), e);
            }
        }
        return new Result(rows, misplaced, checked);
    }
}
