package io.shardedjdbc.itest.demo;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** What one workload run measured: latencies, failures and empty point reads per operation type. */
public final class WorkloadResult {
    private final Map<Operation, LatencyRecorder> latencies = new EnumMap<>(Operation.class);
    private final Map<Operation, Long> errors = new EnumMap<>(Operation.class);
    private final Map<Operation, Long> emptyReads = new EnumMap<>(Operation.class);
    private long elapsedNanos;
    private String firstError;

    WorkloadResult() {
        for (Operation op : Operation.values()) {
            latencies.put(op, new LatencyRecorder());
            errors.put(op, 0L);
            emptyReads.put(op, 0L);
        }
    }

    void merge(WorkloadResult worker) {
        for (Operation op : Operation.values()) {
            latencies.get(op).merge(worker.latencies.get(op));
            errors.merge(op, worker.errors.get(op), Long::sum);
            emptyReads.merge(op, worker.emptyReads.get(op), Long::sum);
        }
        if (firstError == null) {
            firstError = worker.firstError;
        }
    }

    void recordSuccess(Operation op, long nanos, boolean found) {
        latencies.get(op).record(nanos);
        if (!found) {
            emptyReads.merge(op, 1L, Long::sum);
        }
    }

    void recordError(Operation op, Exception e) {
        errors.merge(op, 1L, Long::sum);
        if (firstError == null) {
            firstError = op.label() + ": " + e.getMessage();
        }
    }

    void elapsedNanos(long nanos) {
        this.elapsedNanos = nanos;
    }

    public LatencyRecorder latency(Operation op) {
        return latencies.get(op);
    }

    public Map<Operation, Long> errors() {
        return Collections.unmodifiableMap(errors);
    }

    public Map<Operation, Long> emptyReads() {
        return Collections.unmodifiableMap(emptyReads);
    }

    /** The message of the first failed operation, or null. */
    public String firstError() {
        return firstError;
    }

    public long totalOperations() {
        return latencies.values().stream().mapToLong(LatencyRecorder::count).sum();
    }

    public long totalErrors() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public LatencyRecorder overall() {
        LatencyRecorder all = new LatencyRecorder();
        latencies.values().forEach(all::merge);
        return all;
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    /** Successful operations per second. */
    public double throughput() {
        return elapsedNanos == 0 ? 0 : totalOperations() / seconds();
    }
}
