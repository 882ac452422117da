package io.custos.rotation.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Counters of one execution on this instance: for the rate and for the failure message. Not authoritative. */
public final class ExecutionStats {
    private static final java.util.Map<String, ExecutionStats> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

    /** The counters of {@code jobId}'s execution in {@code env} on this instance. */
    public static ExecutionStats of(io.custos.rotation.RotationEnvironment env, String jobId) {
        return RUNNING.computeIfAbsent(env.name() + "/" + jobId, k -> new ExecutionStats(env.clock().millis()));
    }

    /** Forgets the counters of an ended execution. */
    public static void forget(io.custos.rotation.RotationEnvironment env, String jobId) {
        RUNNING.remove(env.name() + "/" + jobId);
    }

    private final long startedAt;
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong lastHeartbeat = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean leaseLost;
    private long paidUntil;
    private long paidRate = -1;

    public ExecutionStats(long startedAt) {
        this.startedAt = startedAt;
    }

    public void scanned(long rows) {
        scanned.addAndGet(rows);
    }

    /** Rows per second since this execution started. */
    public double rate(long now) {
        long ms = Math.max(1, now - startedAt);
        return scanned.get() * 1000.0 / ms;
    }

    /** True for at most one caller per {@code intervalMs}: heartbeats are shared by the partitions. */
    public boolean heartbeatDue(long now, long intervalMs) {
        long last = lastHeartbeat.get();
        return now - last >= intervalMs && lastHeartbeat.compareAndSet(last, now);
    }

    /**
     * The throttle, shared by every partition of the job on this instance: {@code rows} just committed at
     * {@code rate} rows per second (over all partitions) are paid for in turn, after the rows paid before them.
     * Returns the time until which the caller must wait; a changed rate starts afresh.
     */
    public synchronized long pay(long rows, long rate, long now) {
        if (rate != paidRate || paidUntil < now) {
            paidRate = rate;
            paidUntil = now;
        }
        paidUntil += Math.max(1, rows * 1000 / rate);
        return paidUntil;
    }

    /** Keeps the first failure: a numbered message without values. */
    public void failed(String message) {
        failure.compareAndSet(null, message);
    }

    public String failure() {
        return failure.get();
    }

    public void leaseLost() {
        leaseLost = true;
    }

    public boolean isLeaseLost() {
        return leaseLost;
    }
}
