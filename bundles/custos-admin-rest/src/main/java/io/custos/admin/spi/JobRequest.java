package io.custos.admin.spi;

/**
 * What a re-encryption job should do.
 *
 * @param keyId  the data key whose rows move to its current version
 * @param reason why (kept in the audit trail), 1..500 characters
 */
public record JobRequest(long keyId, String reason) {
}
