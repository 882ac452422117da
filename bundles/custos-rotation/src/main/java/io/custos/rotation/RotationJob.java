package io.custos.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One re-encryption job as the control table holds it.
 *
 * <h2>Security guarantees</h2>
 * Ids, names, counts and numbered messages only.
 *
 * @param jobId        the job's id
 * @param keyId        the data key whose values move to its current version
 * @param reason       why it was started (audit)
 * @param requested    what the operator asked for
 * @param state        where it is
 * @param throttle     the most rows per second over all partitions, 0 for no limit
 * @param total        rows of the affected tables when the job was planned, -1 before
 * @param processed    rows examined so far
 * @param rewritten    values moved to the current version (or encrypted from legacy plaintext)
 * @param casMisses    rows a business write changed again every time the job re-read them (left to the business
 *                     write and to lazy re-encryption)
 * @param failedValues values that could not be read and were left unchanged (CUSTOS-8007)
 * @param rate         rows per second of the current or last execution
 * @param startedBy    who started it
 * @param startedAt    when
 * @param updatedAt    the last change or progress report
 * @param message      a numbered message when it failed or values were left, else {@code null}
 * @param owner        the instance holding the lease, or {@code null}
 * @param leaseUntil   when that lease expires, or {@code null}
 */
public record RotationJob(String jobId, long keyId, String reason, RequestedState requested, JobState state,
                          long throttle, long total, long processed, long rewritten, long casMisses,
                          long failedValues, double rate, String startedBy, Instant startedAt, Instant updatedAt,
                          String message, String owner, Instant leaseUntil) {

    /** Rows still to examine, or -1 while the total is unknown. */
    public long rowsLeft() {
        return total < 0 ? -1 : Math.max(0, total - processed);
    }

    /** The time left at the current rate, or at the throttle where that is lower, if it can be told. */
    public Optional<Duration> timeLeft() {
        long left = rowsLeft();
        if (left < 0 || rate <= 0 || state != JobState.RUNNING) {
            return left == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        double speed = throttle > 0 ? Math.min(rate, throttle) : rate;
        return Optional.of(Duration.ofMillis((long) (left * 1000.0 / speed)));
    }
}
