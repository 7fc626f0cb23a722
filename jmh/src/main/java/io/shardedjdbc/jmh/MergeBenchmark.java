package io.shardedjdbc.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The merge of a cross-shard SELECT without any server: {@code RowMerger.merge} over the rows 4 shards would send,
 * read to the end, for shapes the analyzer computes from real SQL. One operation is one whole merge; the cost per
 * input row is the score divided by {@link MergeCase#inputRows} (4 x {@code rows} for the {@link Growing} cases,
 * 400 for the {@link Cut} ones), and B/op from {@code -prof gc} divides the same way.
 *
 * <p>What the parts hold is what PostgreSQL sends for the shard text: sorted by the ORDER BY key for the ordered
 * cases, in no particular order for DISTINCT and GROUP BY. A first page ({@code LIMIT 100}) and a grouped result
 * (100 keys) are 100 rows per shard however large the table is, since the shards cut and group before sending; a
 * deep page ({@code LIMIT 100 OFFSET rows - 100}) makes every shard send {@code rows} rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeBenchmark {

    static final int SHARDS = 4;
    static final int PAGE = 100;
    static final int GROUP_KEYS = 100;
    /** Fixed, so every run merges the same rows. */
    private static final long SEED = 20_261_121L;

    /** Cases whose shards send every row they hold: {@code rows} per shard. */
    @State(Scope.Benchmark)
    public static class Growing {
        @Param({"1000", "10000"})
        int rows;

        MergeCase orderByBigint;
        MergeCase orderByText;
        MergeCase orderByBigintDeepPage;
        MergeCase distinct;

        @Setup(Level.Trial)
        public void build() throws SQLException {
            Random random = new Random(SEED);
            List<List<Object[]>> users = users(random, rows);
            List<String> labels = List.of("id", "name");
            int[] types = {Types.BIGINT, Types.VARCHAR};
            List<List<Object[]>> byId = sortedCopies(users, Comparator.comparingLong(r -> (Long) r[0]));
            orderByBigint = new MergeCase("SELECT id, name FROM t ORDER BY id", labels, types, byId);
            orderByText = new MergeCase("SELECT id, name FROM t ORDER BY name", labels, types,
                    sortedCopies(users, Comparator.comparing(r -> (String) r[1])));
            orderByBigintDeepPage = new MergeCase("SELECT id, name FROM t ORDER BY id LIMIT " + PAGE + " OFFSET "
                    + (rows - PAGE), labels, types, byId);
            distinct = new MergeCase("SELECT DISTINCT city FROM t", List.of("city"), new int[]{Types.VARCHAR},
                    cities(random, rows));
            checkOrderedIds(orderByBigint, 1, SHARDS * rows);
            checkOrderedNames(orderByText);
            checkOrderedIds(orderByBigintDeepPage, rows - PAGE + 1, PAGE);
            checkDistinct(distinct);
        }
    }

    /** Cases the shards have already cut to 100 rows each: a first page and a grouped result. */
    @State(Scope.Benchmark)
    public static class Cut {
        MergeCase orderByBigintFirstPage;
        MergeCase groupByCountSum;

        @Setup(Level.Trial)
        public void build() throws SQLException {
            Random random = new Random(SEED);
            List<List<Object[]>> firstRows = new ArrayList<>();
            for (List<Object[]> part : sortedCopies(users(random, 10_000),
                    Comparator.comparingLong(r -> (Long) r[0]))) {
                firstRows.add(List.copyOf(part.subList(0, PAGE)));
            }
            orderByBigintFirstPage = new MergeCase("SELECT id, name FROM t ORDER BY id LIMIT " + PAGE,
                    List.of("id", "name"), new int[]{Types.BIGINT, Types.VARCHAR}, firstRows);
            List<List<Object[]>> groups = groups(random);
            groupByCountSum = new MergeCase("SELECT k, count(*), sum(v) FROM t GROUP BY k",
                    List.of("k", "count", "sum"), new int[]{Types.BIGINT, Types.BIGINT, Types.NUMERIC}, groups);
            checkOrderedIds(orderByBigintFirstPage, 1, PAGE);
            checkGroups(groupByCountSum, groups);
        }
    }

    @Benchmark
    public int orderByBigint(Growing in, Blackhole sink) throws SQLException {
        return in.orderByBigint.merge(sink);
    }

    @Benchmark
    public int orderByText(Growing in, Blackhole sink) throws SQLException {
        return in.orderByText.merge(sink);
    }

    @Benchmark
    public int orderByBigintDeepPage(Growing in, Blackhole sink) throws SQLException {
        return in.orderByBigintDeepPage.merge(sink);
    }

    @Benchmark
    public int distinct(Growing in, Blackhole sink) throws SQLException {
        return in.distinct.merge(sink);
    }

    @Benchmark
    public int orderByBigintFirstPage(Cut in, Blackhole sink) throws SQLException {
        return in.orderByBigintFirstPage.merge(sink);
    }

    @Benchmark
    public int groupByCountSum(Cut in, Blackhole sink) throws SQLException {
        return in.groupByCountSum.merge(sink);
    }

    // ---- the shards' rows ----

    /**
     * Ids 1 .. shards x rows spread over the shards at random, as hash placement spreads keys, each with a name of
     * 6 to 14 lower-case letters (code point order is the order the merge and the C collation use).
     */
    static List<List<Object[]>> users(Random random, int rowsPerShard) {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= (long) SHARDS * rowsPerShard; id++) {
            ids.add(id);
        }
        Collections.shuffle(ids, random);
        List<List<Object[]>> parts = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            List<Object[]> part = new ArrayList<>(rowsPerShard);
            for (Long id : ids.subList(s * rowsPerShard, (s + 1) * rowsPerShard)) {
                part.add(new Object[]{id, word(random)});
            }
            parts.add(part);
        }
        return parts;
    }

    private static String word(Random random) {
        char[] letters = new char[6 + random.nextInt(9)];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }

    private static List<List<Object[]>> sortedCopies(List<List<Object[]>> parts, Comparator<Object[]> order) {
        List<List<Object[]>> sorted = new ArrayList<>();
        for (List<Object[]> part : parts) {
            List<Object[]> copy = new ArrayList<>(part);
            copy.sort(order);
            sorted.add(copy);
        }
        return sorted;
    }

    /**
     * Each shard's distinct cities: {@code rows} different ones out of 2 x {@code rows}, so a city is on about half
     * the shards and the merge drops about half of what it reads.
     */
    static List<List<Object[]>> cities(Random random, int rowsPerShard) {
        List<Integer> domain = new ArrayList<>();
        for (int c = 0; c < 2 * rowsPerShard; c++) {
            domain.add(c);
        }
        List<List<Object[]>> parts = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            Collections.shuffle(domain, random);
            List<Object[]> part = new ArrayList<>(rowsPerShard);
            for (Integer c : domain.subList(0, rowsPerShard)) {
                part.add(new Object[]{"city " + c});
            }
            parts.add(part);
        }
        return parts;
    }

    /**
     * Each shard's groups: every key 0..99 once, in hash order, with its count and its {@code sum(bigint)}, which
     * PostgreSQL returns as numeric.
     */
    static List<List<Object[]>> groups(Random random) {
        List<List<Object[]>> parts = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            List<Object[]> part = new ArrayList<>(GROUP_KEYS);
            for (long k = 0; k < GROUP_KEYS; k++) {
                long count = 1 + random.nextInt(200);
                part.add(new Object[]{k, count, BigDecimal.valueOf(count * (1 + random.nextInt(1_000_000)))});
            }
            Collections.shuffle(part, random);
            parts.add(part);
        }
        return parts;
    }

    // ---- the merge must be right before it is timed ----

    private static void checkOrderedIds(MergeCase c, long firstId, int expectedRows) throws SQLException {
        List<Object[]> rows = c.mergedRows();
        if (rows.size() != expectedRows) {
            throw new IllegalStateException(c.sql + " merged " + rows.size() + " rows, expected " + expectedRows);
        }
        for (int i = 0; i < rows.size(); i++) {
            if ((Long) rows.get(i)[0] != firstId + i || rows.get(i).length != 2) {
                throw new IllegalStateException(c.sql + ": row " + i + " is id " + rows.get(i)[0] + ", expected "
                        + (firstId + i));
            }
        }
    }

    private static void checkOrderedNames(MergeCase c) throws SQLException {
        List<Object[]> rows = c.mergedRows();
        if (rows.size() != c.inputRows) {
            throw new IllegalStateException(c.sql + " merged " + rows.size() + " of " + c.inputRows + " rows");
        }
        for (int i = 1; i < rows.size(); i++) {
            if (((String) rows.get(i - 1)[1]).compareTo((String) rows.get(i)[1]) > 0) {
                throw new IllegalStateException(c.sql + ": rows " + (i - 1) + " and " + i + " are out of order");
            }
        }
    }

    private static void checkDistinct(MergeCase c) throws SQLException {
        Set<Object> seen = new HashSet<>();
        for (Object[] row : c.mergedRows()) {
            if (!seen.add(row[0])) {
                throw new IllegalStateException(c.sql + " returned " + row[0] + " twice");
            }
        }
        if (seen.size() <= c.inputRows / SHARDS || seen.size() >= c.inputRows) {
            throw new IllegalStateException(c.sql + " merged " + c.inputRows + " rows into " + seen.size()
                    + " distinct values: the parts do not overlap as intended");
        }
    }

    private static void checkGroups(MergeCase c, List<List<Object[]>> parts) throws SQLException {
        Map<Object, Long> counts = new HashMap<>();
        Map<Object, BigDecimal> sums = new HashMap<>();
        for (List<Object[]> part : parts) {
            for (Object[] row : part) {
                counts.merge(row[0], (Long) row[1], Long::sum);
                sums.merge(row[0], (BigDecimal) row[2], BigDecimal::add);
            }
        }
        List<Object[]> rows = c.mergedRows();
        if (rows.size() != counts.size()) {
            throw new IllegalStateException(c.sql + " merged into " + rows.size() + " groups, expected "
                    + counts.size());
        }
        for (Object[] row : rows) {
            if (!counts.get(row[0]).equals(row[1]) || sums.get(row[0]).compareTo((BigDecimal) row[2]) != 0) {
                throw new IllegalStateException(c.sql + ": group " + row[0] + " merged into " + List.of(row)
                        + ", expected count " + counts.get(row[0]) + " and sum " + sums.get(row[0]));
            }
        }
    }
}
