package io.shardedjdbc.itest.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the generator knows when it writes the next statements: the keys the reference holds now (read after every
 * step, so generation depends only on the seed, never on what the driver did), plus the effects of the statements
 * already generated for the current transaction. Inside a transaction the picks can be confined to one shard.
 */
final class WriteModel {
    final Random rnd;
    final Keys items;
    final Keys locks;
    final Map<Long, Set<Integer>> parts = new HashMap<>();
    final Set<String> codes = new TreeSet<>();
    private Integer shard;

    WriteModel(Random rnd, KeyPool itemPool, KeyPool lockPool, TableSnapshot reference) {
        this.rnd = rnd;
        this.items = new Keys(itemPool, reference.column(WriteSchema.ITEMS, 0));
        this.locks = new Keys(lockPool, reference.column(WriteSchema.LOCKED, 0));
        for (List<Object> row : reference.rows(WriteSchema.PARTS)) {
            parts.computeIfAbsent((Long) row.get(0), k -> new HashSet<>()).add((Integer) row.get(1));
        }
        reference.column(WriteSchema.CODES, 0).forEach(c -> codes.add((String) c));
    }

    /** Confines every later pick to one shard (a transaction may write one shard only); null: any shard. */
    void confine(Integer shardIndex) {
        this.shard = shardIndex;
    }

    Integer confinedTo() {
        return shard;
    }

    <T> T pick(List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    /** Keys of one key-sharded table: the pool, the keys present, and keys already chosen as fresh this step. */
    final class Keys {
        final KeyPool pool;
        final Set<Long> present;
        private final Set<Long> reserved = new HashSet<>();

        Keys(KeyPool pool, List<Object> present) {
            this.pool = pool;
            this.present = new HashSet<>();
            present.forEach(k -> this.present.add((Long) k));
        }

        private List<Long> candidates() {
            return shard == null ? pool.keys() : pool.onShard(shard);
        }

        int size() {
            return present.size();
        }

        /** A key the table does not hold and that no statement of this step inserts yet; null when none is left. */
        Long fresh() {
            List<Long> free = new ArrayList<>();
            for (long k : candidates()) {
                if (!present.contains(k) && !reserved.contains(k)) {
                    free.add(k);
                }
            }
            if (free.isEmpty()) {
                return null;
            }
            long k = pick(free);
            reserved.add(k);
            return k;
        }

        /** n distinct fresh keys, over several shards unless confined; null when there are not enough. */
        List<Long> fresh(int n) {
            for (int attempt = 0; attempt < 20; attempt++) {
                List<Long> keys = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Long k = fresh();
                    if (k == null) {
                        reserved.removeAll(keys);
                        return null;
                    }
                    keys.add(k);
                }
                if (shard != null || n < 2 || spans(keys)) {
                    return keys;
                }
                reserved.removeAll(keys);
            }
            return null;
        }

        Long existing() {
            List<Long> have = new ArrayList<>();
            for (long k : candidates()) {
                if (present.contains(k)) {
                    have.add(k);
                }
            }
            return have.isEmpty() ? null : pick(have);
        }

        /** n distinct keys, most of them present (a few absent keys make counts differ from the list's length). */
        List<Long> some(int n, boolean acrossShards) {
            for (int attempt = 0; attempt < 20; attempt++) {
                Set<Long> keys = new java.util.LinkedHashSet<>();
                for (int tries = 0; keys.size() < n && tries < 10 * n; tries++) {
                    Long k = chance(80) ? existing() : pick(candidates());
                    if (k != null) {
                        keys.add(k);
                    }
                }
                List<Long> out = new ArrayList<>(keys);
                if (out.size() == n && (!acrossShards || spans(out))) {
                    return out;
                }
            }
            return null;
        }

        boolean spans(List<Long> keys) {
            Set<Integer> shards = new HashSet<>();
            keys.forEach(k -> shards.add(pool.shardOf(k)));
            return shards.size() > 1;
        }

        void inserted(long k) {
            present.add(k);
        }

        void deleted(long k) {
            present.remove(k);
        }

        /** Forgets what a statement that is not going to run reserved. */
        void release(List<Long> keys) {
            reserved.removeAll(keys);
        }
    }

    /** An item id that has parts (on the confined shard); null when none has. */
    Long partOwner() {
        List<Long> owners = new ArrayList<>();
        for (Map.Entry<Long, Set<Integer>> e : parts.entrySet()) {
            if (!e.getValue().isEmpty() && (shard == null || items.pool.shardOf(e.getKey()) == shard)) {
                owners.add(e.getKey());
            }
        }
        owners.sort(null);
        return owners.isEmpty() ? null : pick(owners);
    }

    /** A part number 1..8 the item does not have yet (and marks it taken); null when all are. */
    Integer freshPartNo(long item) {
        Set<Integer> taken = parts.computeIfAbsent(item, k -> new HashSet<>());
        List<Integer> free = new ArrayList<>();
        for (int p = 1; p <= 8; p++) {
            if (!taken.contains(p)) {
                free.add(p);
            }
        }
        if (free.isEmpty()) {
            return null;
        }
        int p = pick(free);
        taken.add(p);
        return p;
    }

    Integer existingPartNo(long item) {
        List<Integer> have = new ArrayList<>(parts.getOrDefault(item, Set.of()));
        have.sort(null);
        return have.isEmpty() ? null : pick(have);
    }

    int partRows() {
        return parts.values().stream().mapToInt(Set::size).sum();
    }

    /** How full each table is against what it should hold on average: wd_items, wd_parts, wd_locked. */
    double[] fill() {
        return new double[]{items.size() / (double) items.pool.keys().size(), partRows() / (double) items.pool.keys().size(),
                locks.size() / (double) locks.pool.keys().size()};
    }

    /**
     * Which table a shape writes: 0 wd_items, 1 wd_parts, 2 wd_locked, drawn with the given weights, tilted towards
     * the emptier tables when adding rows and the fuller ones when removing, so that no table fills up or empties.
     */
    int table(boolean adding, double itemsWeight, double partsWeight, double locksWeight) {
        double[] f = fill();
        double[] w = {itemsWeight, partsWeight, locksWeight};
        double total = 0;
        for (int i = 0; i < 3; i++) {
            double tilt = Math.max(0.05, adding ? 1 - f[i] : f[i]);
            w[i] *= tilt * tilt;
            total += w[i];
        }
        double r = rnd.nextDouble() * total;
        for (int i = 0; i < 3; i++) {
            r -= w[i];
            if (r < 0) {
                return i;
            }
        }
        return 0;
    }

    /** An item key for a part: any key of the pool on the confined shard. */
    long anyItemKey() {
        return pick(shard == null ? items.pool.keys() : items.pool.onShard(shard));
    }

    String freshCode() {
        List<String> free = new ArrayList<>();
        for (String c : WriteSchema.CODE_WORDS) {
            if (!codes.contains(c)) {
                free.add(c);
            }
        }
        return free.isEmpty() ? null : pick(free);
    }

    String existingCode() {
        List<String> have = new ArrayList<>(codes);
        return have.isEmpty() ? null : pick(have);
    }
}
