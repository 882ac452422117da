package io.custos.admin.spi;

/**
 * What a re-encryption job should do.
 *
 * @param keyId    the data key whose rows move to its current version
 * @param reason   why (kept in the audit trail), 1..500 characters
 * @param throttle the most rows per second over all partitions, 0 for no limit
 */
public record JobRequest(long keyId, String reason, long throttle) {

    /** A request without a throttle. */
    public JobRequest(long keyId, String reason) {
        this(keyId, reason, 0);
    }
}
