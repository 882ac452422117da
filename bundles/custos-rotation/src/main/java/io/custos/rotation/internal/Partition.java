package io.custos.rotation.internal;

/**
 * One partition's row in {@code custos_rotation_part}: an id range {@code (lo, hi]} of one table ({@code null}
 * bounds are open), the last id whose chunk committed, and whether the range is exhausted.
 */
public record Partition(String jobId, int partNo, String table, Long lo, Long hi, Long lastId, boolean done) {

    /** Where reading resumes: after the last committed id, else after the lower bound. */
    public long resumeAfter() {
        return lastId != null ? lastId : lo != null ? lo : Long.MIN_VALUE;
    }
}
