package io.custos.admin.spi;

import java.time.Instant;

/**
 * The progress of one re-encryption job, as the console shows it.
 *
 * @param jobId     the job's id
 * @param keyId     the key being re-encrypted to its current version
 * @param state     {@code STARTING}, {@code RUNNING}, {@code PAUSED}, {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
 * @param processed rows done so far
 * @param total     rows to do, or {@code -1} while unknown
 * @param startedBy the principal who started it
 * @param startedAt when
 * @param updatedAt the last progress report
 * @param message   a numbered message when it failed, else {@code null}
 */
public record JobStatus(String jobId, long keyId, String state, long processed, long total, String startedBy,
                        Instant startedAt, Instant updatedAt, String message) {
}
