package io.custos.admin.spi;

import java.time.Instant;

/**
 * The progress of one re-encryption job, as the console shows it.
 *
 * @param jobId        the job's id
 * @param keyId        the key being re-encrypted to its current version
 * @param state        {@code QUEUED}, {@code RUNNING}, {@code PAUSED}, {@code COMPLETED}, {@code FAILED} or
 *                     {@code CANCELLED}
 * @param processed    rows done so far
 * @param total        rows to do, or {@code -1} while unknown
 * @param startedBy    the principal who started it
 * @param startedAt    when
 * @param updatedAt    the last progress report
 * @param message      a numbered message when it failed, else {@code null}
 * @param requested    what was last asked: {@code RUN}, {@code PAUSE} or {@code CANCEL}
 * @param throttle     the most rows per second, 0 for no limit
 * @param rate         rows per second of the current or last execution
 * @param rowsLeft     rows still to examine, or {@code -1} while unknown
 * @param secondsLeft  the time left at the current rate, or {@code -1} when it cannot be told
 * @param rewritten    values moved to the current version
 * @param casMisses    rows a business write changed first (left to the business write)
 * @param failedValues values left unchanged because they could not be read
 */
public record JobStatus(String jobId, long keyId, String state, long processed, long total, String startedBy,
                        Instant startedAt, Instant updatedAt, String message, String requested, long throttle,
                        double rate, long rowsLeft, long secondsLeft, long rewritten, long casMisses,
                        long failedValues) {

    /** A status with progress counts only. */
    public JobStatus(String jobId, long keyId, String state, long processed, long total, String startedBy,
                     Instant startedAt, Instant updatedAt, String message) {
        this(jobId, keyId, state, processed, total, startedBy, startedAt, updatedAt, message, "RUN", 0, 0,
                total < 0 ? -1 : Math.max(0, total - processed), -1, 0, 0, 0);
    }
}
