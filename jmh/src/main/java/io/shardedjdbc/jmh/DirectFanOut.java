package io.shardedjdbc.jmh;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One read on every shard at once without the driver: the first shard on the calling thread, the others on a
 * fixed pool of threads (the driver splits its cross-shard reads the same way), each through its own connection
 * pool. What a fan-out costs when nothing but the parallel round trips is paid; and the same reads one after the
 * other, what a fan-out saves (or, with more servers than cores, costs).
 */
final class DirectFanOut implements AutoCloseable {

    /** One shard's part of the read. */
    @FunctionalInterface
    interface ShardRead<T> {
        T run(DataSource shard) throws SQLException;
    }

    private final List<? extends DataSource> shards;
    private final ExecutorService others;

    DirectFanOut(List<? extends DataSource> shards) {
        this.shards = List.copyOf(shards);
        AtomicInteger n = new AtomicInteger();
        this.others = Executors.newFixedThreadPool(Math.max(1, shards.size() - 1), r -> {
            Thread t = new Thread(r, "direct-fan-out-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Each shard's result, in shard order. */
    <T> List<T> onEveryShard(ShardRead<T> read) throws SQLException {
        List<Future<T>> pending = new ArrayList<>(shards.size() - 1);
        for (int s = 1; s < shards.size(); s++) {
            DataSource shard = shards.get(s);
            pending.add(others.submit(() -> read.run(shard)));
        }
        List<T> results = new ArrayList<>(shards.size());
        results.add(read.run(shards.get(0)));
        for (Future<T> f : pending) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException se) {
                    throw se;
                }
                throw new IllegalStateException("a shard's read failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the shards", e);
            }
        }
        return results;
    }

    /** Each shard's result, in shard order, one shard after the other on the calling thread. */
    <T> List<T> oneAfterAnother(ShardRead<T> read) throws SQLException {
        List<T> results = new ArrayList<>(shards.size());
        for (DataSource shard : shards) {
            results.add(read.run(shard));
        }
        return results;
    }

    @Override
    public void close() {
        others.shutdownNow();
    }
}
