package io.custos.api;

/**
 * How a field is encrypted. The leakage of each mode is stated in {@code docs/ciphertext-format.md}.
 */
public enum EncryptionMode {
    /** AES-256-GCM with a fresh random nonce: equal values give unrelated ciphertexts. Not searchable. */
    RANDOMIZED,
    /**
     * AES-256-SIV (RFC 5297) under a key per tenant and column: equal values in one column give equal
     * ciphertexts, so plain JPQL equality works. Reveals equality and frequency within that column.
     */
    DETERMINISTIC
}
