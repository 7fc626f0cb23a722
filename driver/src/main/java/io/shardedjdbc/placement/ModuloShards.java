package io.shardedjdbc.placement;

/** Bigint keys go to {@code floorMod(k, n)}, so {@code user_id % 4} style seeds keep working; other keys hash. */
final class ModuloShards implements ShardFunction {

    private final int shardCount;

    ModuloShards(int shardCount) {
        this.shardCount = shardCount;
    }

    @Override
    public int ofBigint(long key) {
        return (int) Math.floorMod(key, (long) shardCount);
    }

    @Override
    public int ofHash(long keyHash) {
        return (int) Math.floorMod(keyHash, (long) shardCount);
    }
}
