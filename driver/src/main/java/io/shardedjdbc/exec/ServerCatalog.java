package io.shardedjdbc.exec;

import io.shardedjdbc.SqlState;
import io.shardedjdbc.config.TableSpec;
import io.shardedjdbc.node.Shard;
import io.shardedjdbc.sql.StatementAnalyzer;
import io.shardedjdbc.sql.StatementPlan;
import io.shardedjdbc.sql.WriteFacts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the servers' catalogs say about the topology's tables, where the topology file cannot say it: the column
 * order of sharded tables (an INSERT without a column list finds its key by position) and which unlisted tables are
 * partitions (or inheritance children) of listed ones, and so hold the parent's rows. Read once per table, cached,
 * forgotten after DDL through the driver. Plans analysed before something was learnt are analysed again.
 */
public final class ServerCatalog {
    /** How long a table found to be no partition stays so without asking again (tables may appear behind our back). */
    private static final long NOT_A_PARTITION_NANOS = 60_000_000_000L;
    private static final String COLUMNS_SQL = "SELECT a.attname FROM pg_catalog.pg_attribute a"
            + " WHERE a.attrelid = to_regclass(quote_ident(?)) AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY a.attnum";
    private static final String ANCESTORS_SQL = "WITH RECURSIVE up(oid, depth) AS ("
            + " SELECT to_regclass(quote_ident(?))::oid, 0"
            + " UNION ALL SELECT i.inhparent, up.depth + 1 FROM pg_catalog.pg_inherits i JOIN up ON i.inhrelid = up.oid"
            + " WHERE up.depth < 32)"
            + " SELECT c.relname FROM up JOIN pg_catalog.pg_class c ON c.oid = up.oid WHERE up.depth > 0"
            + " ORDER BY up.depth";

    private final List<Shard> shards;
    private final Map<String, TableSpec> listed;
    private final int lookupShard;
    private final Map<String, List<String>> columns = new ConcurrentHashMap<>();
    private final Map<String, TableSpec> partitions = new ConcurrentHashMap<>();
    /** Unlisted tables found to be no partition, with the time after which to ask again. */
    private final Map<String, Long> notPartitions = new ConcurrentHashMap<>();
    private StatementAnalyzer analyzer;

    /**
     * @param lookupShard the shard asked about unlisted tables (the default shard, where they live)
     */
    ServerCatalog(List<Shard> shards, Map<String, TableSpec> listed, int lookupShard) {
        this.shards = shards;
        this.listed = listed;
        this.lookupShard = lookupShard;
    }

    /** Set once by the cluster: the analyzer whose plans this catalog refreshes. */
    void analyzer(StatementAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** @return the listed table a partition belongs to, or null; in memory only */
    TableSpec partitionParent(String table) {
        return partitions.get(table);
    }

    /** @return the column order read for a table, or null when not read yet; in memory only */
    List<String> columns(String table) {
        return columns.get(table);
    }

    /**
     * The plan for the catalog as it is now: when its analysis lacked a column order or met unlisted tables that
     * may be partitions, the servers are asked once and the text analysed again. Free for plans that need neither.
     */
    public StatementPlan current(StatementPlan plan) throws SQLException {
        StatementPlan p = plan;
        // what one analysis learns (a partition of a sharded table) may need more (that table's column order)
        for (int round = 0; round < 3 && isStale(p); round++) {
            p = analyzer.reanalyze(p.sql());
        }
        return p;
    }

    private boolean isStale(StatementPlan plan) throws SQLException {
        WriteFacts writes = plan.writes();
        boolean stale = false;
        if (writes.columnsOf() != null) {
            List<String> known = columns.get(writes.columnsOf());
            if (known == null) {
                known = loadColumns(writes.columnsOf());
            }
            stale = known != writes.columns();
        }
        if (!plan.unknownTables().isEmpty()) {
            for (String table : plan.unknownTables()) {
                stale |= partitions.containsKey(table) || learnPartition(table);
            }
        }
        return stale;
    }

    /** A DDL statement ran through the driver: what it changed is read again when next needed. */
    public void ddlRan(StatementPlan plan) {
        for (WriteFacts.PartitionOf p : plan.writes().partitions()) {
            TableSpec parent = listed.containsKey(p.parent()) ? listed.get(p.parent()) : partitions.get(p.parent());
            if (parent != null && !listed.containsKey(p.child())) {
                partitions.put(p.child(), parent);
                notPartitions.remove(p.child());
            }
        }
        for (String table : plan.tables()) {
            columns.remove(table);
        }
        notPartitions.clear();
    }

    private List<String> loadColumns(String table) throws SQLException {
        List<List<String>> perShard = new ArrayList<>(shards.size());
        for (Shard shard : shards) {
            perShard.add(query(shard, COLUMNS_SQL, table));
        }
        List<String> order = agreedOrder(table, perShard, shards.stream().map(Shard::name).toList());
        List<String> raced = columns.putIfAbsent(table, order);
        return raced != null ? raced : order;
    }

    /**
     * @return the one column order every shard has
     * @throws SQLException 42P01 when no shard has the table, SJ013 when the shards disagree
     */
    static List<String> agreedOrder(String table, List<List<String>> perShard, List<String> shardNames)
            throws SQLException {
        List<String> first = perShard.get(0);
        for (int s = 1; s < perShard.size(); s++) {
            if (!perShard.get(s).equals(first)) {
                throw SqlState.SCHEMA_MISMATCH.exception("table " + table + " has columns " + describe(first)
                        + " on shard " + shardNames.get(0) + " but " + describe(perShard.get(s)) + " on shard "
                        + shardNames.get(s) + ", so an INSERT without a column list cannot be placed: give the"
                        + " INSERT its column list, or make the table the same on every shard");
            }
        }
        if (first.isEmpty()) {
            throw SqlState.UNDEFINED_TABLE.exception("relation \"" + table + "\" does not exist on any shard (an INSERT"
                    + " without a column list needs the table's columns to find its key)");
        }
        return List.copyOf(first);
    }

    private static String describe(List<String> columns) {
        return columns.isEmpty() ? "none (no such table)" : columns.toString();
    }

    /** @return true when the table turned out to be a partition of a listed table (and is now known as one) */
    private boolean learnPartition(String table) throws SQLException {
        Long retryAfter = notPartitions.get(table);
        if (retryAfter != null && System.nanoTime() - retryAfter < 0) {
            return false;
        }
        for (String ancestor : query(shards.get(lookupShard), ANCESTORS_SQL, table)) {
            TableSpec spec = listed.get(ancestor.toLowerCase(Locale.ROOT));
            if (spec != null) {
                partitions.put(table, spec);
                return true;
            }
        }
        notPartitions.put(table, System.nanoTime() + NOT_A_PARTITION_NANOS);
        return false;
    }

    private static List<String> query(Shard shard, String sql, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = shard.primary().borrow(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
