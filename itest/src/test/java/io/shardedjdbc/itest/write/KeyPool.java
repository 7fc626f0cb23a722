package io.shardedjdbc.itest.write;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The keys the corpus writes in one keyspace, with the shard placement gives each: small, large and negative
 * bigints (a driver that drops a minus sign or truncates to int misplaces them), so that a few keys of a statement
 * usually fall on several shards.
 */
final class KeyPool {
    private final List<Long> keys;
    private final Map<Long, Integer> shardOf = new HashMap<>();
    private final List<List<Long>> byShard = new ArrayList<>();

    KeyPool(Random rnd, int size, List<Long> extra, int shards, ToIntFunction<Long> placement) {
        Set<Long> chosen = new LinkedHashSet<>(extra);
        while (chosen.size() < size) {
            int kind = rnd.nextInt(10);
            long key = kind < 4 ? 1 + rnd.nextInt(20_000)
                    : kind < 8 ? 1_000_000L + (long) (rnd.nextDouble() * 1e15)
                    : -1 - (long) (rnd.nextDouble() * 1e12);
            chosen.add(key);
        }
        keys = List.copyOf(chosen);
        for (int s = 0; s < shards; s++) {
            byShard.add(new ArrayList<>());
        }
        for (long k : keys) {
            int s = placement.applyAsInt(k);
            shardOf.put(k, s);
            byShard.get(s).add(k);
        }
        for (int s = 0; s < shards; s++) {
            if (byShard.get(s).size() < 8) {
                throw new IllegalStateException("the key pool gives shard " + s + " only " + byShard.get(s).size()
                        + " keys; transactions confined to one shard need more");
            }
        }
    }

    List<Long> keys() {
        return keys;
    }

    List<Long> onShard(int shard) {
        return byShard.get(shard);
    }

    int shardOf(long key) {
        Integer s = shardOf.get(key);
        if (s == null) {
            throw new IllegalArgumentException(key + " is not in the pool");
        }
        return s;
    }

    int shards() {
        return byShard.size();
    }
}
