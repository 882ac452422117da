package io.custos.crypto.internal;

/**
 * Names a value derived from a data key for one purpose and one place (tenant and column, or tenant and
 * pseudonym purpose): the cache key under {@link io.custos.spi.DataKey#derive}.
 */
record ColumnKeyId(String label, String tenant, String table, String column) {
}
