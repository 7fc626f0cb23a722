package io.shardedjdbc.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks every node of a cluster on a fixed delay, on one small scheduler for the whole cluster (two threads, so one
 * hung server delays nobody else's check by more than the timeout). Each node's checks never overlap.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor scheduler;
    private final List<NodeProbe> probes = new ArrayList<>();
    private final int intervalMillis;

    /**
     * @param downAfter checks failed in a row after which a node counts as down
     */
    public HealthMonitor(List<Shard> shards, int intervalMillis, int timeoutMillis, int downAfter) {
        this.intervalMillis = intervalMillis;
        int id = CLUSTERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "sharded-jdbc-monitor-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        for (Shard shard : shards) {
            for (Node node : shard.nodes()) {
                probes.add(new NodeProbe(node, shard, timeoutMillis, downAfter));
            }
        }
    }

    /** Starts checking: primaries first, so the replicas' first checks already know how far behind they are. */
    public void start() {
        for (NodeProbe probe : probes) {
            scheduler.scheduleWithFixedDelay(probe::check, 0, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            // A check in flight ends within the timeout; its connection is closed after it.
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.forEach(NodeProbe::close);
    }
}
