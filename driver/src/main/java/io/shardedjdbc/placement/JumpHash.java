package io.shardedjdbc.placement;

/** Lamping and Veach's jump consistent hash of {@code h(k)}, read as an unsigned 64-bit number. */
final class JumpHash implements ShardFunction {

    private final int shardCount;

    JumpHash(int shardCount) {
        this.shardCount = shardCount;
    }

    @Override
    public int ofHash(long keyHash) {
        return bucket(keyHash, shardCount);
    }

    /**
     * Bucket in {@code [0, buckets)} of {@code key}. Growing from n to n+1 buckets moves only the keys that
     * land in the new bucket, about 1/(n+1) of them. The double arithmetic is done in the published order
     * (quotient first, then product) because the truncated result must be bit-identical everywhere.
     */
    static int bucket(long key, int buckets) {
        long b = -1;
        long j = 0;
        long state = key;
        while (j < buckets) {
            b = j;
            state = state * 2862933555777941757L + 1;
            j = (long) ((b + 1) * (2147483648.0 / (double) ((state >>> 33) + 1)));
        }
        return (int) b;
    }
}
