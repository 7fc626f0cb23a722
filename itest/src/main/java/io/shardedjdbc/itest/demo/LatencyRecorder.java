package io.shardedjdbc.itest.demo;

/**
 * Latencies in nanoseconds in log-linear buckets: exact below 64 ns, then 32 buckets per power of two, so
 * any percentile is within ~3% of the true value. Fixed memory, no allocation per sample, mergeable across
 * threads. Not thread-safe: one recorder per thread, merged afterwards.
 */
public final class LatencyRecorder {
    private static final int SUB_BITS = 5;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int LINEAR_LIMIT = SUB_COUNT * 2;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB_COUNT + LINEAR_LIMIT;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long sum;
    private long max;

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    public void merge(LatencyRecorder other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    public long maxNanos() {
        return max;
    }

    public double meanNanos() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /** The value below which {@code percent}% of the samples fall (the bucket's midpoint); 0 when empty. */
    public long percentileNanos(double percent) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(count * Math.min(100, Math.max(0, percent)) / 100.0));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, (lowest(i) + highest(i)) / 2);
            }
        }
        return max;
    }

    // Values below LINEAR_LIMIT map to themselves; above, the exponent picks a band of SUB_COUNT buckets and the
    // top SUB_BITS+1 bits of the value pick the bucket within it, which keeps the indexes contiguous.
    static int index(long value) {
        if (value < LINEAR_LIMIT) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        return shift * SUB_COUNT + (int) (value >>> shift);
    }

    static long lowest(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        return (long) (index - shift * SUB_COUNT) << shift;
    }

    static long highest(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        long next = (long) (index - shift * SUB_COUNT + 1) << shift;
        return next - 1 < 0 ? Long.MAX_VALUE : next - 1;
    }
}
