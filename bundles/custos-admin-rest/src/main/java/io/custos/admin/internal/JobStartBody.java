package io.custos.admin.internal;

/**
 * The body of {@code POST /api/jobs}.
 *
 * @param keyId    the data key whose values move to its current version
 * @param reason   why, 1..500 characters (audited)
 * @param throttle the most rows per second, 0 or absent for no limit
 */
public record JobStartBody(Long keyId, String reason, Long throttle) {
}
