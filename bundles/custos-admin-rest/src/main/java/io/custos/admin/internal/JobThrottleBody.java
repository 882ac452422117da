package io.custos.admin.internal;

/**
 * The body of {@code POST /api/jobs/{id}/throttle}.
 *
 * @param rowsPerSecond the most rows per second over all partitions, 0 for no limit, at most
 *                      {@value JobsResource#MAX_THROTTLE}
 */
public record JobThrottleBody(Long rowsPerSecond) {
}
