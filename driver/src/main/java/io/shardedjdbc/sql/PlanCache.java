package io.shardedjdbc.sql;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bounded plan cache with approximate LRU eviction (CLOCK, a.k.a. second chance): a hit is one lock-free map
 * lookup plus a flag write; misses queue the key, and when the cache is full the oldest key whose flag is clear
 * is dropped (a set flag buys one more round). Statements an application keeps using stay; one-off texts leave.
 */
final class PlanCache {

    private static final class Entry {
        final StatementPlan plan;
        volatile boolean used;

        Entry(StatementPlan plan) {
            this.plan = plan;
        }
    }

    private final int capacity;
    private final ConcurrentHashMap<String, Entry> map;
    /** Keys in insertion order; guarded by itself. */
    private final ArrayDeque<String> clock = new ArrayDeque<>();

    PlanCache(int capacity) {
        this.capacity = capacity;
        this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1);
    }

    /** @return the cached plan (now marked used), or null */
    StatementPlan peek(String sql) {
        Entry e = map.get(sql);
        if (e == null) {
            return null;
        }
        if (!e.used) {
            e.used = true;
        }
        return e.plan;
    }

    StatementPlan get(String sql, Function<String, StatementPlan> compute) {
        StatementPlan cached = peek(sql);
        if (cached != null) {
            return cached;
        }
        if (capacity == 0) {
            return compute.apply(sql);
        }
        // Computed outside any lock: two threads missing on the same text both analyse it, one result wins.
        Entry fresh = new Entry(compute.apply(sql));
        Entry raced = map.putIfAbsent(sql, fresh);
        if (raced != null) {
            return raced.plan;
        }
        synchronized (clock) {
            clock.addLast(sql);
            while (clock.size() > capacity) {
                evictOne();
            }
        }
        return fresh.plan;
    }

    /** Puts a newer plan for a text the cache holds; a text it does not hold is left out (it was evicted). */
    void replace(String sql, StatementPlan plan) {
        map.computeIfPresent(sql, (k, e) -> new Entry(plan));
    }

    private void evictOne() {
        while (true) {
            String key = clock.pollFirst();
            Entry e = map.get(key);
            if (e != null && e.used) {
                e.used = false;
                clock.addLast(key);
            } else {
                map.remove(key);
                return;
            }
        }
    }

    int size() {
        return map.size();
    }

    boolean contains(String sql) {
        return map.containsKey(sql);
    }
}
