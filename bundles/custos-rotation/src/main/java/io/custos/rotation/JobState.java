package io.custos.rotation;

/** Where a re-encryption job is. {@link #QUEUED}, {@link #RUNNING} and {@link #PAUSED} are live. */
public enum JobState {
    /** Waiting for an instance to claim it. */
    QUEUED,
    /** An instance holds its lease and runs it. */
    RUNNING,
    /** Stopped on request; resumes from its committed progress. */
    PAUSED,
    /** Every partition reached its end. */
    COMPLETED,
    /** Stopped by an error; the message says which. */
    FAILED,
    /** Stopped on request; rows already moved stay under the new version. */
    CANCELLED;

    /** Whether the job still holds its key (one live job per key). */
    public boolean live() {
        return this == QUEUED || this == RUNNING || this == PAUSED;
    }
}
