package io.shardedjdbc.placement;

import io.shardedjdbc.SqlState;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Range placement: each shard declares {@code [from, to)} over bigint keys (null from: unbounded below,
 * null to: unbounded above). Ranges may leave gaps, which are errors at lookup, but never overlap.
 */
final class RangeTable implements ShardFunction {

    /** Sorted ascending; ranges are stored with inclusive bounds so that "unbounded" fits in a long. */
    private final long[] firsts;
    private final long[] lasts;
    private final int[] owners;
    private final String description;

    private RangeTable(long[] firsts, long[] lasts, int[] owners, String description) {
        this.firsts = firsts;
        this.lasts = lasts;
        this.owners = owners;
        this.description = description;
    }

    static RangeTable build(List<String> shardNames, List<Long> rangeFrom, List<Long> rangeTo) throws SQLException {
        int n = shardNames.size();
        if (rangeFrom == null || rangeTo == null || rangeFrom.size() != n || rangeTo.size() != n) {
            throw SqlState.CONFIG_INVALID.exception("placement.algorithm range needs from/to for each of the "
                    + n + " shards; declare [from, to) on every shard (omit from or to for an open end)");
        }
        long[][] ranges = new long[n][];
        for (int shard = 0; shard < n; shard++) {
            Long from = rangeFrom.get(shard);
            Long to = rangeTo.get(shard);
            if (to != null && (to == Long.MIN_VALUE || (from != null && from >= to))) {
                throw SqlState.CONFIG_INVALID.exception("Shard '" + shardNames.get(shard) + "' declares the empty range "
                        + show(from, to) + "; from must be smaller than to");
            }
            long first = from == null ? Long.MIN_VALUE : from;
            long last = to == null ? Long.MAX_VALUE : to - 1;
            ranges[shard] = new long[] {first, last, shard};
        }
        long[][] sorted = ranges.clone();
        Arrays.sort(sorted, Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < n; i++) {
            long[] previous = sorted[i - 1];
            long[] next = sorted[i];
            if (next[0] <= previous[1]) {
                int a = (int) previous[2];
                int b = (int) next[2];
                throw SqlState.CONFIG_INVALID.exception("Shard ranges overlap: '" + shardNames.get(a) + "' "
                        + show(rangeFrom.get(a), rangeTo.get(a)) + " and '" + shardNames.get(b) + "' "
                        + show(rangeFrom.get(b), rangeTo.get(b)) + "; make each key belong to one shard");
            }
        }
        long[] firsts = new long[n];
        long[] lasts = new long[n];
        int[] owners = new int[n];
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int shard = (int) sorted[i][2];
            firsts[i] = sorted[i][0];
            lasts[i] = sorted[i][1];
            owners[i] = shard;
            description.append(i == 0 ? "" : ", ").append(shardNames.get(shard)).append(' ')
                    .append(show(rangeFrom.get(shard), rangeTo.get(shard)));
        }
        return new RangeTable(firsts, lasts, owners, description.toString());
    }

    static String show(Long from, Long to) {
        return "[" + (from == null ? "unbounded" : from) + ", " + (to == null ? "unbounded" : to) + ")";
    }

    @Override
    public int ofBigint(long key) {
        int index = Arrays.binarySearch(firsts, key);
        if (index < 0) {
            index = -index - 2; // the last range starting below the key
            if (index < 0) {
                return NO_SHARD;
            }
        }
        return key <= lasts[index] ? owners[index] : NO_SHARD;
    }

    @Override
    public int ofHash(long keyHash) {
        return NO_SHARD;
    }

    @Override
    public boolean placesHashes() {
        return false;
    }

    /** The declared ranges, for error messages. */
    String describe() {
        return description;
    }
}
